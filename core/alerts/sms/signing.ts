/**
 * The canonical strings SMS gateways sign, as pure functions. The server computes the HMAC over
 * them with node:crypto and compares in constant time (STO-1); nothing secret is computed here.
 *
 * - Twilio (X-Twilio-Signature): base64 HMAC-SHA1, keyed by the account's auth token, of the
 *   full URL Twilio requested (scheme, host, port if any, path, query) followed by every POST
 *   parameter sorted by name (code-unit order, case-sensitive), each as name + value with no
 *   separator; a repeated name contributes each distinct value, sorted. Proxies that change the
 *   scheme or port break it, so the twilio libraries try the URL with and without the default
 *   port (`twilioUrlVariants`). JSON bodies are signed over the URL only, which carries
 *   bodySHA256 = hex SHA-256 of the body (`readTwilioBodySha256`).
 * - Vonage signed webhooks (SMS API, "signature secret"): the parameters except `sig`, sorted
 *   by name, each as `&name=value` with `&` and `=` in values replaced by `_`. Method per the
 *   account's dashboard setting: md5hash = hex MD5 of that string followed by the secret (the
 *   default), md5/sha1/sha256/sha512 = hex HMAC keyed by the secret; compared case-insensitively.
 *   The signed `timestamp` (seconds) is checked with `isTimestampFresh` against replay.
 * - Weft's generic webhook: hex HMAC-SHA256 of `<timestamp>.<raw body>`, headers
 *   X-Weft-Timestamp (seconds since 1970) and X-Weft-Signature (`sha256=<hex>` or bare hex).
 *
 * SECURITY: REL-4 (header formats checked, 4xx on anything else), REL-2 (replay window).
 */
import { invalid } from '../../errors';

export type FormParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Code-unit order, as Twilio and Vonage sort (not localeCompare, which varies by runtime). */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The string Twilio signs: `url` exactly as Twilio requested it, then each sorted name+value. */
export function twilioSignedString(url: string, params: FormParams = {}): string {
  let data = url;
  for (const name of Object.keys(params).sort(byCodeUnit)) {
    const value = params[name];
    if (value === undefined) continue;
    if (typeof value === 'string') data += name + value;
    else for (const one of [...new Set(value)].sort(byCodeUnit)) data += name + one;
  }
  return data;
}

/**
 * The URL as Twilio may have signed it: as given, and with the scheme's default port added or
 * removed (https:443, http:80), as the twilio helper libraries check both. Unparseable: [url].
 */
