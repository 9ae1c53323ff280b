import { describe, expect, it } from 'vitest';
import { SENSITIVITY_CLASSES } from '../survivors/sensitivity';
import { isVisibleWithoutConsent, normaliseSections, REFERRAL_SECTION_NAMES, REFERRAL_SECTIONS, sealedSections, sectionSensitivity } from './sections';

describe('referral sections (ONCE-1, MIN-1)', () => {
  it('every section has a sensitivity class', () => {
    for (const section of REFERRAL_SECTION_NAMES) expect(SENSITIVITY_CLASSES).toContain(REFERRAL_SECTIONS[section]);
  });

  it('the narrative, contact, exact location and caregiver are identifying', () => {
    for (const section of ['narrative', 'contact', 'exact_location', 'caregiver']) expect(sectionSensitivity(section)).toBe('identifying');
  });

  it('an unknown section counts as identifying (deny by default)', () => {
    expect(sectionSensitivity('everything')).toBe('identifying');
    expect(isVisibleWithoutConsent('everything')).toBe(false);
  });

  it('seals every chosen section except the clock, which is computed at each read', () => {
    expect(sealedSections(['clinical_clock', 'narrative', 'profile'])).toEqual(['profile', 'narrative']);
    expect(sealedSections(['clinical_clock'])).toEqual([]);
  });

  it('only non-identifying sections stay visible without consent', () => {
    expect(REFERRAL_SECTION_NAMES.filter(isVisibleWithoutConsent)).toEqual(['clinical_clock']);
  });

  it('normalises: known sections, once, in canonical order', () => {
    expect(normaliseSections(['narrative', 'bogus', 'profile', 'narrative'])).toEqual(['profile', 'narrative']);
  });
});
