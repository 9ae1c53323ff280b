/**
 * SMSSync (Ushahidi's Android SMS gateway app): a POST form with from, message, message_id,
 * sent_to, secret, sent_timestamp (milliseconds since 1970), device_id (fields read by
 * ushahidi/platform's SMSSync controller; SMS-PAYLOAD-NOTES.md). Old builds send no message_id:
 * then providerMessageId is null and the server dedupes on `fallbackDedupeKey`. The secret is
 * read by `readPresentedSecret` and compared by the server. SECURITY REL-4.
 */
import { optionalText, readDateText, readEpochText, readExtras, readMessageId, readPayload, readSmsText, requiredText, serverTime } from './fields';
import { readSmsAddress } from './phone';
import type { InboundSms, SmsContext } from './types';

/** The phone's clock: milliseconds since 1970 (seconds from very old builds), or a date text. */
export function readPhoneTimestamp(value: string, field: string, nowMs: number): string {
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return readEpochText(text, field, nowMs, text.length <= 11 ? 's' : 'ms');
  return readDateText(text, field, nowMs);
}

/** SMSSync's form fields (already decoded) to an InboundSms. */
export function normaliseSmsSyncSms(fields: unknown, context: SmsContext): InboundSms {
  const payload = readPayload(fields, 'form', 'SMSSync');
  const from = requiredText(payload, 'from');
  const message = requiredText(payload, 'message');
  const id = optionalText(payload, 'message_id');
  const sentTo = optionalText(payload, 'sent_to');
  const timestamp = optionalText(payload, 'sent_timestamp');
  return {
    provider: 'smssync',
    providerMessageId: id === undefined || id.value.trim() === '' ? null : readMessageId(id.value, 'message_id'),
    from: readSmsAddress(from.value, 'from', context),
    to: sentTo === undefined || sentTo.value.trim() === '' ? null : readSmsAddress(sentTo.value, 'sent_to', context),
    text: readSmsText(message.value, 'message'),
    ...(timestamp === undefined || timestamp.value.trim() === ''
      ? serverTime(context.nowMs)
      : { receivedAt: readPhoneTimestamp(timestamp.value, 'sent_timestamp', context.nowMs), receivedAtSource: 'gateway' as const }),
    extras: readExtras(payload, { device_id: 'deviceId' }),
  };
}
