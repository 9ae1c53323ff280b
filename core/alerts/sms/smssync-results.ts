/**
 * SMSSync's Message Results API (the app's "Message Results API" and "SMS delivery report"
 * settings, v2.7 and later), as its ProcessMessageResult sends it and its developer page
 * documents it:
 * - POST {sync URL}?task=sent, JSON {"queued_messages": [uuid, ...]}: the messages the phone
 *   took from a task poll. The server answers {"message_uuids": [...]}, those it stands by,
 *   and the phone sends only those. The app appends no secret to this request.
 * - GET {sync URL}?task=result&secret=…: the server answers {"message_uuids": [...]}, the
 *   messages it wants reports on.
 * - POST {sync URL}?task=result&secret=…, JSON {"message_result": [...]}, each {uuid,
 *   sent_result_code, sent_result_message, delivered_result_code, delivered_result_message}.
 *   The app writes the array as a JSON text inside the JSON; the page shows it as an array.
 *   Both are read.
 *
 * The codes are Android's. sent_result_code: 1 generic failure, 2 radio off, 3 no PDU, 4 no
 * service (any positive code is a failure); -1 (RESULT_OK) or 0 is sent. delivered_result_code:
 * the app sends -1 (RESULT_OK) with "SMS delivered" and 0 (RESULT_CANCELED) with "SMS not
 * delivered", while the developer page's example uses 0 for delivered and -1 with an empty
 * message for "no report yet". So a message is taken as delivered only on -1 with a result
 * message (the app's own form); 0 says nothing certain and leaves the message as sent.
 *
 * Refusals are validation DomainErrors naming the field (SECURITY REL-4).
 */
import { invalid } from '../../errors';

/** The most messages one report or acknowledgement names (a poll hands out at most a few dozen). */
export const SMSSYNC_MAX_REPORTED = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const own = (record: Record<string, unknown>, key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);

/** What a report says of one message. */
export type SmsSyncOutcome = { kind: 'delivered' } | { kind: 'failed'; reason: string } | { kind: 'no_report' };

export interface SmsSyncReport {
  /** Lower case; only UUIDs are kept (Weft's outbox ids): anything else is no message of ours. */
  uuid: string;
  outcome: SmsSyncOutcome;
}

const SEND_FAILURES: Record<number, string> = {
  1: 'generic failure',
  2: 'radio off',
  3: 'no PDU',
  4: 'no service',
};

/** The reason kept in the outbox for a message the phone could not send: the code's meaning, never its text (the phone's words). */
export function sendFailureReason(code: number): string {
  return `the SMSSync phone could not send it (${SEND_FAILURES[code] ?? `Android result ${code}`})`;
}

/** `value` as a list of at most SMSSYNC_MAX_REPORTED items, also from a JSON text of one. */
function readList(value: unknown, field: string): unknown[] {
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value) as unknown;
    } catch {
      throw invalid('smssync.report_invalid', `${field} must be a list, or the JSON text of one.`, field);
    }
  }
  if (!Array.isArray(list)) throw invalid('smssync.report_invalid', `${field} must be a list, or the JSON text of one.`, field);
  if (list.length > SMSSYNC_MAX_REPORTED) throw invalid('smssync.report_too_large', `${field} names ${list.length} messages; at most ${SMSSYNC_MAX_REPORTED} at a time.`, field);
  return list;
}

function readUuid(value: unknown, field: string): string | null {
  if (typeof value !== 'string' || value.length > 100) throw invalid('smssync.uuid_invalid', `${field} must be the uuid of a message.`, field);
  return UUID.test(value) ? value.toLowerCase() : null;
}

/** A code as Gson writes an int; numeric text is taken too. Absent: null. */
function readCode(record: Record<string, unknown>, key: string, field: string): number | null {
  const value = own(record, key);
  if (value === undefined || value === null || value === '') return null;
  const code = typeof value === 'string' && /^-?[0-9]{1,6}$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof code !== 'number' || !Number.isInteger(code) || Math.abs(code) > 999_999) throw invalid('smssync.code_invalid', `${field}.${key} must be a whole number.`, `${field}.${key}`);
  return code;
}

/** The uuids of POST ?task=sent ({"queued_messages": [...]}), lower case, UUIDs only, each once. */
export function readSmsSyncQueued(body: unknown): string[] {
  if (!isRecord(body)) throw invalid('smssync.report_invalid', 'The body must be a JSON object with queued_messages.', 'body');
  const value = own(body, 'queued_messages');
  if (value === undefined) throw invalid('smssync.report_invalid', 'queued_messages is missing.', 'queued_messages');
  const uuids = readList(value, 'queued_messages').map((item, index) => readUuid(item, `queued_messages.${index}`));
  return [...new Set(uuids.filter((uuid): uuid is string => uuid !== null))];
}

/** The outcome of one message_result entry (see the codes above). */
export function smsSyncOutcome(sentCode: number | null, deliveredCode: number | null, deliveredMessage: string): SmsSyncOutcome {
  if (sentCode !== null && sentCode > 0) return { kind: 'failed', reason: sendFailureReason(sentCode) };
  if (deliveredCode === -1 && deliveredMessage.trim() !== '') return { kind: 'delivered' };
  return { kind: 'no_report' };
}

/** The reports of POST ?task=result ({"message_result": [...]}); entries naming no UUID are dropped. */
export function readSmsSyncResults(body: unknown): SmsSyncReport[] {
  if (!isRecord(body)) throw invalid('smssync.report_invalid', 'The body must be a JSON object with message_result.', 'body');
  const value = own(body, 'message_result');
  if (value === undefined) throw invalid('smssync.report_invalid', 'message_result is missing.', 'message_result');
  const reports = new Map<string, SmsSyncReport>();
  readList(value, 'message_result').forEach((entry, index) => {
    const field = `message_result.${index}`;
    if (!isRecord(entry)) throw invalid('smssync.report_invalid', `${field} must be an object with uuid and result codes.`, field);
    const uuid = readUuid(own(entry, 'uuid'), `${field}.uuid`);
    const sentCode = readCode(entry, 'sent_result_code', field);
    const deliveredCode = readCode(entry, 'delivered_result_code', field);
    const message = own(entry, 'delivered_result_message');
    if (message !== undefined && message !== null && typeof message !== 'string')
      throw invalid('smssync.report_invalid', `${field}.delivered_result_message must be text.`, `${field}.delivered_result_message`);
    // A later entry for the same message wins: the phone lists its newest knowledge last.
    if (uuid !== null) reports.set(uuid, { uuid, outcome: smsSyncOutcome(sentCode, deliveredCode, typeof message === 'string' ? message : '') });
  });
  return [...reports.values()];
}
