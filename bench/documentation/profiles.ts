/**
 * Plausible distributions of fictional survivors, incidents and cases for the benchmarks
 * (eastern DR Congo, where most reported GBV is rape and much of it is conflict-related).
 * The shares are round figures in the range GBVIMS reports publish, not any real data set:
 * they only make filters select realistic fractions of the rows.
 */
import { CLASSIFICATION_QUESTIONS, type ClassificationAnswers, type CrsvActId, type GbvType, type PerpetratorCategory, type PerpetratorRelationship } from '../../core/classify';
import type { IncidentTime } from '../../core/clinical';
import type { SeededRandom } from '../../server/demo/random';

export type Weighted<T> = ReadonlyArray<readonly [T, number]>;

/** A value drawn by weight (weights need not sum to 1). */
export function weighted<T>(random: SeededRandom, table: Weighted<T>): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let r = random.next() * total;
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[table.length - 1]![0];
}

export const GBV_TYPE_SHARES: Weighted<GbvType> = [
  ['rape', 0.58],
  ['sexual_assault', 0.09],
  ['physical_assault', 0.12],
  ['forced_marriage', 0.03],
  ['denial_of_resources_opportunities_or_services', 0.07],
  ['psychological_emotional_abuse', 0.09],
  ['non-gbv', 0.02],
];

export const PERPETRATOR_CATEGORY_SHARES: Weighted<PerpetratorCategory> = [
  ['non_state_armed_group', 0.34],
  ['state_forces', 0.14],
  ['civilian', 0.41],
  ['peacekeeper', 0.004],
  ['humanitarian_worker', 0.006],
  ['unknown', 0.1],
];

const CIVILIAN_RELATIONSHIPS: Weighted<PerpetratorRelationship> = [
  ['intimate_partner_former_partner', 0.38],
  ['family_other', 0.07],
  ['family_friend_neighbour', 0.14],
  ['other_resident_community_member', 0.2],
  ['no_relation', 0.12],
  ['supervisor_employer', 0.03],
  ['teacher_school_official', 0.02],
  ['unknown', 0.04],
];

/** The GBVIMS order of elimination: answering yes at a type's question and no before it yields that type. */
export function answersFor(type: GbvType): ClassificationAnswers {
  const answers: Record<string, 'yes' | 'no'> = {};
  for (const question of [...CLASSIFICATION_QUESTIONS].sort((a, b) => a.order - b.order)) {
    if (question.yesLeadsTo === type) {
      answers[question.id] = 'yes';
      return answers as ClassificationAnswers;
    }
    answers[question.id] = 'no';
  }
  return answers as ClassificationAnswers; // non-gbv: every answer no
}

function actsFor(random: SeededRandom, type: GbvType, armed: boolean): CrsvActId[] {
  if (type === 'rape') {
    const acts: CrsvActId[] = ['rape'];
    if (armed && random.next() < 0.08) acts.push('sexual_slavery');
    if (armed && random.next() < 0.04) acts.push('sexual_torture');
    if (random.next() < 0.03) acts.push('forced_nudity');
    return acts;
  }
  if (type === 'sexual_assault') return [random.next() < 0.6 ? 'attempted_rape' : 'sexual_harassment'];
  if (type === 'forced_marriage' && armed) return ['forced_marriage'];
  return [];
}

export interface SurvivorProfile {
  sex: string;
  age: number | null;
  disability: string;
  displacementStatus: string;
  maritalStatus: string;
  nationality: string;
}

const AGE_BANDS: Weighted<readonly [number, number]> = [
  [[3, 11], 0.07],
  [[12, 17], 0.24],
  [[18, 25], 0.27],
  [[26, 40], 0.27],
  [[41, 60], 0.12],
  [[61, 80], 0.03],
];

export function survivorProfile(random: SeededRandom): SurvivorProfile {
  const band = weighted(random, AGE_BANDS);
  const age = random.next() < 0.02 ? null : band[0] + random.int(band[1] - band[0] + 1);
  const child = age !== null && age < 18;
  return {
    sex: weighted(random, [['female', 0.94], ['male', 0.055], ['other', 0.005]]),
    age,
    disability: weighted(random, [['no', 0.93], ['physical_disability', 0.04], ['mental_disability', 0.02], ['both', 0.01]]),
    displacementStatus: weighted(random, [['idp', 0.45], ['resident', 0.35], ['returnee', 0.12], ['refugee', 0.05], ['asylum_seeker', 0.01], ['foreign_national', 0.01], ['stateless_person', 0.01]]),
    maritalStatus: child
      ? weighted(random, [['single', 0.85], ['married_cohabitating', 0.1], ['unknown_not_applicable', 0.05]])
      : weighted(random, [['single', 0.25], ['married_cohabitating', 0.45], ['divorced_separated', 0.1], ['widowed', 0.14], ['unknown_not_applicable', 0.06]]),
    nationality: weighted(random, [['Congolese (DRC)', 0.95], ['Rwandan', 0.02], ['Burundian', 0.02], ['Ugandan', 0.01]]),
  };
}

