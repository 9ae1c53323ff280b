/** SMSSync's Message Results API bodies: as the app sends them, as its page shows them, and junk (REL-4). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors';
import { thrownDomainError } from '../../domain-error.testing';
import { readSmsSyncQueued, readSmsSyncResults, SMSSYNC_MAX_REPORTED, smsSyncOutcome } from './smssync-results';

const A = 'aada21b0-0615-4957-bcb3-000000000001';
const B = '1ba368bd-c467-4374-bf28-000000000002';
const C = '95df126b-ee80-4175-a6fb-000000000003';
const D = '052bf515-ef6b-f424-c4ee-000000000004';

describe('POST ?task=sent', () => {
  it('reads queued_messages, lower case, once each, UUIDs only', () => {
    expect(readSmsSyncQueued({ queued_messages: [A, B.toUpperCase(), A, 'aada21b0-0615-4957-bcb3'] })).toEqual([A, B]);
    expect(readSmsSyncQueued({ queued_messages: [] })).toEqual([]);
  });

  it('refuses what is not a list of ids, naming the field', () => {
    expect(thrownDomainError(() => readSmsSyncQueued([A])).field).toBe('body');
    expect(thrownDomainError(() => readSmsSyncQueued({})).field).toBe('queued_messages');
    expect(thrownDomainError(() => readSmsSyncQueued({ queued_messages: A })).field).toBe('queued_messages');
    expect(thrownDomainError(() => readSmsSyncQueued({ queued_messages: [A, 7] })).field).toBe('queued_messages.1');
    expect(thrownDomainError(() => readSmsSyncQueued({ queued_messages: Array(SMSSYNC_MAX_REPORTED + 1).fill(A) })).code).toBe('smssync.report_too_large');
  });
});

describe('POST ?task=result', () => {
  it('reads the developer page’s example: failures by their code, 0 and -1 without a message as no report', () => {
    const reports = readSmsSyncResults({
      message_result: [
        { uuid: D, sent_result_code: 0, sent_result_message: 'SMSSync Message Sent', delivered_result_code: -1, delivered_result_message: '' },
        { uuid: A, sent_result_code: 0, sent_result_message: 'SMSSync Message Sent', delivered_result_code: 0, delivered_result_message: 'SMS Delivered' },
        { uuid: B, sent_result_code: 1, sent_result_message: 'Failed to send SMS - Maybe insufficient air time on the phone.', delivered_result_code: -1, delivered_result_message: '' },
        { uuid: C, sent_result_code: 4, sent_result_message: 'No service', delivered_result_code: -1, delivered_result_message: '' },
      ],
    });
    expect(reports).toEqual([
      { uuid: D, outcome: { kind: 'no_report' } },
      { uuid: A, outcome: { kind: 'no_report' } },
      { uuid: B, outcome: { kind: 'failed', reason: 'the SMSSync phone could not send it (generic failure)' } },
      { uuid: C, outcome: { kind: 'failed', reason: 'the SMSSync phone could not send it (no service)' } },
    ]);
  });

  it('reads what the app sends: the list as JSON text, -1 with "SMS delivered" as delivered', () => {
    const list = [
      { uuid: A, sent_result_code: -1, sent_result_message: 'SMS sent', delivered_result_code: -1, delivered_result_message: 'SMS delivered', sent_timestamp: 'Nov 22, 2026 10:00:00 AM' },
      { uuid: B, sent_result_message: 'SMS sent', delivered_result_code: 0, delivered_result_message: 'SMS not delivered' },
      { uuid: C, sent_result_code: 2, delivered_result_code: 0 },
    ];
    expect(readSmsSyncResults({ message_result: JSON.stringify(list) })).toEqual([
      { uuid: A, outcome: { kind: 'delivered' } },
      { uuid: B, outcome: { kind: 'no_report' } },
      { uuid: C, outcome: { kind: 'failed', reason: 'the SMSSync phone could not send it (radio off)' } },
    ]);
  });

  it('keeps the last entry for a message named twice, and drops entries naming no message of ours', () => {
    const reports = readSmsSyncResults({
      message_result: [
        { uuid: A, delivered_result_code: -1, delivered_result_message: '' },
        { uuid: 'not-ours', sent_result_code: 1 },
        { uuid: A.toUpperCase(), delivered_result_code: -1, delivered_result_message: 'SMS delivered' },
      ],
    });
    expect(reports).toEqual([{ uuid: A, outcome: { kind: 'delivered' } }]);
  });

  it('refuses malformed reports, naming the field', () => {
    const field = (body: unknown) => thrownDomainError(() => readSmsSyncResults(body)).field;
    expect(field('message_result')).toBe('body');
    expect(field({})).toBe('message_result');
    expect(field({ message_result: '[not json' })).toBe('message_result');
    expect(field({ message_result: '{"uuid":1}' })).toBe('message_result');
    expect(field({ message_result: [A] })).toBe('message_result.0');
    expect(field({ message_result: [{ uuid: 5 }] })).toBe('message_result.0.uuid');
    expect(field({ message_result: [{ uuid: A, sent_result_code: 'sent' }] })).toBe('message_result.0.sent_result_code');
    expect(field({ message_result: [{ uuid: A, delivered_result_code: 1.5 }] })).toBe('message_result.0.delivered_result_code');
    expect(field({ message_result: [{ uuid: A, delivered_result_message: ['x'] }] })).toBe('message_result.0.delivered_result_message');
  });

  it('never keeps the phone’s own words in a failure reason', () => {
    expect(smsSyncOutcome(17, null, '')).toEqual({ kind: 'failed', reason: 'the SMSSync phone could not send it (Android result 17)' });
  });
});

describe('on anything posted', () => {
  const answersOrRefuses = (read: (body: unknown) => unknown) => (body: unknown) => {
    try {
      read(body);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).category).toBe('validation');
      expect(typeof (error as DomainError).field).toBe('string');
    }
  };
  const uuidish = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.anything({ maxDepth: 1 }));
  const entry = fc.dictionary(
    fc.constantFrom('uuid', 'sent_result_code', 'sent_result_message', 'delivered_result_code', 'delivered_result_message', '__proto__', 'constructor'),
    fc.oneof(uuidish, fc.integer(), fc.double(), fc.constantFrom('-1', '0', '4', '', null)),
  );

  it('answers reports or a validation DomainError naming a field', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true }), answersOrRefuses(readSmsSyncResults)), { numRuns: 300 });
    fc.assert(fc.property(fc.array(entry, { maxLength: 8 }), (entries) => answersOrRefuses(readSmsSyncResults)({ message_result: entries })), { numRuns: 300 });
    fc.assert(fc.property(fc.array(entry, { maxLength: 8 }), (entries) => answersOrRefuses(readSmsSyncResults)({ message_result: JSON.stringify(entries) })), { numRuns: 200 });
  });

  it('answers uuids or a validation DomainError naming a field', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true }), answersOrRefuses(readSmsSyncQueued)), { numRuns: 300 });
    fc.assert(fc.property(fc.array(uuidish, { maxLength: 8 }), (items) => answersOrRefuses(readSmsSyncQueued)({ queued_messages: items })), { numRuns: 300 });
  });
});
