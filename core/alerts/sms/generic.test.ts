import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { normaliseGenericSms } from './generic';
import { context, genericBody } from './test-payloads';

describe('normaliseGenericSms', () => {
  it('reads the documented body', () => {
    expect(normaliseGenericSms(genericBody(), context)).toEqual({
      provider: 'generic',
      providerMessageId: 'relay-000123',
      from: { raw: '+243810000005', e164: '+243810000005' },
      to: { raw: '+243990000000', e164: '+243990000000' },
      text: 'Checkpoint on the road to the camp',
      receivedAt: '2026-11-21T09:29:30.000Z',
      receivedAtSource: 'gateway',
      extras: {},
    });
  });

  it('accepts receivedAt in milliseconds, or none', () => {
    expect(normaliseGenericSms({ ...genericBody(), receivedAt: Date.UTC(2026, 10, 21, 9) }, context).receivedAt).toBe('2026-11-21T09:00:00.000Z');
    const { receivedAt: _r, to: _t, ...minimal } = genericBody();
    expect(normaliseGenericSms(minimal, context)).toMatchObject({ to: null, receivedAtSource: 'server' });
  });

  it('refuses unknown, missing and bad fields', () => {
    expect(thrownDomainError(() => normaliseGenericSms({ ...genericBody(), sender: 'x' }, context))).toMatchObject({ code: 'sms.field_unknown', field: 'sender' });
    expect(thrownDomainError(() => normaliseGenericSms({ ...genericBody(), ['__proto__']: 'x' }, context)).category).toBe('validation');
    for (const name of ['id', 'from', 'text']) {
      const body = genericBody();
      delete body[name];
      expect(thrownDomainError(() => normaliseGenericSms(body, context)).field).toBe(name);
    }
    expect(thrownDomainError(() => normaliseGenericSms({ ...genericBody(), receivedAt: -5 }, context)).field).toBe('receivedAt');
    expect(thrownDomainError(() => normaliseGenericSms({ ...genericBody(), receivedAt: true }, context)).field).toBe('receivedAt');
    expect(thrownDomainError(() => normaliseGenericSms(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v'])), context)).code).toBe('sms.payload_too_large');
    expect(thrownDomainError(() => normaliseGenericSms(null, context)).field).toBe('body');
  });
});
