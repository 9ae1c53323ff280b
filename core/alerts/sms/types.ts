/**
 * The one shape every SMS gateway's inbound message is normalised to (issue 4, channels), and
 * the limits every normaliser applies before anything is stored (REL-4: size limits on every
 * parser of untrusted input, refused as a validation DomainError, answered 4xx).
 */

export const SMS_PROVIDERS = ['twilio', 'vonage', 'africas_talking', 'frontline_sms', 'smssync', 'generic'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

/**
 * A sender or recipient as the gateway wrote it (`raw`, kept for the encrypted copy) and, when
 * it has the shape of a phone number, in E.164 (`e164`, what the keyed lookup hash is computed
 * over). Short codes and alphanumeric sender ids have no E.164 form.
 */
export interface SmsAddress {
  raw: string;
  e164: string | null;
}

/** One fragment of a concatenated SMS the gateway delivered separately (Vonage concat-*). */
export interface SmsPart {
  reference: string;
  total: number;
  index: number;
}

export interface InboundSms {
  provider: SmsProvider;
  /**
   * The gateway's own id for the message: the deduplication key. Null when the gateway sent
   * none (old SMSSync and FrontlineSMS builds); the server then dedupes on `fallbackDedupeKey`.
   */
  providerMessageId: string | null;
  from: SmsAddress;
  to: SmsAddress | null;
  text: string;
  /** ISO 8601 UTC: the gateway's timestamp when it sent a usable one, else the server's clock. */
  receivedAt: string;
  receivedAtSource: 'gateway' | 'server';
  parts?: SmsPart;
  /**
   * Gateway details the server needs beyond the message itself (Twilio AccountSid to match the
   * channel, Africa's Talking linkId for premium replies, SMSSync device_id, media URLs).
   * Only the names each normaliser lists; every value length-checked.
   */
  extras: Record<string, string>;
}

/** What a normaliser needs from outside: the server's clock and the channel's country. */
export interface SmsContext {
  nowMs: number;
  /** Country calling code (digits, no +) for national numbers such as 0812345678; none: left raw. */
  defaultCallingCode?: string;
}

/** REL-4: what one inbound message may hold. */
export const SMS_LIMITS = {
  /** Concatenated SMS reach a few thousand characters at most; alerts are short. */
  maxTextChars: 5_000,
  maxIdChars: 128,
  maxAddressChars: 64,
  maxExtraChars: 2_048,
  /** Form fields / JSON keys one payload may carry (Twilio sends about 20, with media a few more). */
  maxFields: 100,
  maxKeyChars: 64,
  maxMedia: 10,
  maxConcatParts: 50,
} as const;
