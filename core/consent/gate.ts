/**
 * The disclosure gate (CON-2): the one function every disclosure path calls (referral,
 * transfer, export, API read by another organisation, print, sync). It DENIES BY DEFAULT:
 * only an unwithdrawn consent for this purpose and this recipient, or a valid override
 * (CON-3), opens it. A malformed request, an unreadable time or an unexpected error denies.
 * WARNING: never cache a decision beyond one request (CON-4: withdrawal applies to the next).
 */
import type { Role } from '../auth/roles';
import { CONSENT_PURPOSES, isRecipientScoped, timeOf, type ConsentPurpose, type ConsentRecord } from './types';

export interface CoverQuery {
  readonly purpose: ConsentPurpose;
  /** The organisation that would receive the data; none for the holder's own services. */
  readonly recipientOrganisationId?: string | null;
  /** The service of that organisation, when the disclosure is a referral to one service. */
  readonly serviceId?: string | null;
  readonly at: Date | string;
}

/**
 * Does this record's scope match the query? Referral and justice: same named organisation,
 * and the same service when the consent names one (a consent to the organisation covers all
 * its services). Services: never a disclosure to another organisation. Statistics: aggregates
 * of non-identifying data, whoever receives them (AGG-1).
 */
function inScope(record: ConsentRecord, query: CoverQuery): boolean {
  if (record.purpose !== query.purpose) return false;
  if (isRecipientScoped(query.purpose)) {
    if (!query.recipientOrganisationId || record.recipientOrganisationId !== query.recipientOrganisationId) return false;
    return record.serviceId === null || record.serviceId === query.serviceId;
  }
  if (record.recipientOrganisationId !== null || record.serviceId !== null) return false;
  return query.purpose === 'statistics' || !query.recipientOrganisationId;
}

/** Given at or before `at`, and not withdrawn at `at` (CON-4: withdrawal counts from its own instant). */
export function isConsentLive(record: ConsentRecord, at: Date | string): boolean {
  const time = timeOf(at);
  const given = timeOf(record.givenAt);
  if (Number.isNaN(time) || Number.isNaN(given) || given > time) return false;
  if (record.withdrawnAt === null) return true;
  const withdrawn = timeOf(record.withdrawnAt);
  // An unreadable withdrawal time counts as withdrawn: deny rather than guess.
  return !Number.isNaN(withdrawn) && time < withdrawn;
}

/** The live record that covers this purpose, recipient and time (the latest given), or null. */
export function findCoveringConsent(consents: readonly ConsentRecord[], query: CoverQuery): ConsentRecord | null {
  let best: ConsentRecord | null = null;
  for (const record of consents) {
    if (!inScope(record, query) || !isConsentLive(record, query.at)) continue;
    if (best === null || timeOf(record.givenAt) > timeOf(best.givenAt)) best = record;
  }
  return best;
}

/** CON-3: the reasons that may override the absence of consent, and who may invoke them. */
export const OVERRIDE_REASON_CODES = ['imminent_risk', 'mandatory_reporting'] as const;
export type OverrideReasonCode = (typeof OVERRIDE_REASON_CODES)[number];
export const OVERRIDE_ROLES: readonly Role[] = ['supervisor'];
/** A justification is a sentence a reviewer can check, not a word. */
export const MIN_OVERRIDE_JUSTIFICATION = 30;

export interface OverrideRequest {
  readonly reasonCode: string;
  readonly justification: string;
  readonly actorRole: Role;
}

export interface DisclosureRecipient {
  readonly organisationId: string;
  readonly serviceId?: string | null;
}

export interface DisclosureRequest {
  readonly consents: readonly ConsentRecord[];
  readonly purpose: ConsentPurpose;
  /** Who receives the data; null for the holder's own services. */
  readonly recipient?: DisclosureRecipient | null;
  readonly at: Date | string;
  readonly override?: OverrideRequest | null;
}

export type DenialReason =
  | 'invalid_request'
  | 'no_consent'
  | 'consent_withdrawn'
  | 'override_not_applicable'
  | 'override_reason_not_allowed'
  | 'override_justification_too_short'
  | 'override_role_not_allowed';

export type DisclosureDecision =
  | { readonly allowed: true; readonly basis: 'consent'; readonly consentId: string }
  | { readonly allowed: true; readonly basis: 'override'; readonly reasonCode: OverrideReasonCode }
  | { readonly allowed: false; readonly reason: DenialReason };

const deny = (reason: DenialReason): DisclosureDecision => ({ allowed: false, reason });

/**
 * CON-3: an override opens the gate only with an allowed reason code, a justification of at
 * least MIN_OVERRIDE_JUSTIFICATION characters and a role allowed to override. Never for
 * statistics: aggregates are never urgent enough to go without consent. The caller audits it
 * and shows it on the record.
 */
function checkOverride(override: OverrideRequest, purpose: ConsentPurpose): DisclosureDecision {
  if (purpose === 'statistics') return deny('override_not_applicable');
  if (!(OVERRIDE_REASON_CODES as readonly string[]).includes(override.reasonCode)) return deny('override_reason_not_allowed');
  if (!OVERRIDE_ROLES.includes(override.actorRole)) return deny('override_role_not_allowed');
  if (typeof override.justification !== 'string' || override.justification.trim().length < MIN_OVERRIDE_JUSTIFICATION) {
    return deny('override_justification_too_short');
  }
  return { allowed: true, basis: 'override', reasonCode: override.reasonCode as OverrideReasonCode };
}

function decide(request: DisclosureRequest): DisclosureDecision {
  const { consents, purpose, recipient, at, override } = request;
  if (!(CONSENT_PURPOSES as readonly string[]).includes(purpose) || !Array.isArray(consents) || Number.isNaN(timeOf(at))) {
    return deny('invalid_request');
  }
  if (recipient != null && (typeof recipient.organisationId !== 'string' || recipient.organisationId === '')) return deny('invalid_request');
  if (isRecipientScoped(purpose) && !recipient) return deny('invalid_request');

  const query: CoverQuery = { purpose, recipientOrganisationId: recipient?.organisationId ?? null, serviceId: recipient?.serviceId ?? null, at };
  const covering = findCoveringConsent(consents, query);
  if (covering) return { allowed: true, basis: 'consent', consentId: covering.id };
  if (override) return checkOverride(override, purpose);
  // Tell the worker whether consent was withdrawn (ask again) or never given (ask first).
  const withdrawn = consents.some((c) => inScope(c, query) && c.withdrawnAt !== null && timeOf(c.withdrawnAt) <= timeOf(at));
  return deny(withdrawn ? 'consent_withdrawn' : 'no_consent');
}

/**
 * CON-2: may these data be disclosed for this purpose to this recipient at this time?
 * Consent first (its id goes in the audit row), then an override; otherwise denied.
 */
export function decideDisclosure(request: DisclosureRequest): DisclosureDecision {
  try {
    return decide(request);
  } catch {
    // Fail closed: a gate that throws could be caught upstream and read as "no objection".
    return deny('invalid_request');
  }
}
