/**
 * Age at the incident, the GBVIMS age groups and the child flag. CHD-1: a child is a survivor
 * under 18 at the incident (not at the report: the rules that protect her follow what she was).
 * Bands are the Incident Recorder's (0-11, 12-17, 18-25, 26-40, 41-60, 61 & older, unknown).
 */
import { z } from 'zod';
import { invalid } from '../errors';

export const CHILD_AGE_LIMIT = 18;
/** Oldest age accepted; beyond it an age is a typing error. */
export const MAX_AGE = 130;

export const ageInYears = z
  .number({ error: 'must be an age in whole years' })
  .int({ error: 'must be an age in whole years' })
  .min(0, { error: 'must not be negative' })
  .max(MAX_AGE, { error: `must be at most ${MAX_AGE}` });

export const AGE_GROUPS = [
  { id: '0-11', min: 0, max: 11 },
  { id: '12-17', min: 12, max: 17 },
  { id: '18-25', min: 18, max: 25 },
  { id: '26-40', min: 26, max: 40 },
  { id: '41-60', min: 41, max: 60 },
  { id: '61+', min: 61, max: MAX_AGE },
] as const;
export const AGE_GROUP_IDS = [...AGE_GROUPS.map((g) => g.id), 'unknown'] as const;
export type AgeGroup = (typeof AGE_GROUP_IDS)[number];
export const ageGroup = z.enum(AGE_GROUP_IDS);

/** Labels as the Incident Recorder prints them ("Age 0 - 11"); ids are language-neutral. */
export const AGE_GROUP_LABELS: Record<'en' | 'fr' | 'ar', Record<AgeGroup, string>> = {
  en: { '0-11': 'Age 0 - 11', '12-17': 'Age 12 - 17', '18-25': 'Age 18 - 25', '26-40': 'Age 26 - 40', '41-60': 'Age 41 - 60', '61+': 'Age 61 & older', unknown: 'Unknown' },
  fr: { '0-11': '0 - 11 ans', '12-17': '12 - 17 ans', '18-25': '18 - 25 ans', '26-40': '26 - 40 ans', '41-60': '41 - 60 ans', '61+': '61 ans et plus', unknown: 'Inconnu' },
  ar: { '0-11': '0 - 11 سنة', '12-17': '12 - 17 سنة', '18-25': '18 - 25 سنة', '26-40': '26 - 40 سنة', '41-60': '41 - 60 سنة', '61+': '61 سنة فأكثر', unknown: 'غير معروف' },
};

/** Refuses an age that is not a whole number of years from 0 to MAX_AGE. */
function checkAge(age: number, field: string): number {
  if (!ageInYears.safeParse(age).success) {
    throw invalid('survivor.age_invalid', `Give the age at the incident in whole years, from 0 to ${MAX_AGE} (an estimate will do).`, field);
  }
  return age;
}

/** The GBVIMS age group of an age at the incident; 'unknown' when no age is recorded. */
export function ageGroupOf(age: number | null | undefined): AgeGroup {
  if (age === null || age === undefined) return 'unknown';
  checkAge(age, 'ageAtIncident');
  return AGE_GROUPS.find((g) => age >= g.min && age <= g.max)!.id;
}

/**
 * CHD-1: true under 18 at the incident, false from 18, null when the age is unknown. Callers
 * decide what unknown means for them (consent refuses to guess; contexts raise nothing).
 */
export function isChild(ageAtIncident: number | null | undefined): boolean | null {
  if (ageAtIncident === null || ageAtIncident === undefined) return null;
  return checkAge(ageAtIncident, 'ageAtIncident') < CHILD_AGE_LIMIT;
}
