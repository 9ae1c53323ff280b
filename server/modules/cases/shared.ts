/** What the case services share: the scope, the audit row, sealing and the clinical clock. */
import { compareClinicalUrgency, type ClinicalClock } from '../../../core/clinical';
import { caseEditProblem } from '../../../core/cases';
import { conflict, hiddenDenial, isDomainError, ruleViolation } from '../../../core/errors';
import { casePlan, type CasePlan, type CaseSummary } from '../../../core/schemas/cases';
import type { Executor } from '../../db/database';
import { inOrganisationScope } from '../../db/scope';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { casesPlan, type SealedColumn } from '../../platform/crypto/columns';
import { FieldDecryptionError } from '../../platform/crypto/field-cipher';
import { clinicalClockOf } from '../incidents/service';
import { findSurvivorForCaseWork } from '../survivors/service';
import type { Case } from '../../db/schema';
import { canWorkOnCase, canWorkOnCases } from './policy';
import { presentClock } from './present';
import * as store from './store';

/** Runs case work in the actor's organisation scope (AUTHZ-2); without case work, 404 before any query. */
export function caseScope<T>(ctx: AppContext, req: RequestContext, work: (trx: Executor, actor: UserActor) => Promise<T>): Promise<T> {
  const actor = req.actor;
  if (!canWorkOnCases(actor) || actor.kind !== 'user') throw hiddenDenial('case');
  return inOrganisationScope(ctx.db, actor.organisationId, (trx) => work(trx, actor));
}

export async function auditCase(trx: Executor, req: RequestContext, action: string, caseId: string, details: Record<string, unknown> = {}) {
  await recordAudit(trx, { ...auditActor(req.actor), action, resourceType: 'case', resourceId: caseId, requestId: req.requestId, details });
}

/** Today as YYYY-MM-DD (UTC): follow-up dates are days, not instants. */
export const todayIso = (now = new Date()): string => now.toISOString().slice(0, 10);

/** A closed case, or one whose closure awaits a supervisor, is read-only (422). */
export function requireEditable(row: { status: string }): void {
  const problem = caseEditProblem(row.status);
  if (problem) throw ruleViolation('case.read_only', problem, 'status');
}

// REL-2: the error body has no room for extra fields, so the message carries the version.
export const versionConflict = (version: number) =>
  conflict('case.version_conflict', `Someone else changed this case since you opened it (it is now at version ${version}); reload and try again.`, 'version');

export function requireVersion(row: { version: number }, version: number): void {
  if (row.version !== version) throw versionConflict(row.version);
}

/** The survivor's record key, under which the plan and notes are sealed (STO-3). */
export async function survivorRecordKey(trx: Executor, req: RequestContext, survivorId: string): Promise<string> {
  const survivor = await findSurvivorForCaseWork(trx, req, survivorId);
  if (survivor.erased_at || !survivor.record_key_id) throw conflict('survivor.erased', 'This survivor was erased; the case can no longer change.', 'survivorId');
  return survivor.record_key_id;
}

export async function sealPlan(ctx: AppContext, trx: Executor, recordKeyId: string, caseId: string, plan: CasePlan) {
  return casesPlan.sealForRecord(ctx.cipher, trx, recordKeyId, caseId, JSON.stringify(plan));
}

/** Opens a sealed value; a destroyed key (erasure) reads as erased, never as a 500. */
export async function openSealed(ctx: AppContext, trx: Executor, column: SealedColumn, organisationId: string, id: string, stored: Uint8Array | null) {
  try {
    return { value: await column.open(ctx.cipher, trx, organisationId, id, stored), erased: false };
  } catch (error) {
    if (error instanceof FieldDecryptionError || (isDomainError(error) && error.code === 'crypto.key_destroyed')) return { value: null, erased: true };
    throw error;
  }
}

export async function openPlan(ctx: AppContext, trx: Executor, row: store.CaseRow): Promise<{ plan: CasePlan | null; erased: boolean }> {
  const opened = await openSealed(ctx, trx, casesPlan, row.organisation_id, row.id, row.plan_sealed);
  if (opened.value === null) return { plan: null, erased: opened.erased };
  return { plan: casePlan.parse(JSON.parse(opened.value)), erased: false };
}

/**
 * The clinical clock (part 5) of each case's most urgent linked rape or sexual assault.
 * An incident time the clock refuses (in the future) shows no clock rather than failing the list.
 */
export async function clocksOfCases(
  trx: Executor,
  organisationId: string,
  cases: readonly { id: string; survivor_sex: string | null }[],
  now: Date,
): Promise<Map<string, CaseSummary['clinicalClock']>> {
  const sexOf = new Map(cases.map((c) => [c.id, c.survivor_sex]));
  const best = new Map<string, { incidentId: string; clock: ClinicalClock }>();
  for (const incident of await store.listSexualIncidentsOfCases(trx, organisationId, [...sexOf.keys()])) {
    let clock: ClinicalClock;
    try {
      clock = clinicalClockOf(incident, now, sexOf.get(incident.case_id) ?? null);
    } catch {
      continue;
    }
    const current = best.get(incident.case_id);
    if (!current || compareClinicalUrgency(clock, current.clock) < 0) best.set(incident.case_id, { incidentId: incident.incident_id, clock });
  }
  return new Map([...best].map(([caseId, b]) => [caseId, presentClock(b.incidentId, b.clock)]));
}

/**
 * For other modules (referrals from a case): the case if the actor works on cases of its
 * organisation; otherwise 404, whether it exists elsewhere or not (AUTHZ-1). Call inside the
 * caller's organisation scope (AUTHZ-2).
 */
export async function findCaseForCaseWork(trx: Executor, req: RequestContext, caseId: string): Promise<Case> {
  const actor = req.actor;
  if (!canWorkOnCases(actor) || actor.kind !== 'user') throw hiddenDenial('case');
  const row = await store.findCase(trx, actor.organisationId, caseId);
  if (!row || !canWorkOnCase(actor, row)) throw hiddenDenial('case');
  return row;
}

