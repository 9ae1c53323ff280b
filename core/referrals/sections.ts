/**
 * ONCE-1 / MIN-1: the sections of a survivor's record that a referral may carry, each with its
 * sensitivity class. The referrer chooses which travel; the recipient sees them only while the
 * survivor's referral consent for it is live (CON-2, CON-4). After a withdrawal or an erasure
 * only what no section carries is shown: status, service, GBV type and, if chosen, the clock.
 */
import type { SensitivityClass } from '../survivors/sensitivity';

export const REFERRAL_SECTIONS = {
  /** Sex, age group, child flag, disability, displacement and marital status. */
  profile: 'sensitive',
  /** Name and how to reach the survivor safely. */
  contact: 'identifying',
  /** GBV type, dates, administrative area, place type and the acts. */
  incident_summary: 'sensitive',
  /** The survivor's account, so she is not asked to tell it again (ONCE-1). */
  narrative: 'identifying',
  /** The exact place of the incident. */
  exact_location: 'identifying',
  /** The case's needs (codes) and risk level. */
  case_needs: 'sensitive',
  /** Hours since a rape or sexual assault and the PEP (72 h) and EC (120 h) windows. */
  clinical_clock: 'non_identifying',
  /** The caregiver of a child survivor. */
  caregiver: 'identifying',
} as const satisfies Record<string, SensitivityClass>;

export type ReferralSection = keyof typeof REFERRAL_SECTIONS;
export const REFERRAL_SECTION_NAMES = Object.keys(REFERRAL_SECTIONS) as [ReferralSection, ...ReferralSection[]];

/** Sections that describe one incident: a referral carrying any of them must name the incident. */
export const INCIDENT_SECTIONS: readonly ReferralSection[] = ['incident_summary', 'narrative', 'exact_location', 'clinical_clock'];

/** Sections read from the case: a referral without a case cannot carry them. */
export const CASE_SECTIONS: readonly ReferralSection[] = ['case_needs'];

/** The sensitivity class of a section; an unknown name counts as identifying (deny by default). */
export function sectionSensitivity(section: string): SensitivityClass {
  return (REFERRAL_SECTIONS as Record<string, SensitivityClass>)[section] ?? 'identifying';
}

/**
 * Sections sealed into the referral's snapshot: every chosen one that is not non-identifying.
 * The clinical clock is computed from plain columns at each read, so it is never sealed.
 */
export function sealedSections(chosen: readonly string[]): ReferralSection[] {
  return normaliseSections(chosen).filter((section) => sectionSensitivity(section) !== 'non_identifying');
}

/** Known sections only, once each, in the canonical order. */
export function normaliseSections(chosen: readonly string[]): ReferralSection[] {
  const set = new Set(chosen);
  return REFERRAL_SECTION_NAMES.filter((section) => set.has(section));
}

/** A section the recipient may see after consent is withdrawn: only the non-identifying ones. */
export const isVisibleWithoutConsent = (section: string): boolean => sectionSensitivity(section) === 'non_identifying';