export function twilioUrlVariants(url: string): string[] {
  const match = /^(https?):\/\/([^/?#@]*@)?([^/?#:]+|\[[^\]]+\])(:\d+)?(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme, userinfo = '', host, port, rest] = match;
  const defaultPort = scheme!.toLowerCase() === 'https' ? ':443' : ':80';
  const other = port === undefined ? `${scheme}://${userinfo}${host}${defaultPort}${rest}` : port === defaultPort ? `${scheme}://${userinfo}${host}${rest}` : null;
  return other === null ? [url] : [url, other];
}

/** The bodySHA256 query parameter of a Twilio URL (JSON-body webhooks), lower-case hex, or null. */
export function readTwilioBodySha256(url: string): string | null {
  const query = url.split('#')[0]!.split('?')[1];
  if (query === undefined) return null;
  for (const pair of query.split('&')) {
    const [name, value] = pair.split('=');
    if (name === 'bodySHA256' && value !== undefined) {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) throw invalid('sms.signature_invalid', 'bodySHA256 must be 64 hex digits.', 'bodySHA256');
      return value.toLowerCase();
    }
  }
  return null;
}

export const VONAGE_SIGNATURE_METHODS = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'] as const;
export type VonageSignatureMethod = (typeof VONAGE_SIGNATURE_METHODS)[number];

/** The string Vonage signs: sorted `&name=value` of every parameter but `sig`, `&`/`=` in values as `_`. */
export function vonageSignedString(params: FormParams): string {
  let data = '';
  for (const name of Object.keys(params).sort(byCodeUnit)) {
    if (name === 'sig') continue;
    const value = params[name];
    if (typeof value !== 'string') continue;
    data += `&${name}=${value.replace(/[&=]/g, '_')}`;
  }
  return data;
}

/**
 * What the server feeds its digest for a Vonage signature: md5hash is a plain MD5 of the signed
 * string with the secret appended; the others an HMAC of the signed string keyed by the secret.
 */
export function vonageSigningInput(params: FormParams, method: VonageSignatureMethod, secret: string): { kind: 'hash' | 'hmac'; algorithm: 'md5' | 'sha1' | 'sha256' | 'sha512'; key: string | null; data: string } {
  const data = vonageSignedString(params);
  if (method === 'md5hash') return { kind: 'hash', algorithm: 'md5', key: null, data: data + secret };
  return { kind: 'hmac', algorithm: method, key: secret, data };
}

/** The `sig` Vonage sent, lower-cased for comparison (hex, 32 to 128 digits), or a refusal. */
export function readVonageSignature(params: FormParams): string {
  const sig = params.sig;
  if (typeof sig !== 'string' || sig === '') throw invalid('sms.signature_missing', 'The request is not signed: sig is missing.', 'sig');
  if (!/^[0-9a-fA-F]{32,128}$/.test(sig)) throw invalid('sms.signature_invalid', 'sig must be hex digits.', 'sig');
  return sig.toLowerCase();
}

export const GENERIC_SIGNATURE_HEADERS = { timestamp: 'x-weft-timestamp', signature: 'x-weft-signature' } as const;

/** The string the generic webhook signs: the timestamp header, a dot, the raw body. */
export function genericSignedString(timestampSeconds: string, rawBody: string): string {
  return `${timestampSeconds}.${rawBody}`;
}

/** The generic webhook's signature headers, checked for shape: seconds as digits, hex SHA-256. */
export function readGenericSignatureHeaders(headers: { timestamp?: unknown; signature?: unknown }): { timestampSeconds: string; signatureHex: string } {
  // Header values arrive as text, or as arrays when repeated: anything but one text is refused.
  const timestamp = typeof headers.timestamp === 'string' ? headers.timestamp : headers.timestamp === undefined ? undefined : '\u0000';
  const signature = typeof headers.signature === 'string' ? headers.signature : headers.signature === undefined ? undefined : '\u0000';
  if (timestamp === undefined || timestamp === '') throw invalid('sms.signature_missing', 'X-Weft-Timestamp is missing.', GENERIC_SIGNATURE_HEADERS.timestamp);
  if (!/^[0-9]{1,12}$/.test(timestamp)) throw invalid('sms.timestamp_invalid', 'X-Weft-Timestamp must be seconds since 1970.', GENERIC_SIGNATURE_HEADERS.timestamp);
  if (signature === undefined || signature === '') throw invalid('sms.signature_missing', 'X-Weft-Signature is missing.', GENERIC_SIGNATURE_HEADERS.signature);
  const hex = signature.startsWith('sha256=') ? signature.slice(7) : signature;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw invalid('sms.signature_invalid', 'X-Weft-Signature must be sha256= and 64 hex digits.', GENERIC_SIGNATURE_HEADERS.signature);
  return { timestampSeconds: timestamp, signatureHex: hex.toLowerCase() };
}

/**
 * Whether a signed timestamp (seconds since 1970, as text or number) lies within
 * `toleranceSeconds` of now, either side (clocks drift both ways). Anything unparseable is not
 * fresh. Against replay the server also remembers the message ids it has seen (REL-2).
 */
export function isTimestampFresh(timestampSeconds: string | number, nowMs: number, toleranceSeconds: number): boolean {
  const seconds =
    typeof timestampSeconds === 'number' ? timestampSeconds : typeof timestampSeconds === 'string' && /^[0-9]{1,12}$/.test(timestampSeconds) ? Number(timestampSeconds) : Number.NaN;
  if (!Number.isFinite(seconds) || !Number.isFinite(nowMs) || !(toleranceSeconds >= 0)) return false;
  return Math.abs(nowMs - seconds * 1000) <= toleranceSeconds * 1000;
}
