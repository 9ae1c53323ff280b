/**
 * Readers shared by the gateway normalisers: an already-decoded payload (form fields or JSON)
 * to checked values. Every refusal is a validation DomainError naming the field (SECURITY
 * REL-4); nothing here throws anything else, whatever the input.
 */
import { invalid } from '../../errors';
import { SMS_LIMITS } from './types';

export type Payload = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a field without walking the prototype chain (`__proto__`, `constructor`). */
export const own = (payload: Payload, key: string): unknown => (Object.hasOwn(payload, key) ? payload[key] : undefined);

/**
 * The payload as a record of at most SMS_LIMITS.maxFields fields with short names. `kind`
 * 'form' also requires every value to be text (one value per name: a repeated form field is
 * refused rather than one of its values silently picked).
 */
export function readPayload(input: unknown, kind: 'form' | 'json', what: string): Payload {
  if (!isRecord(input)) throw invalid('sms.payload_invalid', `The ${what} payload must be ${kind === 'form' ? 'form fields' : 'a JSON object'}.`, 'body');
  const keys = Object.keys(input);
  if (keys.length > SMS_LIMITS.maxFields)
    throw invalid('sms.payload_too_large', `The ${what} payload has ${keys.length} fields; at most ${SMS_LIMITS.maxFields} are accepted.`, 'body');
  for (const key of keys) {
    if (key.length > SMS_LIMITS.maxKeyChars)
      throw invalid('sms.field_name_too_long', `A field name is longer than ${SMS_LIMITS.maxKeyChars} characters.`, 'body');
    if (kind === 'form') {
      const value = input[key];
      if (Array.isArray(value)) throw invalid('sms.field_repeated', `${key} must be sent once.`, key);
      if (typeof value !== 'string') throw invalid('sms.field_invalid', `${key} must be text.`, key);
    }
  }
  return input;
}

/** A field as text: strings as they are, finite numbers written out (JSON ids), else refused. */
function textOf(payload: Payload, field: string): string | undefined {
  const value = own(payload, field);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw invalid('sms.field_invalid', `${field} must be text.`, field);
}

/** The first of `fields` that is present (gateways renamed fields across versions). */
export function optionalText(payload: Payload, ...fields: string[]): { field: string; value: string } | undefined {
  for (const field of fields) {
    const value = textOf(payload, field);
    if (value !== undefined) return { field, value };
  }
  return undefined;
}

export function requiredText(payload: Payload, ...fields: string[]): { field: string; value: string } {
  const found = optionalText(payload, ...fields);
  if (found === undefined) throw invalid('sms.field_missing', `${fields[0]} is missing.`, fields[0]);
  return found;
}

const ID = /^[\x21-\x7e]+$/;

/** A gateway message id: printable ASCII without spaces, at most SMS_LIMITS.maxIdChars. */
export function readMessageId(value: string, field: string): string {
  const id = value.trim();
  if (id === '') throw invalid('sms.id_missing', `${field} is empty; it must be the gateway's message id.`, field);
  if (id.length > SMS_LIMITS.maxIdChars) throw invalid('sms.id_too_long', `${field} must be at most ${SMS_LIMITS.maxIdChars} characters.`, field);
  if (!ID.test(id)) throw invalid('sms.id_invalid', `${field} must be printable ASCII without spaces.`, field);
  return id;
}

/** C0 and C1 controls other than tab, line feed and carriage return; PostgreSQL text refuses NUL. */
const STRIPPED_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The message text, at most SMS_LIMITS.maxTextChars. Control characters a phone never types
 * are dropped and broken UTF-16 replaced by U+FFFD (the raw payload is kept encrypted, so
 * nothing is lost for evidence); an empty text is accepted (people send empty messages, and
 * the sender still gets an acknowledgement).
 */
export function readSmsText(value: string, field: string, maxChars: number = SMS_LIMITS.maxTextChars): string {
  if (value.length > maxChars) throw invalid('sms.text_too_long', `${field} is ${value.length} characters; at most ${maxChars} are accepted.`, field);
  return value.replace(STRIPPED_CONTROLS, '').replace(LONE_SURROGATE, '\ufffd');
}

