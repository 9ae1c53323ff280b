/**
 * Pure rules of community alerts: who may do what, the short reference an alert is given,
 * the acknowledgement a sender gets back, and the places free text may name.
 */
import { randomInt } from 'node:crypto';
import { ALERT_CHANNEL_KINDS, ALERT_STATES } from '../../../core/schemas/alerts';
import { hasPermission } from '../../platform/policy';
import type { Actor } from '../../platform/actor';

export { ALERT_CHANNEL_KINDS, ALERT_STATES };
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

/** Channels whose sender is a phone number. */
export const SMS_CHANNEL_KINDS = ['twilio', 'vonage', 'africas_talking', 'frontlinesms', 'smssync', 'generic'] as const;
export type SmsChannelKind = (typeof SMS_CHANNEL_KINDS)[number];
export const isSmsChannel = (kind: string): kind is SmsChannelKind => (SMS_CHANNEL_KINDS as readonly string[]).includes(kind);

/** The core/alerts provider name of an SMS channel kind. */
export const smsProviderOf = (kind: SmsChannelKind) => (kind === 'frontlinesms' ? ('frontline_sms' as const) : kind);

export type AlertState = (typeof ALERT_STATES)[number];

export const canTriageAlerts = (actor: Actor) => actor.kind === 'user' && hasPermission(actor, 'alerts.triage');
export const canConfigureAlertChannels = (actor: Actor) => actor.kind === 'user' && hasPermission(actor, 'alerts.configure');
export const canManageFocalPoints = (actor: Actor) => actor.kind === 'user' && hasPermission(actor, 'alerts.focal_points');
/**
 * Response settings: targets, the outbound channel and on-call numbers. Choosing the outbound
 * channel needs the organisation's channel names (not their configuration, alerts.configure).
 */
export const canManageResponseSettings = (actor: Actor) => actor.kind === 'user' && hasPermission(actor, 'alerts.targets');

/** Crockford-like alphabet without 0/O, 1/I/L: read out over a phone without mistakes. */
const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A short reference for the acknowledgement (A-XXXXXX); unique per organisation (checked by the caller). */
export function newAlertReference(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `A-${code}`;
}

export const ACKNOWLEDGEMENT_LANGUAGES = ['en', 'fr', 'sw'] as const;
export type AcknowledgementLanguage = (typeof ACKNOWLEDGEMENT_LANGUAGES)[number];

const ACKNOWLEDGEMENTS: Record<AcknowledgementLanguage, (reference: string) => string> = {
  en: (reference) => `Your alert was received. Reference ${reference}. Thank you.`,
  fr: (reference) => `Votre alerte a été reçue. Référence ${reference}. Merci.`,
  sw: (reference) => `Taarifa yako imepokelewa. Kumbukumbu ${reference}. Asante.`,
};

/**
 * The reply to a sender: received, with the reference; never the text (an SMS reply may be
 * read by whoever holds the phone, SECURITY MIN-1). The first of `languages` we have, else English.
 */
export function acknowledgement(reference: string, languages: readonly (string | null | undefined)[]): string {
  for (const language of languages) {
    const base = language?.toLowerCase().split(/[-_]/)[0];
    if (base && Object.hasOwn(ACKNOWLEDGEMENTS, base)) return ACKNOWLEDGEMENTS[base as AcknowledgementLanguage](reference);
  }
  return ACKNOWLEDGEMENTS.en(reference);
}

/** Bounds on the words scanned for place names (REL-4: bounded work on any text). */
const MAX_SCANNED_CHARS = 2_000;
const MAX_PHRASE_WORDS = 4;
const MAX_PHRASES = 600;
/** HDX/OCHA P-codes: two letters of the ISO country, then digits (CD61, CD6101, CD610101). */
const PCODE = /\b[A-Za-z]{2}[0-9]{2,12}\b/g;

/**
 * What free text may name as a place: P-code-shaped tokens (upper-cased) and the phrases of one
 * to four words (lower-cased), for exact matching against area codes and names.
 */
export function placeCandidates(text: string): { codes: string[]; phrases: string[] } {
  const scanned = text.slice(0, MAX_SCANNED_CHARS);
  const codes = [...new Set([...scanned.matchAll(PCODE)].map((m) => m[0].toUpperCase()))].slice(0, 20);
  const words = scanned.toLowerCase().match(/[\p{L}\p{M}\p{N}'’-]+/gu) ?? [];
  const phrases = new Set<string>();
  for (let i = 0; i < words.length && phrases.size < MAX_PHRASES; i++) {
    for (let n = 1; n <= MAX_PHRASE_WORDS && i + n <= words.length; n++) {
      const phrase = words.slice(i, i + n).join(' ');
      if (phrase.length >= 3 && phrase.length <= 80) phrases.add(phrase);
    }
  }
  return { codes, phrases: [...phrases].slice(0, MAX_PHRASES) };
}

/**
 * The one area free text names: a P-code wins over a name; among several, the most precise
 * level, if only one area sits at it; otherwise none (the alert needs locating by a person).
 */
export function pickNamedArea(candidates: readonly { id: string; level: number; by: 'code' | 'name' }[]): string | null {
  const byCode = candidates.filter((c) => c.by === 'code');
  const pool = byCode.length > 0 ? byCode : candidates;
  if (pool.length === 0) return null;
  const deepest = Math.max(...pool.map((c) => c.level));
  const ids = new Set(pool.filter((c) => c.level === deepest).map((c) => c.id));
  return ids.size === 1 ? [...ids][0]! : null;
}

/** A phone number as shown to administrators: the country code and the last two digits. */
export function maskPhone(e164: string): string {
  if (e164.length <= 6) return '•'.repeat(e164.length);
  return `${e164.slice(0, 4)}${'•'.repeat(e164.length - 6)}${e164.slice(-2)}`;
}
