/**
 * The GBVIMS Incident Recorder (IR) column layout, for the export of issue 3 part 10. Headers
 * are those of ../shared/data/gbvims/incident-recorder-columns.{en,fr}.yml (Primero's IR
 * export), in that file's order, built here as data so nothing parses YAML at run time.
 *
 * MIN-1 decides every cell (the source field's class in core/survivors/sensitivity.ts):
 * - identifying fields never appear: date of birth, names, narrative, exact location stay empty;
 * - sensitive fields (report and incident dates, nationality, disability) are filled only for
 *   roles that read them (`sensitive: true`); otherwise the incident date is its month and the
 *   others are empty;
 * - SURVIVOR CODE is filled, but not with the survivor's code: the caller passes a pseudonym
 *   valid within one export file (an HMAC under a key thrown away after the export), so the IR
 *   can still count survivors versus incidents while the file cannot be joined to the case
 *   records or to another export (the real code is 'sensitive': it links every record of one
 *   person);
 * - columns Weft does not record (ethnicity, harmful traditional practice, occupation-level
 *   detail, services) stay empty rather than guessed.
 */
import { AGE_GROUP_LABELS, type AgeGroup } from '../survivors/age';
import { DEFAULT_VOCABULARIES, vocabularyLabel } from '../survivors/vocabularies';
import { classifyText, type ClassifyMessageKey } from '../classify/messages';
import { DISPLACEMENT_STAGES, PERPETRATOR_COUNTS, PERPETRATOR_SEXES, PLACE_TYPES, TIMES_OF_DAY, incidentLabel, type IrLanguage } from './vocabularies';

export interface IrColumn {
  readonly key: string;
  readonly header: Readonly<Record<IrLanguage, string>>;
}

const c = (key: string, en: string, fr: string): IrColumn => ({ key, header: { en, fr } });

