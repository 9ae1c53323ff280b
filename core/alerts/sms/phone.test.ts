import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { readSmsAddress, toE164 } from './phone';

describe('toE164', () => {
  it('normalises international numbers written in the usual ways', () => {
    for (const text of ['+243 81 234 5678', '+243-812-345-678', '00243812345678', '+243 (0)81 234 5678'.replace('(0)', ''), 'whatsapp:+243812345678', '+243.81.234.56.78'])
      expect(toE164(text)).toBe('+243812345678');
  });

  it('turns national numbers into E.164 only with the channel country', () => {
    expect(toE164('0812345678')).toBeNull();
    expect(toE164('0812 345 678', { defaultCallingCode: '243' })).toBe('+243812345678');
    expect(toE164('447700900001')).toBeNull();
    expect(toE164('447700900001', { internationalWithoutPlus: true })).toBe('+447700900001');
  });

  it('leaves short codes, sender names and impossible lengths without a form', () => {
    for (const text of ['21525', 'MPESA', '+1234567', '+1234567890123456', '+0812345678', '', '+'])
      expect(toE164(text)).toBeNull();
    expect(toE164('0812345678', { defaultCallingCode: 'x1' })).toBeNull();
  });
});

describe('readSmsAddress', () => {
  it('keeps the raw form beside the E.164 one', () => {
    expect(readSmsAddress(' +243 81 234 5678 ', 'From')).toEqual({ raw: '+243 81 234 5678', e164: '+243812345678' });
    expect(readSmsAddress('MPESA', 'From')).toEqual({ raw: 'MPESA', e164: null });
  });

  it('refuses empty, long and control-laden addresses, naming the field', () => {
    expect(thrownDomainError(() => readSmsAddress('  ', 'From'))).toMatchObject({ code: 'sms.address_missing', field: 'From' });
    expect(thrownDomainError(() => readSmsAddress('1'.repeat(65), 'To')).code).toBe('sms.address_too_long');
    expect(thrownDomainError(() => readSmsAddress('+243\u202e81', 'From')).code).toBe('sms.address_invalid');
  });
});
