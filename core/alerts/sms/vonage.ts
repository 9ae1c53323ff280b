/**
 * Vonage (formerly Nexmo) SMS API inbound webhook: GET query or POST form (or JSON, when the
 * account says so) with msisdn (sender, international without +), to, messageId, text, type
 * (text | unicode | binary), keyword, message-timestamp ('YYYY-MM-DD HH:MM:SS', UTC), and for
 * long messages delivered in fragments concat=true, concat-ref, concat-total, concat-part.
 * Signed webhooks add timestamp, nonce and sig (see signing.ts). SECURITY REL-4.
 */
import { invalid } from '../../errors';
import { optionalText, readCount, readDateText, readExtras, readMessageId, readPayload, readSmsText, requiredText, serverTime } from './fields';
import { readSmsAddress } from './phone';
import { SMS_LIMITS, type InboundSms, type SmsContext, type SmsPart } from './types';

/** Vonage's inbound SMS fields (query, form or JSON, already decoded) to an InboundSms. */
export function normaliseVonageSms(input: unknown, context: SmsContext): InboundSms {
  const payload = readPayload(input, 'json', 'Vonage');
  const type = optionalText(payload, 'type');
  if (type !== undefined && type.value !== 'text' && type.value !== 'unicode')
    throw invalid('sms.unsupported_type', `type must be text or unicode; ${type.value.slice(0, 20)} messages are not accepted.`, 'type');
  const id = requiredText(payload, 'messageId', 'message-id');
  const from = requiredText(payload, 'msisdn');
  const to = requiredText(payload, 'to');
  const text = requiredText(payload, 'text');
  const timestamp = optionalText(payload, 'message-timestamp');
  const sms: InboundSms = {
    provider: 'vonage',
    providerMessageId: readMessageId(id.value, id.field),
    from: readSmsAddress(from.value, 'msisdn', { ...context, internationalWithoutPlus: true }),
    to: readSmsAddress(to.value, 'to', { ...context, internationalWithoutPlus: true }),
    text: readSmsText(text.value, 'text'),
    ...(timestamp === undefined || timestamp.value === ''
      ? serverTime(context.nowMs)
      : { receivedAt: readDateText(timestamp.value, 'message-timestamp', context.nowMs), receivedAtSource: 'gateway' as const }),
    extras: readExtras(payload, { keyword: 'keyword', 'api-key': 'apiKey' }),
  };
  const parts = readConcatParts(payload);
  if (parts) sms.parts = parts;
  return sms;
}

function readConcatParts(payload: Readonly<Record<string, unknown>>): SmsPart | undefined {
  const concat = optionalText(payload, 'concat');
  const reference = optionalText(payload, 'concat-ref');
  if ((concat === undefined || concat.value !== 'true') && reference === undefined) return undefined;
  if (reference === undefined) throw invalid('sms.field_missing', 'concat-ref is missing (concat is true).', 'concat-ref');
  const total = readCount(requiredText(payload, 'concat-total').value, 'concat-total', 2, SMS_LIMITS.maxConcatParts);
  const index = readCount(requiredText(payload, 'concat-part').value, 'concat-part', 1, SMS_LIMITS.maxConcatParts);
  if (index > total) throw invalid('sms.field_invalid', 'concat-part must not be greater than concat-total.', 'concat-part');
  return { reference: readMessageId(reference.value, 'concat-ref'), total, index };
}