/** The IR columns in order (headers trimmed of the source file's trailing spaces). */
export const IR_COLUMNS: readonly IrColumn[] = [
  c('incident_id', 'INCIDENT ID', "ID de l'incident"),
  c('survivor_code', 'SURVIVOR CODE', 'Code du survivant'),
  c('case_manager_code', 'CASE MANAGER CODE', 'Code du gestionnaire de cas'),
  c('case_worker_code', 'CASEWORKER CODE', 'Code du travailleur social'),
  c('date_of_interview', 'DATE OF INTERVIEW', "Date de l'interview"),
  c('date_of_incident', 'DATE OF INCIDENT', "Date de l'incident"),
  c('date_of_birth', 'DATE OF BIRTH', 'Date de naissance'),
  c('sex', 'SEX', 'Sexe'),
  c('ethnicity', 'ETHNICITY', 'Ethnie'),
  c('country_of_origin', 'COUNTRY OF ORIGIN', "Pays d'origine"),
  c('marital_status', 'CIVIL / MARITAL STATUS', 'Situation civil / matrimoniale'),
  c('displacement_status', 'DISPLACEMENT STATUS AT REPORT', 'Statut de déplacement au moment de la déclaration'),
  c('disability_type', 'PERSON WITH DISABILITY?', 'Personne vivant avec un handicap ?'),
  c('unaccompanied_separated_status', 'UNACCOMPANIED OR SEPARATED CHILD?', 'Enfant non accompagné ou séparé ?'),
  c('stage_of_displacement', 'STAGE OF DISPLACEMENT AT INCIDENT', "Etape du déplacement au moment de l'incident"),
  c('time_of_day', 'INCIDENT TIME OF DAY', "Moment de l'incident"),
  c('location', 'INCIDENT LOCATION', "Lieu de l'incident"),
  c('county', 'INCIDENT COUNTY', "Pays où a eu lieu l'incident"),
  c('district', 'INCIDENT DISTRICT', "District où a eu lieu l'incident"),
  c('camp_town', 'INCIDENT CAMP / TOWN', "Ville où a eu lieu l'incident"),
  c('camp', 'INCIDENT CAMP', "Camp où à eu lieu l'incident"),
  c('gbv_type', 'GBV TYPE', 'Type de violence basé sur le genre'),
  c('harmful_traditional_practice', 'HARMFUL TRADITIONAL PRACTICE', 'Pratique traditionnel  néfaste'),
  c('goods_money_exchanged', 'MONEY, GOODS, BENEFITS AND / OR SERVICES EXCHANGED ?', 'Argent, biens, bénéfice ou services échangés ?'),
  c('abduction_type', 'TYPE OF ABDUCTION', "Type d'enlèvement"),
  c('previously_reported', 'PREVIOUSLY REPORTED THIS INCIDENT?', 'a précédemment rapporté cet Incident?'),
  c('gbv_previous_incidents', 'PREVIOUS GBV INCIDENTS?', 'Précédent incident de violences basées sur le genre'),
  c('number_primary_perpetrators', 'No. ALLEGED PRIMARY PERPETRATOR(S)', 'Nombre de présumé(s) auteurs primaires'),
  c('perpetrator.sex', 'ALLEGED PERPETRATOR SEX', 'Sexe du présumé auteur'),
  c('perpetrator.former', 'PREVIOUS INCIDENT WITH THIS PERPETRATOR', 'Précédent incident avec cet auteur'),
  c('perpetrator.relationship', 'ALLEGED PERPETRATOR - SURVIVOR RELATIONSHIP', 'Relation entre la survivante et le présumé auteur'),
  c('perpetrator.occupation', 'ALLEGED PERPETRATOR OCCUPATION', 'Profession du présumé auteur'),
  c('perpetrator.age_group', 'ALLEGED PERPETRATOR AGE GROUP', 'Tranche d’âge du présumé auteur'),
  c('perpetrator.age_type', 'ALLEGED PERPETRATOR AGE TYPE', 'Tranche d’âge du présumé auteur'),
  c('service.referred_from', 'REFERRED TO YOU FROM?', 'Référé par'),
  c('service.safehouse_referral', 'SAFE HOUSE / SHELTER', 'Hébergement sûr / Abris'),
  c('service.medical_referral', 'HEALTH / MEDICAL SERVICES', 'Soins médicaux'),
  c('service.psycho_referral', 'PSYCHOSOCIAL SERVICES', 'Appui psychosocial'),
  c('service.wants_legal_action', 'WANTS LEGAL ACTION?', "Besoin d'une action légale"),
  c('service.legal_referral', 'LEGAL ASSISTANCE SERVICES', "Service d'assistance légale"),
  c('service.police_referral', 'POLICE / OTHER SECURITY ACTOR', 'Police/ autres acteur de la sécurité'),
  c('service.livelihoods_referral', 'LIVELIHOODS PROGRAM', "Programme d'appui aux moyens de subsistances"),
  c('service.protection_referral', 'CHILD PROTECTION SERVICES / EDUCATION SERVICES', "Services Protection de l'enfance et d'éducation"),
  c('consent', 'CONSENT GIVEN', 'Consentement obtenu'),
  c('agency_code', 'REPORTING AGENCY CODE', 'Code de la structure rapportant le cas'),
];

export const irHeaders = (lang: IrLanguage): string[] => IR_COLUMNS.map((column) => column.header[lang]);

const YES_NO: Record<IrLanguage, { yes: string; no: string }> = { en: { yes: 'Yes', no: 'No' }, fr: { yes: 'Oui', no: 'Non' } };
const GENDER: Record<IrLanguage, Record<string, string>> = {
  en: { male: 'M', female: 'F' },
  fr: { male: 'Masculin', female: 'Féminin' },
};
const AGE_TYPE: Record<IrLanguage, Record<'adult' | 'minor' | 'unknown', string>> = {
  en: { adult: 'Adult', minor: 'Minor', unknown: 'Unknown' },
  fr: { adult: 'Adulte', minor: 'Mineur', unknown: 'Inconnu' },
};

/** What one IR row is made of: coded values only, no free text (MIN-1). */
export interface IrRecord {
  readonly incidentCode: string;
  /** A pseudonym valid within this export only (see the file comment). */
  readonly survivorPseudonym: string;
  readonly reportDate: string;
  readonly incidentDate: string | null;
  readonly survivorSex: string | null;
  readonly nationality: string | null;
  readonly maritalStatus: string | null;
  readonly displacementStatus: string | null;
  readonly disability: string | null;
  readonly displacementStage: string | null;
  readonly timeOfDay: string | null;
  readonly placeType: string | null;
  /** Names of the incident's area and its ancestors, by level (1 = province/county). */
  readonly areaNames: Readonly<Record<number, string>>;
  readonly gbvType: string;
  readonly goodsMoneyExchanged: boolean | null;
  readonly abductionType: string | null;
  readonly previouslyReported: boolean | null;
  readonly previousGbvIncidents: boolean | null;
  readonly perpetratorCount: string | null;
  readonly perpetratorSex: string | null;
  readonly perpetratorRelationship: string | null;
  readonly perpetratorCategory: string | null;
  readonly perpetratorAgeGroup: string | null;
  readonly agencyCode: string;
}

