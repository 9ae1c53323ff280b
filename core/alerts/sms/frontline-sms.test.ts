import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { normaliseFrontlineSms } from './frontline-sms';
import { context, frontlineFields } from './test-payloads';

describe('normaliseFrontlineSms', () => {
  it('reads secret, from, message (form or JSON)', () => {
    expect(normaliseFrontlineSms(frontlineFields(), context)).toMatchObject({
      provider: 'frontline_sms',
      providerMessageId: null,
      from: { raw: '+243810000004', e164: '+243810000004' },
      to: null,
      text: 'Fire seen in the village',
      receivedAtSource: 'server',
    });
  });

  it('reads an id and a time when the web connection sends them, numbers included', () => {
    const sms = normaliseFrontlineSms({ ...frontlineFields(), id: 4711, sent_timestamp: '2026-11-21T09:00:00Z' }, context);
    expect(sms).toMatchObject({ providerMessageId: '4711', receivedAt: '2026-11-21T09:00:00.000Z', receivedAtSource: 'gateway' });
  });

  it('refuses missing and bad fields', () => {
    expect(thrownDomainError(() => normaliseFrontlineSms({ from: '+243810000004' }, context)).field).toBe('message');
    expect(thrownDomainError(() => normaliseFrontlineSms({ message: 'x' }, context)).field).toBe('from');
    expect(thrownDomainError(() => normaliseFrontlineSms({ ...frontlineFields(), from: { number: 1 } }, context)).field).toBe('from');
    expect(thrownDomainError(() => normaliseFrontlineSms([frontlineFields()], context)).field).toBe('body');
  });
});
