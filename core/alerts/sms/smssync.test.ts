import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { readPresentedSecret } from './fields';
import { normaliseSmsSyncSms } from './smssync';
import { context, NOW_MS, smsSyncFields } from './test-payloads';

describe('normaliseSmsSyncSms', () => {
  it('reads the form fields; the phone clock in milliseconds', () => {
    expect(normaliseSmsSyncSms(smsSyncFields(), context)).toEqual({
      provider: 'smssync',
      providerMessageId: 'c1a6f6a0-4c2b-4b8e-9f3a-0d5e8b2b7a11',
      from: { raw: '+243810000003', e164: '+243810000003' },
      to: { raw: '+243990000000', e164: '+243990000000' },
      text: 'Watu wenye silaha karibu na shule',
      receivedAt: '2026-11-21T09:28:00.000Z',
      receivedAtSource: 'gateway',
      extras: { deviceId: '1' },
    });
    expect(readPresentedSecret(smsSyncFields())).toBe('shared-secret');
  });

  it('accepts old builds without message_id, sent_to or timestamp', () => {
    const sms = normaliseSmsSyncSms({ from: '0810000003', message: 'hi' }, { nowMs: NOW_MS, defaultCallingCode: '243' });
    expect(sms).toMatchObject({ providerMessageId: null, to: null, receivedAtSource: 'server', from: { raw: '0810000003', e164: '+243810000003' } });
    expect(readPresentedSecret({ from: 'x' })).toBeNull();
  });

  it('refuses missing and bad fields', () => {
    expect(thrownDomainError(() => normaliseSmsSyncSms({ from: '+243810000003' }, context)).field).toBe('message');
    expect(thrownDomainError(() => normaliseSmsSyncSms({ message: 'hi' }, context)).field).toBe('from');
    expect(thrownDomainError(() => normaliseSmsSyncSms({ ...smsSyncFields(), sent_timestamp: '12' }, context)).field).toBe('sent_timestamp');
    expect(thrownDomainError(() => normaliseSmsSyncSms({ ...smsSyncFields(), message_id: 'a b' }, context)).field).toBe('message_id');
    expect(thrownDomainError(() => readPresentedSecret({ secret: 's'.repeat(300) })).field).toBe('secret');
  });
});