export interface IrRowOptions {
  readonly lang: IrLanguage;
  /** The exporting role reads sensitive fields (identifying.read): exact dates and the like. */
  readonly sensitive: boolean;
}

const yesNo = (value: boolean | null, lang: IrLanguage) => (value === null ? '' : value ? YES_NO[lang].yes : YES_NO[lang].no);
const classify = (prefix: string, id: string | null, lang: IrLanguage) => {
  if (id === null) return '';
  const text = classifyText(lang, `${prefix}.${id}` as ClassifyMessageKey);
  return text ?? id;
};
const ageType = (group: string | null, lang: IrLanguage) => {
  if (group === null) return '';
  if (group === '0-11' || group === '12-17') return AGE_TYPE[lang].minor;
  return group === 'unknown' ? AGE_TYPE[lang].unknown : AGE_TYPE[lang].adult;
};
const ageGroupLabel = (group: string | null, lang: IrLanguage) =>
  group === null ? '' : (AGE_GROUP_LABELS[lang][group as AgeGroup] ?? group);

/** One IR row, the cells in IR_COLUMNS order. */
export function irRow(record: IrRecord, options: IrRowOptions): string[] {
  const { lang, sensitive } = options;
  const vocab = (name: keyof typeof DEFAULT_VOCABULARIES, id: string | null) => (id === null ? '' : vocabularyLabel(DEFAULT_VOCABULARIES[name], id, lang));
  const cells: Record<string, string> = {
    incident_id: record.incidentCode,
    survivor_code: record.survivorPseudonym,
    date_of_interview: sensitive ? record.reportDate : '',
    // Without the right to read exact dates, the month is what monthly IR statistics need.
    date_of_incident: record.incidentDate === null ? '' : sensitive ? record.incidentDate : record.incidentDate.slice(0, 7),
    sex: record.survivorSex === null ? '' : (GENDER[lang][record.survivorSex] ?? vocab('sex', record.survivorSex)),
    country_of_origin: sensitive ? (record.nationality ?? '') : '',
    marital_status: vocab('maritalStatus', record.maritalStatus),
    displacement_status: vocab('displacementStatus', record.displacementStatus),
    disability_type: sensitive ? vocab('disability', record.disability) : '',
    stage_of_displacement: incidentLabel(DISPLACEMENT_STAGES, record.displacementStage, lang),
    time_of_day: incidentLabel(TIMES_OF_DAY, record.timeOfDay, lang),
    location: incidentLabel(PLACE_TYPES, record.placeType, lang),
    county: record.areaNames[1] ?? '',
    district: record.areaNames[2] ?? '',
    camp_town: record.areaNames[3] ?? '',
    gbv_type: classify('classify.type', record.gbvType, lang),
    goods_money_exchanged: yesNo(record.goodsMoneyExchanged, lang),
    abduction_type: classify('classify.abduction', record.abductionType, lang),
    previously_reported: yesNo(record.previouslyReported, lang),
    gbv_previous_incidents: yesNo(record.previousGbvIncidents, lang),
    number_primary_perpetrators: incidentLabel(PERPETRATOR_COUNTS, record.perpetratorCount, lang),
    'perpetrator.sex': incidentLabel(PERPETRATOR_SEXES, record.perpetratorSex, lang),
    'perpetrator.relationship': classify('classify.relationship', record.perpetratorRelationship, lang),
    // Who the perpetrator acted as (armed forces, armed group, peacekeeper...): the IR's occupation.
    'perpetrator.occupation': classify('classify.perpetratorCategory', record.perpetratorCategory, lang),
    'perpetrator.age_group': ageGroupLabel(record.perpetratorAgeGroup, lang),
    'perpetrator.age_type': ageType(record.perpetratorAgeGroup, lang),
    // Only incidents with a live statistics consent are exported at all.
    consent: YES_NO[lang].yes,
    agency_code: record.agencyCode,
  };
  return IR_COLUMNS.map((column) => cells[column.key] ?? '');
}
