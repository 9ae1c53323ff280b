/**
 * Incident vocabularies that follow the GBVIMS Incident Recorder (IR) and Primero lookups, so
 * an export needs no mapping beyond the label. Labels are given in English and French, the
 * languages of the IR headers (incident-recorder-columns.*.yml), and in Arabic for the pages
 * (the IR export itself stays in English or French).
 */
import { z } from 'zod';

/** Languages of the Incident Recorder export. */
export type IrLanguage = 'en' | 'fr';
/** Languages every label exists in: the IR's, plus Arabic for the pages. */
export type VocabularyLanguage = IrLanguage | 'ar';

export interface IncidentVocabularyEntry {
  readonly id: string;
  readonly labels: Readonly<Record<VocabularyLanguage, string>>;
}

const e = (id: string, en: string, fr: string, ar: string): IncidentVocabularyEntry => ({ id, labels: { en, fr, ar } });

/** The label language for an interface language: English for those without their own labels. */
export const vocabularyLanguage = (lang: string): VocabularyLanguage => (lang === 'fr' || lang === 'ar' ? lang : 'en');

/** The IR's time-of-day column. */
export const TIMES_OF_DAY = [
  e('morning', 'Morning (sunrise to noon)', 'Matin (du lever du soleil à midi)', 'الصباح (من شروق الشمس حتى الظهر)'),
  e('afternoon', 'Afternoon (noon to sunset)', 'Après-midi (de midi au coucher du soleil)', 'بعد الظهر (من الظهر حتى غروب الشمس)'),
  e('evening_night', 'Evening/night (sunset to sunrise)', 'Soir/nuit (du coucher au lever du soleil)', 'المساء/الليل (من غروب الشمس حتى شروقها)'),
  e('unknown_not_applicable', 'Unknown/Not applicable', 'Inconnu/Non applicable', 'غير معروف/لا ينطبق'),
] as const;

/** Place types: the IR list, plus the places of conflict-related violence (checkpoint, detention). */
export const PLACE_TYPES = [
  e('bush_forest', 'Bush/forest', 'Brousse/forêt', 'أحراش/غابة'),
  e('garden_cultivated_field', 'Garden/cultivated field', 'Jardin/champ cultivé', 'حديقة/حقل مزروع'),
  e('school', 'School', 'École', 'مدرسة'),
  e('road', 'Road', 'Route', 'طريق'),
  e('survivor_home', "Survivor's home", 'Domicile de la survivante', 'منزل الناجية'),
  e('perpetrator_home', "Perpetrator's home", "Domicile de l'auteur", 'منزل الجاني'),
  e('other_residence', 'Other residence', 'Autre résidence', 'مسكن آخر'),
  e('market', 'Market', 'Marché', 'سوق'),
  e('water_point', 'Water point', "Point d'eau", 'نقطة مياه'),
  e('health_facility', 'Health facility', 'Structure de santé', 'مرفق صحي'),
  e('place_of_worship', 'Place of worship', 'Lieu de culte', 'دار عبادة'),
  e('workplace', 'Workplace', 'Lieu de travail', 'مكان العمل'),
  e('checkpoint', 'Checkpoint', 'Barrage / poste de contrôle', 'حاجز / نقطة تفتيش'),
  e('military_camp_base', 'Military camp or base', 'Camp ou base militaire', 'معسكر أو قاعدة عسكرية'),
  e('detention_facility', 'Detention facility', 'Lieu de détention', 'مرفق احتجاز'),
  e('displacement_site', 'Camp or displacement site', 'Camp ou site de déplacés', 'مخيم أو موقع نزوح'),
  e('other', 'Other', 'Autre', 'أخرى'),
  e('unknown', 'Unknown', 'Inconnu', 'غير معروف'),
] as const;

/** The IR's stage of displacement at the incident. */
export const DISPLACEMENT_STAGES = [
  e('not_displaced_home_community', 'Not displaced/home community', 'Non déplacé/communauté d’origine', 'غير نازحة/المجتمع الأصلي'),
  e('pre_displacement', 'Pre-displacement', 'Avant le déplacement', 'قبل النزوح'),
  e('during_flight', 'During flight', 'Pendant la fuite', 'أثناء الفرار'),
  e('during_refuge', 'During refuge', 'Pendant le refuge', 'أثناء اللجوء'),
  e('during_return_transit', 'During return/transit', 'Pendant le retour/transit', 'أثناء العودة/العبور'),
  e('post_displacement', 'Post-displacement', 'Après le déplacement', 'بعد النزوح'),
] as const;

