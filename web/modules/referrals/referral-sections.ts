/** What each referral section carries and how sensitive it is (core/referrals REFERRAL_SECTIONS). */
import { INCIDENT_SECTIONS, REFERRAL_SECTION_NAMES, sectionSensitivity, type ReferralSection } from '../../../core/referrals';

export { INCIDENT_SECTIONS, REFERRAL_SECTION_NAMES };
export type { ReferralSection };

/** Identifying sections travel only when the worker ticks them (MIN-1): unchecked by default. */
export const defaultSections = (hasIncident: boolean): ReferralSection[] =>
  REFERRAL_SECTION_NAMES.filter((s) => sectionSensitivity(s) !== 'identifying' && (hasIncident || !INCIDENT_SECTIONS.includes(s)));

export const isIdentifying = (s: string) => sectionSensitivity(s) === 'identifying';