export interface IncidentProfile {
  time: IncidentTime;
  /** When the incident happened (or the start of its span), for the report date. */
  at: Date;
  reportDelayDays: number;
  timeOfDay: string;
  placeType: string;
  displacementStage: string;
  perpetratorCount: string;
  perpetratorSex: string;
  perpetratorAgeGroup: string;
  perpetratorRelationship: PerpetratorRelationship;
  perpetratorCategory: PerpetratorCategory;
  conflictContexts: string[];
  acts: CrsvActId[];
  answers: ClassificationAnswers;
  previouslyReported: boolean;
  previousGbvIncidents: boolean;
  goodsMoneyExchanged: boolean;
  abductionType: string;
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** An incident in the `years` before `now`; a few reported within days (open clinical windows). */
export function incidentProfile(random: SeededRandom, now: number, years: number): IncidentProfile {
  const type = weighted(random, GBV_TYPE_SHARES);
  const category = weighted(random, PERPETRATOR_CATEGORY_SHARES);
  const armed = category === 'state_forces' || category === 'non_state_armed_group';
  // Most survivors come weeks or months later; about one in six within three days.
  const atMs = now - Math.floor(random.next() * years * 365 * DAY) - 3600_000;
  const reportDelayDays = random.next() < 0.17 ? random.int(3) : Math.floor(random.next() ** 2 * 120);
  const precision = weighted(random, [['date', 0.6], ['exact', 0.22], ['range', 0.13], ['unknown', 0.05]] as const);
  const time: IncidentTime =
    precision === 'exact' ? { precision, at: new Date(atMs).toISOString() }
      : precision === 'date' ? { precision, date: isoDay(atMs), utcOffsetMinutes: random.next() < 0.7 ? 120 : null }
        : precision === 'range' ? { precision, earliest: new Date(atMs - (1 + random.int(10)) * DAY).toISOString(), latest: new Date(atMs).toISOString() }
          : { precision: 'unknown' };
  const conflictContexts = armed
    ? random.shuffle(['attack_on_village', 'armed_clashes', 'looting', 'abduction', 'checkpoint_search', 'occupation', 'forced_displacement']).slice(0, random.int(3))
    : [];
  return {
    time,
    at: new Date(atMs),
    reportDelayDays,
    timeOfDay: weighted(random, [['evening_night', 0.45], ['morning', 0.2], ['afternoon', 0.25], ['unknown_not_applicable', 0.1]]),
    placeType: armed
      ? weighted(random, [['bush_forest', 0.3], ['garden_cultivated_field', 0.25], ['road', 0.15], ['survivor_home', 0.15], ['checkpoint', 0.05], ['military_camp_base', 0.05], ['detention_facility', 0.05]])
      : weighted(random, [['survivor_home', 0.4], ['perpetrator_home', 0.15], ['garden_cultivated_field', 0.12], ['road', 0.1], ['market', 0.06], ['water_point', 0.05], ['displacement_site', 0.08], ['other', 0.04]]),
    displacementStage: weighted(random, [['not_displaced_home_community', 0.4], ['during_refuge', 0.3], ['during_flight', 0.12], ['post_displacement', 0.1], ['during_return_transit', 0.05], ['pre_displacement', 0.03]]),
    perpetratorCount: armed ? weighted(random, [['1', 0.35], ['2', 0.25], ['3', 0.15], ['more_than_3', 0.2], ['unknown', 0.05]]) : weighted(random, [['1', 0.85], ['2', 0.08], ['unknown', 0.07]]),
    perpetratorSex: weighted(random, [['male', 0.95], ['female', 0.02], ['both', 0.01], ['unknown', 0.02]]),
    perpetratorAgeGroup: weighted(random, [['18-25', 0.3], ['26-40', 0.45], ['41-60', 0.15], ['12-17', 0.03], ['unknown', 0.07]]),
    perpetratorRelationship: armed || category === 'peacekeeper' || category === 'humanitarian_worker' ? (random.next() < 0.9 ? 'no_relation' : 'unknown') : weighted(random, CIVILIAN_RELATIONSHIPS),
    perpetratorCategory: category,
    conflictContexts,
    acts: actsFor(random, type, armed),
    answers: answersFor(type),
    previouslyReported: random.next() < 0.12,
    previousGbvIncidents: random.next() < 0.2,
    goodsMoneyExchanged: category === 'peacekeeper' || category === 'humanitarian_worker' ? random.next() < 0.5 : random.next() < 0.02,
    abductionType: conflictContexts.includes('abduction') ? 'other_abduction_kidnapping' : 'none',
  };
}

export interface CaseProfile {
  status: 'open' | 'closure_requested' | 'closed';
  riskLevel: 'low' | 'medium' | 'high';
  planStatus: 'draft' | 'submitted' | 'approved' | 'returned';
  needs: string[];
  strengthKinds: string[];
}

export function caseProfile(random: SeededRandom): CaseProfile {
  const status = weighted(random, [['open', 0.45], ['closure_requested', 0.03], ['closed', 0.52]] as const);
  return {
    status,
    riskLevel: weighted(random, [['low', 0.3], ['medium', 0.5], ['high', 0.2]] as const),
    planStatus: status === 'open' ? weighted(random, [['draft', 0.2], ['submitted', 0.1], ['approved', 0.65], ['returned', 0.05]] as const) : 'approved',
    needs: ['medical', 'psychosocial', 'legal', 'safety', 'livelihood', 'education'].filter((_, i) => random.next() < [0.8, 0.9, 0.3, 0.35, 0.4, 0.1][i]!),
    strengthKinds: ['family', 'peers', 'community', 'faith', 'livelihood', 'survivor_group'].filter((_, i) => random.next() < [0.6, 0.3, 0.3, 0.5, 0.2, 0.15][i]!),
  };
}
