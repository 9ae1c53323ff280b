/**
 * Africa's Talking incoming-message callback: a POST form with from (+2547...), to (short code
 * or long number), text, date (ISO 8601 or 'YYYY-MM-DD HH:MM:SS'), id, linkId (present for
 * premium/on-demand messages, needed to reply inside the session), networkCode. Field names per
 * SMS-PAYLOAD-NOTES.md. Africa's Talking signs nothing: the server guards the callback URL with
 * a per-channel secret path or token. SECURITY REL-4.
 */
import { optionalText, readDateText, readExtras, readMessageId, readPayload, readSmsText, requiredText, serverTime } from './fields';
import { readSmsAddress } from './phone';
import type { InboundSms, SmsContext } from './types';

/** Africa's Talking's callback fields (already form-decoded) to an InboundSms. */
export function normaliseAfricasTalkingSms(fields: unknown, context: SmsContext): InboundSms {
  const payload = readPayload(fields, 'form', "Africa's Talking");
  const id = requiredText(payload, 'id');
  const from = requiredText(payload, 'from');
  const to = requiredText(payload, 'to');
  const text = requiredText(payload, 'text');
  const date = optionalText(payload, 'date');
  return {
    provider: 'africas_talking',
    providerMessageId: readMessageId(id.value, 'id'),
    from: readSmsAddress(from.value, 'from', context),
    to: readSmsAddress(to.value, 'to', context),
    text: readSmsText(text.value, 'text'),
    ...(date === undefined || date.value === ''
      ? serverTime(context.nowMs)
      : { receivedAt: readDateText(date.value, 'date', context.nowMs), receivedAtSource: 'gateway' as const }),
    extras: readExtras(payload, { linkId: 'linkId', networkCode: 'networkCode' }),
  };
}
