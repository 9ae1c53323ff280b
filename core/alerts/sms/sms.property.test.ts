/** Whatever a gateway (or an attacker) posts, a normaliser answers an InboundSms or a validation DomainError (REL-4). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors';
import { normaliseInboundSms } from './normalise';
import { isTimestampFresh, readGenericSignatureHeaders, twilioSignedString, twilioUrlVariants, vonageSignedString } from './signing';
import { africasTalkingFields, context, frontlineFields, genericBody, smsSyncFields, twilioFields, vonageFields } from './test-payloads';
import { SMS_LIMITS, SMS_PROVIDERS, type InboundSms, type SmsProvider } from './types';

function normalisesOrRefuses(provider: SmsProvider, input: unknown): void {
  let sms: InboundSms;
  try {
    sms = normaliseInboundSms(provider, input, context);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.category).toBe('validation');
    expect(typeof error.field).toBe('string');
    return;
  }
  expect(sms.provider).toBe(provider);
  expect(sms.text.length).toBeLessThanOrEqual(SMS_LIMITS.maxTextChars);
  expect(sms.text).not.toMatch(/\u0000/);
  expect(Number.isFinite(Date.parse(sms.receivedAt))).toBe(true);
  if (sms.from.e164 !== null) expect(sms.from.e164).toMatch(/^\+[1-9][0-9]{7,14}$/);
  if (sms.providerMessageId !== null) expect(sms.providerMessageId.length).toBeLessThanOrEqual(SMS_LIMITS.maxIdChars);
}

const valid: Record<SmsProvider, () => Record<string, unknown>> = {
  twilio: twilioFields,
  vonage: vonageFields,
  africas_talking: africasTalkingFields,
  frontline_sms: frontlineFields,
  smssync: smsSyncFields,
  generic: genericBody,
};
const provider = fc.constantFrom(...SMS_PROVIDERS);
const junkValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 5_000, maxLength: 5_010 }),
  fc.constantFrom('', ' ', '+', '00', '0', '2026-13-01 00:00:00', '9999999999999999', '__proto__', 'true', 'binary'),
  fc.anything({ withNullPrototype: true, maxDepth: 2 }),
);

describe('SMS normalisers never throw anything but a validation DomainError', () => {
  it('on random values', () => {
    fc.assert(fc.property(provider, fc.anything({ withNullPrototype: true, withObjectString: true }), normalisesOrRefuses), { numRuns: 500 });
  });

  it('on random dictionaries of text', () => {
    fc.assert(fc.property(provider, fc.dictionary(fc.string({ maxLength: 70 }), fc.string(), { maxKeys: 120 }), normalisesOrRefuses), { numRuns: 500 });
  });

  it('on valid payloads with fields replaced, removed or added', () => {
    fc.assert(
      fc.property(provider, fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.option(junkValue)), { maxLength: 6 }), fc.nat(), (p, edits, pick) => {
        const payload: Record<string, unknown> = valid[p]();
        const keys = Object.keys(payload);
        for (const [i, [name, value]] of edits.entries()) {
          const key = i % 2 === 0 ? keys[(pick + i) % keys.length]! : name;
          if (value === null) delete payload[key];
          else payload[key] = value;
        }
        normalisesOrRefuses(p, payload);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('signing helpers never throw on odd input but a DomainError', () => {
  it('canonical strings and freshness', () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }))), fc.anything({ withNullPrototype: true }), fc.anything({ withNullPrototype: true }), (url, params, ts, sig) => {
        expect(twilioSignedString(url, params).startsWith(url)).toBe(true);
        expect(twilioUrlVariants(url)[0]).toBe(url);
        expect(typeof vonageSignedString(params)).toBe('string');
        expect(typeof isTimestampFresh(ts as string, Date.now(), 300)).toBe('boolean');
        try {
          readGenericSignatureHeaders({ timestamp: ts as string, signature: sig as string });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }),
    );
  });
});
