/**
 * What the server derives from an incident's recorded facts, so no one has to pick it: the one
 * GBVIMS type (from the yes/no answers), the contexts, the CRSV and SEA flags, and the age
 * group and child flag at the incident (CHD-1). Pure, shared with the browser for previews.
 */
import { classifyIncident, deriveIncidentContexts, isSexualGbvType, type ClassificationAnswers, type CrsvActId, type GbvType, type IncidentContext, type PerpetratorCategory, type PerpetratorRelationship, type AbductionType } from '../classify';
import { DomainError, invalid } from '../errors';
import type { IncidentTime } from '../clinical/clock';
import { ageGroupOf, isChild, type AgeGroup } from '../survivors/age';
import { CAPTIVITY_CONTEXTS } from './vocabularies';

/** Perpetrators acting for a party to the conflict (DESIGN capability 1: conflict-related). */
export const CONFLICT_PARTY_CATEGORIES: readonly PerpetratorCategory[] = ['state_forces', 'non_state_armed_group'];
/** Sexual exploitation and abuse: perpetrators owing a duty of care to the population. */
export const SEA_CATEGORIES: readonly PerpetratorCategory[] = ['peacekeeper', 'humanitarian_worker'];

export interface DerivationInput {
  readonly classificationAnswers: ClassificationAnswers;
  readonly acts: readonly CrsvActId[];
  readonly survivorAgeAtIncident: number | null;
  readonly perpetratorRelationship: PerpetratorRelationship | null;
  readonly perpetratorCategory: PerpetratorCategory | null;
  readonly goodsMoneyExchanged: boolean | null;
  readonly abductionType: AbductionType | null;
  readonly conflictContexts: readonly string[];
}

export interface Derived {
  readonly gbvType: GbvType;
  readonly derivedContexts: IncidentContext[];
  readonly isCrsv: boolean;
  readonly isSea: boolean;
  readonly ageGroup: AgeGroup;
  readonly isChild: boolean | null;
}

/** core/classify names fields `answers.<question>`; the incident body calls them classificationAnswers. */
function renamed(error: unknown): unknown {
  if (error instanceof DomainError && error.field?.startsWith('answers')) {
    return invalid(error.code, error.message, `classificationAnswers${error.field.slice('answers'.length)}`);
  }
  return error;
}

/** Throws a validation DomainError naming the question when the answers do not decide a type. */
export function deriveIncident(input: DerivationInput): Derived {
  let gbvType: GbvType;
  try {
    gbvType = classifyIncident(input.classificationAnswers, input.acts).type;
  } catch (error) {
    throw renamed(error);
  }
  const perpetrators = [{ relationship: input.perpetratorRelationship, category: input.perpetratorCategory }];
  const contexts = deriveIncidentContexts({
    type: gbvType,
    survivorAgeAtIncident: input.survivorAgeAtIncident,
    perpetrators,
    goodsOrMoneyExchanged: input.goodsMoneyExchanged,
    abduction: input.abductionType,
    heldInCaptivity: input.conflictContexts.some((c) => CAPTIVITY_CONTEXTS.includes(c)) || null,
    acts: input.acts,
  });
  const sexualViolence = isSexualGbvType(gbvType) || input.acts.length > 0;
  const category = input.perpetratorCategory;
  // CRSV: sexual violence by a party to the conflict, or in a conflict event (attack,
  // detention, abduction...). SEA by peacekeepers or aid workers is flagged on its own (isSea).
  const conflictRelated = (category !== null && CONFLICT_PARTY_CATEGORIES.includes(category)) || input.conflictContexts.length > 0;
  return {
    gbvType,
    derivedContexts: contexts.map((c) => c.context),
    isCrsv: gbvType !== 'non-gbv' && sexualViolence && conflictRelated,
    isSea: category !== null && SEA_CATEGORIES.includes(category),
    ageGroup: ageGroupOf(input.survivorAgeAtIncident),
    isChild: isChild(input.survivorAgeAtIncident),
  };
}

/**
 * The columns that let SQL sort and filter by incident time: the span of possible instants
 * (the same span core/clinical reasons on: a date without an offset covers every time zone)
 * and the calendar date as the worker wrote it (null when unknown; a range gives its first day).
 */
export interface IncidentTimeColumns {
  readonly incidentDate: string | null;
  readonly earliestAt: Date | null;
  readonly latestAt: Date | null;
}

const HOUR_MS = 3_600_000;

export function incidentTimeColumns(time: IncidentTime): IncidentTimeColumns {
  switch (time.precision) {
    case 'exact': {
      const at = new Date(time.at);
      return { incidentDate: time.at.slice(0, 10), earliestAt: at, latestAt: at };
    }
    case 'date': {
      const midnight = Date.parse(`${time.date}T00:00:00Z`);
      const offset = time.utcOffsetMinutes;
      const earliest = offset === null || offset === undefined ? midnight - 14 * HOUR_MS : midnight - offset * 60_000;
      const latest = offset === null || offset === undefined ? midnight + 36 * HOUR_MS : earliest + 24 * HOUR_MS;
      return { incidentDate: time.date, earliestAt: new Date(earliest), latestAt: new Date(latest) };
    }
    case 'range':
      return { incidentDate: time.earliest.slice(0, 10), earliestAt: new Date(time.earliest), latestAt: new Date(time.latest) };
    case 'unknown':
      return { incidentDate: null, earliestAt: null, latestAt: null };
  }
}
