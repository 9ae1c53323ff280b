/**
 * Contexts are not types (GBVIMS-NOTES): they are derived from other fields of the incident so
 * that no one has to pick them, and each comes with the reasons that raised it, so a worker can
 * see why an incident is flagged. Rules:
 * - intimate partner violence: a perpetrator is an intimate partner or former partner;
 * - child sexual abuse: rape or sexual assault of a survivor under 18 at the incident (CHD-1);
 * - early marriage: forced marriage of a survivor under 18;
 * - possible sexual exploitation: rape or sexual assault with money, goods, benefits or
 *   services exchanged (the Incident Recorder rule), or a recorded act of forced prostitution;
 * - sexual exploitation and abuse (SEA): sexual violence by a peacekeeper or a humanitarian or
 *   development worker, with or without an exchange (abuse is SEA too);
 * - possible sexual slavery: sexual violence with an abduction or captivity (the CRSV form),
 *   or a recorded act of sexual slavery.
 * "Sexual violence" for SEA and slavery means a sexual type or any recorded CRSV act: every act
 * in CRSV_ACTS is sexual violence in the UN definition of CRSV. Non-GBV incidents get none.
 */
import { z } from 'zod';
import { isChild } from '../survivors/age';
import type { CrsvActId } from './acts';
import { isSexualGbvType, NON_GBV, type GbvType } from './gbv-types';

/** Alleged perpetrator - survivor relationship, the Incident Recorder's list. */
export const PERPETRATOR_RELATIONSHIPS = [
  'intimate_partner_former_partner',
  'primary_caregiver',
  'family_other',
  'supervisor_employer',
  'schoolmate',
  'teacher_school_official',
  'service_provider',
  'cotenant_housemate',
  'family_friend_neighbour',
  'other_refugee_idp_returnee',
  'other_resident_community_member',
  'other',
  'no_relation',
  'unknown',
] as const;
export type PerpetratorRelationship = (typeof PERPETRATOR_RELATIONSHIPS)[number];
export const perpetratorRelationship = z.enum(PERPETRATOR_RELATIONSHIPS);

/** Conflict-related marker (DESIGN capability 1): who the perpetrator acted as. */
export const PERPETRATOR_CATEGORIES = [
  'state_forces',
  'non_state_armed_group',
  'peacekeeper',
  'humanitarian_worker',
  'civilian',
  'unknown',
] as const;
export type PerpetratorCategory = (typeof PERPETRATOR_CATEGORIES)[number];
export const perpetratorCategory = z.enum(PERPETRATOR_CATEGORIES);

/** Type of abduction at the time of the incident, the Incident Recorder's list. */
export const ABDUCTION_TYPES = ['none', 'forced_conscription', 'trafficked', 'other_abduction_kidnapping', 'unknown'] as const;
export type AbductionType = (typeof ABDUCTION_TYPES)[number];
export const abductionType = z.enum(ABDUCTION_TYPES);

export const INCIDENT_CONTEXTS = [
  'intimate_partner_violence',
  'child_sexual_abuse',
  'early_marriage',
  'possible_sexual_exploitation',
  'sexual_exploitation_and_abuse',
  'possible_sexual_slavery',
] as const;
export type IncidentContext = (typeof INCIDENT_CONTEXTS)[number];

export interface ContextPerpetrator {
  readonly relationship?: PerpetratorRelationship | null;
  readonly category?: PerpetratorCategory | null;
}

export interface ContextInput {
  readonly type: GbvType;
  /** Age in years at the incident; null when unknown (then no age-based context is raised). */
  readonly survivorAgeAtIncident: number | null;
  readonly perpetrators?: readonly ContextPerpetrator[];
  /** "Money, goods, benefits and/or services exchanged?" */
  readonly goodsOrMoneyExchanged?: boolean | null;
  readonly abduction?: AbductionType | null;
  /** Held in detention or captivity by the perpetrator(s) at the incident. */
  readonly heldInCaptivity?: boolean | null;
  readonly acts?: readonly CrsvActId[];
}

/** A reason code: 'type:rape', 'age_under_18', 'relationship:…', 'perpetrator:…', 'abduction:…', 'act:…', 'exchange', 'captivity'. */
export type ContextReason = string;

export interface DerivedContext {
  readonly context: IncidentContext;
  readonly reasons: readonly ContextReason[];
}

const SEA_CATEGORIES: readonly PerpetratorCategory[] = ['peacekeeper', 'humanitarian_worker'];
const ABDUCTED: readonly AbductionType[] = ['forced_conscription', 'trafficked', 'other_abduction_kidnapping'];

/** The contexts an incident falls in, in the order of INCIDENT_CONTEXTS, each with its reasons. */
export function deriveIncidentContexts(input: ContextInput): DerivedContext[] {
  if (input.type === NON_GBV) return [];
  const perpetrators = input.perpetrators ?? [];
  const acts = input.acts ?? [];
  const child = isChild(input.survivorAgeAtIncident) === true;
  const sexualType = isSexualGbvType(input.type);
  const sexualViolence = sexualType || acts.length > 0;
  const violenceReasons = [...(sexualType ? [`type:${input.type}`] : []), ...acts.map((act) => `act:${act}`)];
  const found = new Map<IncidentContext, ContextReason[]>();

  if (perpetrators.some((p) => p.relationship === 'intimate_partner_former_partner')) {
    found.set('intimate_partner_violence', ['relationship:intimate_partner_former_partner']);
  }
  if (child && sexualType) found.set('child_sexual_abuse', [`type:${input.type}`, 'age_under_18']);
  if (child && input.type === 'forced_marriage') found.set('early_marriage', ['type:forced_marriage', 'age_under_18']);

  const exploitation: ContextReason[] = [];
  if (sexualType && input.goodsOrMoneyExchanged === true) exploitation.push(`type:${input.type}`, 'exchange');
  if (acts.includes('forced_prostitution')) exploitation.push('act:forced_prostitution');
  if (exploitation.length > 0) found.set('possible_sexual_exploitation', exploitation);

  const seaCategories = SEA_CATEGORIES.filter((c) => perpetrators.some((p) => p.category === c));
  if (sexualViolence && seaCategories.length > 0) {
    found.set('sexual_exploitation_and_abuse', [...seaCategories.map((c) => `perpetrator:${c}`), ...violenceReasons]);
  }

  const held: ContextReason[] = [];
  if (input.abduction && ABDUCTED.includes(input.abduction)) held.push(`abduction:${input.abduction}`);
  if (input.heldInCaptivity === true) held.push('captivity');
  const slavery: ContextReason[] = [];
  if (held.length > 0 && sexualViolence) slavery.push(...held, ...violenceReasons.filter((r) => r !== 'act:sexual_slavery'));
  if (acts.includes('sexual_slavery')) slavery.push('act:sexual_slavery');
  if (slavery.length > 0) found.set('possible_sexual_slavery', slavery);

  return INCIDENT_CONTEXTS.filter((c) => found.has(c)).map((context) => ({ context, reasons: found.get(context)! }));
}
