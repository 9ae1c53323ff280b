/**
 * Default vocabularies of the survivor profile. Deployments configure these lists (add, hide,
 * relabel); the ids below are the defaults and follow the GBVIMS Incident Recorder / Primero
 * lookups so exports need no mapping (Primero's 'married_cohabitating' spelling included).
 */
export type VocabularyLanguage = 'en' | 'fr' | 'ar';

export interface VocabularyEntry {
  readonly id: string;
  readonly labels: Readonly<Record<VocabularyLanguage, string>>;
}

const entry = (id: string, en: string, fr: string, ar: string): VocabularyEntry => ({ id, labels: { en, fr, ar } });

/** GBVIMS records female and male; 'other' lets a deployment record more without free text. */
const sex = [
  entry('female', 'Female', 'Féminin', 'أنثى'),
  entry('male', 'Male', 'Masculin', 'ذكر'),
  entry('other', 'Other', 'Autre', 'آخر'),
] as const;

/** The Incident Recorder's "person with disability?" answers. */
const disability = [
  entry('no', 'No', 'Non', 'لا'),
  entry('mental_disability', 'Mental disability', 'Handicap mental', 'إعاقة ذهنية'),
  entry('physical_disability', 'Physical disability', 'Handicap physique', 'إعاقة جسدية'),
  entry('both', 'Mental and physical disability', 'Handicap mental et physique', 'إعاقة ذهنية وجسدية'),
] as const;

/** Displacement status at the time of the report. */
const displacementStatus = [
  entry('resident', 'Resident', 'Résident(e)', 'مقيم'),
  entry('idp', 'Internally displaced person (IDP)', 'Personne déplacée interne (PDI)', 'نازح داخليًا'),
  entry('refugee', 'Refugee', 'Réfugié(e)', 'لاجئ'),
  entry('returnee', 'Returnee', 'Rapatrié(e) / retourné(e)', 'عائد'),
  entry('stateless_person', 'Stateless person', 'Apatride', 'شخص عديم الجنسية'),
  entry('asylum_seeker', 'Asylum seeker', "Demandeur(se) d'asile", 'طالب لجوء'),
  entry('foreign_national', 'Foreign national', 'Ressortissant(e) étranger(ère)', 'من الرعايا الأجانب'),
] as const;

const maritalStatus = [
  entry('single', 'Single', 'Célibataire', 'أعزب / عزباء'),
  entry('married_cohabitating', 'Married / cohabiting', 'Marié(e) / en concubinage', 'متزوج / يعيش مع شريك'),
  entry('divorced_separated', 'Divorced / separated', 'Divorcé(e) / séparé(e)', 'مطلق / منفصل'),
  entry('widowed', 'Widowed', 'Veuf / veuve', 'أرمل / أرملة'),
  entry('unknown_not_applicable', 'Unknown / not applicable', 'Inconnu / sans objet', 'غير معروف / لا ينطبق'),
] as const;

export const DEFAULT_VOCABULARIES = { sex, disability, displacementStatus, maritalStatus } as const;
export type VocabularyName = keyof typeof DEFAULT_VOCABULARIES;
export const VOCABULARY_NAMES = Object.keys(DEFAULT_VOCABULARIES) as VocabularyName[];

export type SexId = (typeof sex)[number]['id'];
export type DisabilityId = (typeof disability)[number]['id'];
export type DisplacementStatusId = (typeof displacementStatus)[number]['id'];
export type MaritalStatusId = (typeof maritalStatus)[number]['id'];

/**
 * The label of an id in a vocabulary (configured or default), in lang or English; the id
 * itself when the list does not have it, so a removed value still shows on old records.
 */
export function vocabularyLabel(
  entries: readonly VocabularyEntry[],
  id: string,
  lang: string,
): string {
  const found = entries.find((e) => e.id === id);
  if (!found) return id;
  const primary = lang.toLowerCase().split(/[-_]/)[0] ?? '';
  return primary in found.labels ? found.labels[primary as VocabularyLanguage] : found.labels.en;
}
