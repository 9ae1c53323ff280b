/**
 * The rules of recording an incident, shared by creation and update: its code, the checks of
 * its dates and area (each naming the body field it refuses), the columns derived from its
 * classification, and the sealing of its narrative and exact location (STO-3).
 */
import { randomInt } from 'node:crypto';
import type {
  ClassificationAnswers,
  CrsvActId,
  PerpetratorCategory,
  PerpetratorRelationship,
  AbductionType,
} from '../../../core/classify';
import { clinicalWindows, type IncidentTime } from '../../../core/clinical';
import { DomainError, invalid } from '../../../core/errors';
import { deriveIncident } from '../../../core/gbvims/derive';
import type { Executor } from '../../db/database';
import type { Survivor } from '../../db/schema';
import type { AppContext } from '../../platform/context';
import type { SealedColumn } from '../../platform/crypto/columns';
import * as store from './store';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short code with no meaning (no date, no place): `I-` and 8 characters. */
export async function newIncidentCode(trx: Executor, organisationId: string): Promise<string> {
  for (;;) {
    let code = 'I-';
    for (let i = 0; i < 8; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    if (!(await store.codeExists(trx, organisationId, code))) return code;
  }
}

/** Validates the time (not in the future) and names the body field on failure. */
export function checkIncidentTime(time: IncidentTime, now: Date): void {
  try {
    clinicalWindows(time, now);
  } catch (error) {
    if (error instanceof DomainError) throw invalid(error.code, error.message, error.field?.replace(/^incidentAt/, 'incidentTime'));
    throw error;
  }
}

/** Today's date in UTC, the default report date. */
export const todayUtc = (now: Date) => now.toISOString().slice(0, 10);

/** Refuses a report date in the future (a day of slack) or before the incident date, naming reportDate. */
export function checkReportDate(reportDate: string, incidentDate: string | null, now: Date): void {
  // A day of slack: the worker's calendar may be ahead of UTC.
  const tomorrow = todayUtc(new Date(now.getTime() + 86_400_000));
  if (reportDate > tomorrow) throw invalid('incident.report_date_future', 'The report date is in the future.', 'reportDate');
  if (incidentDate !== null && reportDate < incidentDate)
    throw invalid('incident.report_before_incident', 'The report date is before the incident date.', 'reportDate');
}

/** The id of the area given by id or P-code (null for none); an unknown one is refused, naming area. */
export async function resolveArea(trx: Executor, ref: string | null | undefined): Promise<string | null> {
  if (ref === null || ref === undefined) return null;
  const area = await store.findArea(trx, ref);
  if (!area) throw invalid('incident.area_unknown', `No administrative area has the id or P-code "${ref}".`, 'area');
  return area.id;
}

/** The facts the derivations read, from the body over the stored row. */
export interface Facts {
  classificationAnswers: ClassificationAnswers;
  acts: CrsvActId[];
  ageAtIncident: number | null;
  perpetratorRelationship: PerpetratorRelationship | null;
  perpetratorCategory: PerpetratorCategory | null;
  goodsMoneyExchanged: boolean | null;
  abductionType: AbductionType | null;
  conflictContexts: string[];
}

/** The columns core/gbvims derives from the facts: GBV type, contexts, CRSV and SEA flags, age group. */
export function derivedColumns(facts: Facts) {
  const derived = deriveIncident({
    classificationAnswers: facts.classificationAnswers,
    acts: facts.acts,
    survivorAgeAtIncident: facts.ageAtIncident,
    perpetratorRelationship: facts.perpetratorRelationship,
    perpetratorCategory: facts.perpetratorCategory,
    goodsMoneyExchanged: facts.goodsMoneyExchanged,
    abductionType: facts.abductionType,
    conflictContexts: facts.conflictContexts,
  });
  return {
    classification_answers: JSON.stringify(facts.classificationAnswers),
    gbv_type: derived.gbvType,
    derived_contexts: derived.derivedContexts,
    is_crsv: derived.isCrsv,
    is_sea: derived.isSea,
    survivor_age_group: derived.ageGroup,
    is_child: derived.isChild,
  };
}

/** Seals under the survivor's own record key (STO-3), or the organisation's if she has none. */
export function seal(ctx: AppContext, trx: Executor, column: SealedColumn, survivor: Survivor, incidentId: string, text: string): Promise<Uint8Array> {
  return survivor.record_key_id
    ? column.sealForRecord(ctx.cipher, trx, survivor.record_key_id, incidentId, text)
    : column.seal(ctx.cipher, trx, survivor.organisation_id, incidentId, text);
}

/** The names of the fields a body gives, for the audit row (names only, never values). */
export const givenFields = (input: object): string[] => Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k);
