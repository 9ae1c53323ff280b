/**
 * Messages the gateway delivered in fragments (Vonage concat-ref/-total/-part) joined back into
 * one, and the deduplication key for gateways that send no message id. Pure: the server keeps
 * the fragments until `joinSmsParts` answers a whole message. SECURITY REL-4 (the joined text
 * obeys the same limit as any message), REL-2 (one alert per message, however often delivered).
 */
import { invalid } from '../../errors';
import { SMS_LIMITS, type InboundSms } from './types';

/**
 * The whole message once every fragment has arrived, else null. Fragments must share provider,
 * sender and reference; a repeated fragment (a gateway retry) counts once.
 */
export function joinSmsParts(fragments: readonly InboundSms[]): InboundSms | null {
  const first = fragments[0];
  if (first?.parts === undefined) throw invalid('sms.parts_invalid', 'Only fragments of a concatenated message can be joined.', 'parts');
  const { reference, total } = first.parts;
  const byIndex = new Map<number, InboundSms>();
  for (const fragment of fragments) {
    const parts = fragment.parts;
    if (parts === undefined || parts.reference !== reference || parts.total !== total || fragment.provider !== first.provider || fragment.from.raw !== first.from.raw)
      throw invalid('sms.parts_invalid', 'The fragments do not belong to one message.', 'parts');
    if (!byIndex.has(parts.index)) byIndex.set(parts.index, fragment);
  }
  if (byIndex.size < total) return null;
  const ordered = Array.from({ length: total }, (_, i) => byIndex.get(i + 1)!);
  const text = ordered.map((fragment) => fragment.text).join('');
  if (text.length > SMS_LIMITS.maxTextChars)
    throw invalid('sms.text_too_long', `The joined message is ${text.length} characters; at most ${SMS_LIMITS.maxTextChars} are accepted.`, 'text');
  const last = ordered.reduce((a, b) => (b.receivedAt > a.receivedAt ? b : a));
  const { parts: _parts, ...head } = ordered[0]!;
  return {
    ...head,
    text,
    receivedAt: last.receivedAt,
    receivedAtSource: last.receivedAtSource,
    extras: { ...head.extras, concatReference: reference, partIds: ordered.map((fragment) => fragment.providerMessageId ?? '').join(',') },
  };
}

/**
 * The text the server hashes (keyed, like sender numbers) to deduplicate a message whose
 * gateway sent no id: provider, sender, the gateway's own time and the text. Null when the
 * gateway sent no time either, since the server's clock differs on every retry.
 */
export function fallbackDedupeKey(sms: InboundSms): string | null {
  if (sms.providerMessageId !== null) return `${sms.provider}\u0000id\u0000${sms.providerMessageId}`;
  if (sms.receivedAtSource !== 'gateway') return null;
  return [sms.provider, 'content', sms.from.e164 ?? sms.from.raw, sms.receivedAt, sms.text].join('\u0000');
}
