import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { normaliseAfricasTalkingSms } from './africas-talking';
import { africasTalkingFields, context } from './test-payloads';

describe('normaliseAfricasTalkingSms', () => {
  it('reads the callback fields; a short code has no E.164 form', () => {
    expect(normaliseAfricasTalkingSms(africasTalkingFields(), context)).toEqual({
      provider: 'africas_talking',
      providerMessageId: 'ATXid_0f0e0d0c0b0a09080706050403020100',
      from: { raw: '+254700000002', e164: '+254700000002' },
      to: { raw: '21525', e164: null },
      text: 'Alerte: enlèvement signalé',
      receivedAt: '2026-11-21T09:29:00.000Z',
      receivedAtSource: 'gateway',
      extras: { linkId: 'SampleLinkId123', networkCode: '63902' },
    });
  });

  it("reads 'YYYY-MM-DD HH:MM:SS' dates as UTC", () => {
    expect(normaliseAfricasTalkingSms({ ...africasTalkingFields(), date: '2026-11-21 09:00:01' }, context).receivedAt).toBe('2026-11-21T09:00:01.000Z');
  });

  it('refuses missing and bad fields, naming them', () => {
    for (const name of ['id', 'from', 'to', 'text']) {
      const fields: Record<string, string> = africasTalkingFields();
      delete fields[name];
      expect(thrownDomainError(() => normaliseAfricasTalkingSms(fields, context))).toMatchObject({ code: 'sms.field_missing', field: name });
    }
    expect(thrownDomainError(() => normaliseAfricasTalkingSms({ ...africasTalkingFields(), date: 'yesterday' }, context)).field).toBe('date');
    expect(thrownDomainError(() => normaliseAfricasTalkingSms({ ...africasTalkingFields(), date: '2026-02-31T10:00:00Z' }, context)).field).toBe('date');
    expect(thrownDomainError(() => normaliseAfricasTalkingSms({ ...africasTalkingFields(), from: '+2547\u0000' }, context)).code).toBe('sms.address_invalid');
    expect(thrownDomainError(() => normaliseAfricasTalkingSms({ ...africasTalkingFields(), from: '+'.repeat(65) }, context)).code).toBe('sms.address_too_long');
  });
});