/** The IR's "No. alleged primary perpetrator(s)". */
export const PERPETRATOR_COUNTS = [
  e('1', '1', '1', '1'),
  e('2', '2', '2', '2'),
  e('3', '3', '3', '3'),
  e('more_than_3', 'More than 3', 'Plus de 3', 'أكثر من 3'),
  e('unknown', 'Unknown', 'Inconnu', 'غير معروف'),
] as const;

/** The IR's perpetrator sex (M, F, M and F). */
export const PERPETRATOR_SEXES = [
  e('male', 'M', 'Masculin', 'ذكر'),
  e('female', 'F', 'Féminin', 'أنثى'),
  e('both', 'M and F', 'Masculin et Féminin', 'ذكر وأنثى'),
  e('unknown', 'Unknown', 'Inconnu', 'غير معروف'),
] as const;

/**
 * What was happening around the incident (issue 3 part 3): the conflict events that make
 * sexual violence conflict-related. Detention and abduction also mean the survivor was held
 * (the captivity reason of the possible-sexual-slavery context).
 */
export const CONFLICT_CONTEXTS = [
  e('attack_on_village', 'Attack on a village or town', "Attaque d'un village ou d'une ville", 'هجوم على قرية أو بلدة'),
  e('armed_clashes', 'Armed clashes nearby', 'Affrontements armés à proximité', 'اشتباكات مسلحة في الجوار'),
  e('detention', 'Detention', 'Détention', 'احتجاز'),
  e('abduction', 'Abduction', 'Enlèvement', 'اختطاف'),
  e('checkpoint_search', 'Checkpoint or search', 'Barrage ou fouille', 'حاجز أو تفتيش'),
  e('looting', 'Looting', 'Pillage', 'نهب'),
  e('forced_displacement', 'Forced displacement or flight', 'Déplacement forcé ou fuite', 'تهجير قسري أو فرار'),
  e('forced_recruitment', 'Forced recruitment', 'Recrutement forcé', 'تجنيد قسري'),
  e('occupation', 'Occupation of the area by armed actors', "Occupation de la zone par des acteurs armés", 'سيطرة جهات مسلحة على المنطقة'),
  e('other', 'Other', 'Autre', 'أخرى'),
] as const;

export const CAPTIVITY_CONTEXTS: readonly string[] = ['detention', 'abduction'];

const ids = <T extends readonly IncidentVocabularyEntry[]>(list: T) =>
  list.map((x) => x.id) as unknown as [T[number]['id'], ...T[number]['id'][]];

export const timeOfDay = z.enum(ids(TIMES_OF_DAY));
export const placeType = z.enum(ids(PLACE_TYPES));
export const displacementStage = z.enum(ids(DISPLACEMENT_STAGES));
export const perpetratorCount = z.enum(ids(PERPETRATOR_COUNTS));
export const perpetratorSex = z.enum(ids(PERPETRATOR_SEXES));
export const conflictContext = z.enum(ids(CONFLICT_CONTEXTS));

export type TimeOfDay = z.infer<typeof timeOfDay>;
export type PlaceType = z.infer<typeof placeType>;
export type DisplacementStage = z.infer<typeof displacementStage>;
export type PerpetratorCount = z.infer<typeof perpetratorCount>;
export type PerpetratorSex = z.infer<typeof perpetratorSex>;
export type ConflictContext = z.infer<typeof conflictContext>;

export const INCIDENT_VOCABULARIES = {
  timeOfDay: TIMES_OF_DAY,
  placeType: PLACE_TYPES,
  displacementStage: DISPLACEMENT_STAGES,
  perpetratorCount: PERPETRATOR_COUNTS,
  perpetratorSex: PERPETRATOR_SEXES,
  conflictContext: CONFLICT_CONTEXTS,
} as const;

/** The label of an id, or the id itself when the list does not have it (old records). */
export function incidentLabel(list: readonly IncidentVocabularyEntry[], id: string | null | undefined, lang: VocabularyLanguage): string {
  if (id === null || id === undefined) return '';
  return list.find((x) => x.id === id)?.labels[lang] ?? id;
}
