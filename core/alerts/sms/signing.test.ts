/**
 * Known vectors: the twilio helper libraries' test (auth token 12345) and the Vonage SDKs'
 * md5hash test (secret "secret"). HMACs are computed with WebCrypto here only to prove the
 * canonical strings; the server computes them with node:crypto.
 */
import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import {
  genericSignedString,
  isTimestampFresh,
  readGenericSignatureHeaders,
  readTwilioBodySha256,
  readVonageSignature,
  twilioSignedString,
  twilioUrlVariants,
  vonageSignedString,
  vonageSigningInput,
} from './signing';

async function hmacBase64(hash: 'SHA-1' | 'SHA-256', key: string, data: string, encoding: 'base64' | 'hex'): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash }, false, ['sign']);
  const bytes = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(data)));
  if (encoding === 'hex') return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return btoa(String.fromCharCode(...bytes));
}

describe('Twilio', () => {
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

  it('signs the URL then each sorted name+value (the helper libraries’ vector)', async () => {
    const data = twilioSignedString(url, params);
    expect(data).toBe(`${url}CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212`);
    expect(await hmacBase64('SHA-1', '12345', data, 'base64')).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('sorts by code unit and repeats each distinct value of a repeated name', () => {
    expect(twilioSignedString('u', { b: '1', B: '2', a: ['y', 'x', 'y'] })).toBe('uB2axayb1');
  });

  it('offers the URL with and without the default port', () => {
    expect(twilioUrlVariants('https://example.org/sms?x=1')).toEqual(['https://example.org/sms?x=1', 'https://example.org:443/sms?x=1']);
    expect(twilioUrlVariants('https://example.org:443/sms')).toEqual(['https://example.org:443/sms', 'https://example.org/sms']);
    expect(twilioUrlVariants('http://example.org:8080/sms')).toEqual(['http://example.org:8080/sms']);
    expect(twilioUrlVariants('not a url')).toEqual(['not a url']);
  });

  it('reads bodySHA256 from JSON-body webhook URLs', () => {
    const hex = 'A'.repeat(64);
    expect(readTwilioBodySha256(`https://x.org/h?bodySHA256=${hex}`)).toBe(hex.toLowerCase());
    expect(readTwilioBodySha256('https://x.org/h?a=1')).toBeNull();
    expect(thrownDomainError(() => readTwilioBodySha256('https://x.org/h?bodySHA256=zz')).code).toBe('sms.signature_invalid');
  });
});

describe('Vonage', () => {
  const params = { a: '1', b: '2', timestamp: '1461605396', sig: '6af838ef94998832dbfc29020b564830' };

  it('signs sorted &name=value without sig, & and = in values as _', () => {
    expect(vonageSignedString(params)).toBe('&a=1&b=2&timestamp=1461605396');
    expect(vonageSignedString({ text: 'a=b&c', msisdn: '4477' })).toBe('&msisdn=4477&text=a_b_c');
  });

  it('md5hash appends the secret; HMAC methods key by it', async () => {
    expect(vonageSigningInput(params, 'md5hash', 'secret')).toEqual({ kind: 'hash', algorithm: 'md5', key: null, data: '&a=1&b=2&timestamp=1461605396secret' });
    const input = vonageSigningInput(params, 'sha256', 'secret');
    expect(input).toMatchObject({ kind: 'hmac', algorithm: 'sha256', key: 'secret' });
    expect(await hmacBase64('SHA-256', 'secret', input.data, 'hex')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads sig, refusing none or non-hex', () => {
    expect(readVonageSignature({ sig: 'ABCDEF0123456789ABCDEF0123456789' })).toBe('abcdef0123456789abcdef0123456789');
    expect(thrownDomainError(() => readVonageSignature({})).code).toBe('sms.signature_missing');
    expect(thrownDomainError(() => readVonageSignature({ sig: 'xyz' })).code).toBe('sms.signature_invalid');
  });
});

describe('generic webhook', () => {
  it('signs <timestamp>.<raw body>', async () => {
    const data = genericSignedString('1763717400', '{"id":"1"}');
    expect(data).toBe('1763717400.{"id":"1"}');
    expect(await hmacBase64('SHA-256', 'k', data, 'hex')).toHaveLength(64);
  });

  it('reads and checks the headers', () => {
    const hex = 'ab'.repeat(32);
    expect(readGenericSignatureHeaders({ timestamp: '1763717400', signature: `sha256=${hex}` })).toEqual({ timestampSeconds: '1763717400', signatureHex: hex });
    expect(readGenericSignatureHeaders({ timestamp: '1', signature: hex.toUpperCase() }).signatureHex).toBe(hex);
    expect(thrownDomainError(() => readGenericSignatureHeaders({ signature: hex })).field).toBe('x-weft-timestamp');
    expect(thrownDomainError(() => readGenericSignatureHeaders({ timestamp: '1.5', signature: hex })).code).toBe('sms.timestamp_invalid');
    expect(thrownDomainError(() => readGenericSignatureHeaders({ timestamp: '1' })).field).toBe('x-weft-signature');
    expect(thrownDomainError(() => readGenericSignatureHeaders({ timestamp: '1', signature: 'sha1=abc' })).code).toBe('sms.signature_invalid');
  });

  it('isTimestampFresh: within the tolerance either side, else not', () => {
    const now = 1_763_717_400_000;
    expect(isTimestampFresh('1763717400', now, 300)).toBe(true);
    expect(isTimestampFresh(1_763_717_400 - 300, now, 300)).toBe(true);
    expect(isTimestampFresh(1_763_717_400 + 300, now, 300)).toBe(true);
    expect(isTimestampFresh(1_763_717_400 - 301, now, 300)).toBe(false);
    expect(isTimestampFresh(1_763_717_400 + 301, now, 300)).toBe(false);
    for (const bad of ['', 'abc', '1e9', '-1', String(Number.MAX_SAFE_INTEGER) + '0']) expect(isTimestampFresh(bad, now, 300)).toBe(false);
    expect(isTimestampFresh(Number.NaN, now, 300)).toBe(false);
    expect(isTimestampFresh('1763717400', now, -1)).toBe(false);
  });
});
