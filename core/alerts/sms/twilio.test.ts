import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { context, NOW_MS, twilioFields } from './test-payloads';
import { normaliseTwilioSms } from './twilio';

describe('normaliseTwilioSms', () => {
  it('reads the inbound webhook fields', () => {
    const sms = normaliseTwilioSms(twilioFields(), context);
    expect(sms).toEqual({
      provider: 'twilio',
      providerMessageId: 'SM0123456789abcdef0123456789abcdef',
      from: { raw: '+254700000001', e164: '+254700000001' },
      to: { raw: '+15555550100', e164: '+15555550100' },
      text: 'Armed men near the market, 3 trucks',
      receivedAt: new Date(NOW_MS).toISOString(),
      receivedAtSource: 'server',
      extras: { accountSid: 'AC00000000000000000000000000000000', numSegments: '1', fromCountry: 'KE' },
    });
  });

  it('falls back to SmsSid for old accounts and keeps media URLs', () => {
    const { MessageSid: _m, SmsMessageSid: _s, ...fields } = twilioFields();
    const sms = normaliseTwilioSms({ ...fields, NumMedia: '2', MediaUrl0: 'https://api.twilio.com/m/0', MediaUrl1: 'https://api.twilio.com/m/1' }, context);
    expect(sms.providerMessageId).toBe('SM0123456789abcdef0123456789abcdef');
    expect(sms.extras).toMatchObject({ numMedia: '2', mediaUrl0: 'https://api.twilio.com/m/0', mediaUrl1: 'https://api.twilio.com/m/1' });
  });

  it('accepts an empty Body (a blank SMS still gets an answer)', () => {
    expect(normaliseTwilioSms({ ...twilioFields(), Body: '' }, context).text).toBe('');
  });

  it('names each missing field', () => {
    for (const name of ['From', 'To', 'Body']) {
      const fields: Record<string, string> = twilioFields();
      delete fields[name];
      expect(thrownDomainError(() => normaliseTwilioSms(fields, context))).toMatchObject({ code: 'sms.field_missing', field: name, category: 'validation' });
    }
    const { MessageSid: _a, SmsMessageSid: _b, SmsSid: _c, ...noId } = twilioFields();
    expect(thrownDomainError(() => normaliseTwilioSms(noId, context)).field).toBe('MessageSid');
  });

  it('refuses bad values', () => {
    expect(thrownDomainError(() => normaliseTwilioSms({ ...twilioFields(), MessageSid: 'SM 1' }, context)).code).toBe('sms.id_invalid');
    expect(thrownDomainError(() => normaliseTwilioSms({ ...twilioFields(), MessageSid: 'S'.repeat(129) }, context)).code).toBe('sms.id_too_long');
    expect(thrownDomainError(() => normaliseTwilioSms({ ...twilioFields(), Body: 'x'.repeat(5_001) }, context)).code).toBe('sms.text_too_long');
    expect(thrownDomainError(() => normaliseTwilioSms({ ...twilioFields(), From: '' }, context)).code).toBe('sms.address_missing');
    expect(thrownDomainError(() => normaliseTwilioSms({ ...twilioFields(), NumMedia: '2' }, context)).field).toBe('MediaUrl0');
    expect(thrownDomainError(() => normaliseTwilioSms({ ...twilioFields(), NumMedia: '1', MediaUrl0: 'javascript:alert(1)' }, context)).field).toBe('MediaUrl0');
    expect(thrownDomainError(() => normaliseTwilioSms({ ...twilioFields(), NumMedia: '99' }, context)).field).toBe('NumMedia');
    expect(thrownDomainError(() => normaliseTwilioSms({ ...twilioFields(), Body: ['a', 'b'] }, context)).code).toBe('sms.field_repeated');
    expect(thrownDomainError(() => normaliseTwilioSms('Body=hi', context)).field).toBe('body');
  });

  it('drops control characters a phone never types, keeps line breaks', () => {
    expect(normaliseTwilioSms({ ...twilioFields(), Body: 'a\u0000b\nc\u0007' }, context).text).toBe('ab\nc');
  });
});
