import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { context, vonageFields } from './test-payloads';
import { normaliseVonageSms } from './vonage';

describe('normaliseVonageSms', () => {
  it('reads the inbound fields, msisdn as international without +', () => {
    const sms = normaliseVonageSms(vonageFields(), context);
    expect(sms).toMatchObject({
      provider: 'vonage',
      providerMessageId: '0A0000000123ABCD1',
      from: { raw: '447700900001', e164: '+447700900001' },
      to: { raw: '447700900999', e164: '+447700900999' },
      text: 'Hello from the hills',
      receivedAt: '2026-11-21T09:29:58.000Z',
      receivedAtSource: 'gateway',
      extras: { keyword: 'HELLO', apiKey: 'abcd1234' },
    });
    expect(sms.parts).toBeUndefined();
  });

  it('reads the fragments of a concatenated message', () => {
    const sms = normaliseVonageSms({ ...vonageFields(), concat: 'true', 'concat-ref': '108', 'concat-total': '3', 'concat-part': '2' }, context);
    expect(sms.parts).toEqual({ reference: '108', total: 3, index: 2 });
  });

  it('accepts unicode messages and JSON numbers', () => {
    expect(normaliseVonageSms({ ...vonageFields(), type: 'unicode', text: 'Шумно' }, context).text).toBe('Шумно');
  });

  it('refuses binary messages, missing and bad fields', () => {
    expect(thrownDomainError(() => normaliseVonageSms({ ...vonageFields(), type: 'binary' }, context)).code).toBe('sms.unsupported_type');
    for (const name of ['msisdn', 'to', 'text', 'messageId']) {
      const fields: Record<string, string> = vonageFields();
      delete fields[name];
      expect(thrownDomainError(() => normaliseVonageSms(fields, context))).toMatchObject({ code: 'sms.field_missing', field: name });
    }
    expect(thrownDomainError(() => normaliseVonageSms({ ...vonageFields(), 'message-timestamp': '2026-02-30 10:00:00' }, context)).field).toBe('message-timestamp');
    expect(thrownDomainError(() => normaliseVonageSms({ ...vonageFields(), 'message-timestamp': '2036-01-01 10:00:00' }, context)).code).toBe('sms.timestamp_invalid');
    expect(thrownDomainError(() => normaliseVonageSms({ ...vonageFields(), concat: 'true', 'concat-total': '2', 'concat-part': '1' }, context)).field).toBe('concat-ref');
    expect(thrownDomainError(() => normaliseVonageSms({ ...vonageFields(), 'concat-ref': '1', 'concat-total': '2', 'concat-part': '3' }, context)).field).toBe('concat-part');
    expect(thrownDomainError(() => normaliseVonageSms({ ...vonageFields(), 'concat-ref': '1', 'concat-total': '999', 'concat-part': '1' }, context)).field).toBe('concat-total');
    expect(thrownDomainError(() => normaliseVonageSms({ ...vonageFields(), text: { nested: true } }, context)).field).toBe('text');
  });
});