/** A short gateway detail kept in `extras` (account ids, link ids, media URLs). */
export function readExtra(value: string, field: string): string {
  if (value.length > SMS_LIMITS.maxExtraChars) throw invalid('sms.field_too_long', `${field} must be at most ${SMS_LIMITS.maxExtraChars} characters.`, field);
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid('sms.field_invalid', `${field} must not contain control characters.`, field);
  return value;
}

/** Copies the listed optional details that are present into an extras record. */
export function readExtras(payload: Payload, names: Record<string, string>): Record<string, string> {
  const extras: Record<string, string> = {};
  for (const [field, name] of Object.entries(names)) {
    const found = optionalText(payload, field);
    if (found !== undefined && found.value !== '') extras[name] = readExtra(found.value, field);
  }
  return extras;
}

/** Earliest and latest instants a gateway timestamp may name (a sanity bound, not a freshness check). */
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_AHEAD_MS = 24 * 3600 * 1000;

function checkInstant(ms: number, field: string, nowMs: number): string {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > nowMs + MAX_AHEAD_MS)
    throw invalid('sms.timestamp_invalid', `${field} is not a plausible time (after 2000 and not more than a day ahead).`, field);
  return new Date(ms).toISOString();
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * A gateway date as ISO 8601 UTC: ISO 8601 with a zone, or 'YYYY-MM-DD HH:MM:SS' without one,
 * read as UTC (Vonage documents message-timestamp as UTC; Africa's Talking sends either form).
 */
export function readDateText(value: string, field: string, nowMs: number): string {
  const text = value.trim();
  if (text.length > 40) throw invalid('sms.timestamp_invalid', `${field} is not a date.`, field);
  const naive = NAIVE.exec(text);
  if (naive) {
    const [, y, mo, d, h, mi, s, frac] = naive;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number((frac ?? '0').padEnd(3, '0').slice(0, 3)));
    const back = new Date(ms);
    if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
      throw invalid('sms.timestamp_invalid', `${field} is not a valid date.`, field);
    return checkInstant(ms, field, nowMs);
  }
  if (!ISO_ZONED.test(text)) throw invalid('sms.timestamp_invalid', `${field} must be an ISO 8601 date or 'YYYY-MM-DD HH:MM:SS'.`, field);
  // Date.parse rolls 31 February over to March: check the calendar date itself.
  const [y, mo, d] = [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) throw invalid('sms.timestamp_invalid', `${field} is not a valid date.`, field);
  return checkInstant(Date.parse(text), field, nowMs);
}

/** Milliseconds (or seconds, when `unit` says so) since 1970 as text, to ISO 8601 UTC. */
export function readEpochText(value: string, field: string, nowMs: number, unit: 'ms' | 's'): string {
  const text = value.trim();
  if (!/^[0-9]{1,16}$/.test(text)) throw invalid('sms.timestamp_invalid', `${field} must be a number of ${unit === 'ms' ? 'milliseconds' : 'seconds'} since 1970.`, field);
  return checkInstant(Number(text) * (unit === 's' ? 1000 : 1), field, nowMs);
}

/** A whole number in [min, max] written as decimal digits. */
export function readCount(value: string, field: string, min: number, max: number): number {
  const text = value.trim();
  if (!/^[0-9]{1,6}$/.test(text)) throw invalid('sms.field_invalid', `${field} must be a whole number.`, field);
  const n = Number(text);
  if (n < min || n > max) throw invalid('sms.field_invalid', `${field} must be from ${min} to ${max}.`, field);
  return n;
}

export const serverTime = (nowMs: number): { receivedAt: string; receivedAtSource: 'server' } => ({
  receivedAt: new Date(nowMs).toISOString(),
  receivedAtSource: 'server',
});

/**
 * The shared secret a gateway presents in its payload (SMSSync, FrontlineSMS), or null when it
 * sent none. Only read here; the server compares it with the channel's in constant time (STO-1).
 */
export function readPresentedSecret(input: unknown, field = 'secret'): string | null {
  if (!isRecord(input)) return null;
  const value = own(input, field);
  if (typeof value !== 'string' || value === '') return null;
  if (value.length > 256) throw invalid('sms.secret_invalid', `${field} is too long.`, field);
  return value;
}
