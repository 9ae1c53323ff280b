/**
 * FrontlineSMS (desktop and Cloud) web connection / webhook: a POST, form or JSON, with secret,
 * from, message (fields ushahidi/platform's FrontlineSMS data source reads; SMS-PAYLOAD-NOTES.md),
 * and optionally an id and a sent_timestamp or date when the web connection is configured to send
 * them. The secret is read by `readPresentedSecret` and compared by the server. SECURITY REL-4.
 */
import { optionalText, readExtras, readMessageId, readPayload, readSmsText, requiredText, serverTime } from './fields';
import { readSmsAddress } from './phone';
import { readPhoneTimestamp } from './smssync';
import type { InboundSms, SmsContext } from './types';

/** FrontlineSMS's fields (form or JSON, already decoded) to an InboundSms. */
export function normaliseFrontlineSms(input: unknown, context: SmsContext): InboundSms {
  const payload = readPayload(input, 'json', 'FrontlineSMS');
  const from = requiredText(payload, 'from');
  const message = requiredText(payload, 'message', 'text');
  const id = optionalText(payload, 'id', 'message_id');
  const to = optionalText(payload, 'to', 'sent_to');
  const timestamp = optionalText(payload, 'sent_timestamp', 'date');
  return {
    provider: 'frontline_sms',
    providerMessageId: id === undefined || id.value.trim() === '' ? null : readMessageId(id.value, id.field),
    from: readSmsAddress(from.value, 'from', context),
    to: to === undefined || to.value.trim() === '' ? null : readSmsAddress(to.value, to.field, context),
    text: readSmsText(message.value, message.field),
    ...(timestamp === undefined || timestamp.value.trim() === ''
      ? serverTime(context.nowMs)
      : { receivedAt: readPhoneTimestamp(timestamp.value, timestamp.field, context.nowMs), receivedAtSource: 'gateway' as const }),
    extras: readExtras(payload, { device_id: 'deviceId' }),
  };
}
