/**
 * Weft's generic JSON webhook, for gateways without a dedicated normaliser (a RapidPro or
 * Kannel relay, a modem script). The body is one JSON object:
 *
 *   { "id": "msg-123", "from": "+243812345678", "to": "+243990000000",
 *     "text": "...", "receivedAt": "2026-11-21T09:30:00Z" }
 *
 * `id`, `from` and `text` are required; `to` and `receivedAt` (ISO 8601 with a zone, or
 * milliseconds since 1970) optional. The request is signed: header X-Weft-Timestamp (seconds)
 * and X-Weft-Signature = hex HMAC-SHA256 of `<timestamp>.<raw body>` (signing.ts), checked by
 * the server before this runs. SECURITY REL-4.
 */
import { invalid } from '../../errors';
import { optionalText, own, readDateText, readEpochText, readMessageId, readPayload, readSmsText, requiredText, serverTime } from './fields';
import { readSmsAddress } from './phone';
import type { InboundSms, SmsContext } from './types';

export const GENERIC_WEBHOOK_FIELDS = ['id', 'from', 'to', 'text', 'receivedAt'] as const;

/** The generic webhook's JSON body (already parsed) to an InboundSms. Unknown fields are refused, so a typo is not silently lost. */
export function normaliseGenericSms(body: unknown, context: SmsContext): InboundSms {
  const payload = readPayload(body, 'json', 'webhook');
  for (const key of Object.keys(payload))
    if (!(GENERIC_WEBHOOK_FIELDS as readonly string[]).includes(key))
      throw invalid('sms.field_unknown', `${key.slice(0, 64)} is not a field of the webhook; send ${GENERIC_WEBHOOK_FIELDS.join(', ')}.`, key.slice(0, 64));
  const id = requiredText(payload, 'id');
  const from = requiredText(payload, 'from');
  const text = requiredText(payload, 'text');
  const to = optionalText(payload, 'to');
  const received = own(payload, 'receivedAt');
  let time: Pick<InboundSms, 'receivedAt' | 'receivedAtSource'> = serverTime(context.nowMs);
  if (typeof received === 'number') time = { receivedAt: readEpochText(Number.isSafeInteger(received) && received >= 0 ? String(received) : 'x', 'receivedAt', context.nowMs, 'ms'), receivedAtSource: 'gateway' };
  else if (typeof received === 'string' && received !== '') time = { receivedAt: readDateText(received, 'receivedAt', context.nowMs), receivedAtSource: 'gateway' };
  else if (received !== undefined && received !== null && received !== '') throw invalid('sms.timestamp_invalid', 'receivedAt must be an ISO 8601 date or milliseconds since 1970.', 'receivedAt');
  return {
    provider: 'generic',
    providerMessageId: readMessageId(id.value, 'id'),
    from: readSmsAddress(from.value, 'from', context),
    to: to === undefined || to.value.trim() === '' ? null : readSmsAddress(to.value, 'to', context),
    text: readSmsText(text.value, 'text'),
    ...time,
    extras: {},
  };
}
