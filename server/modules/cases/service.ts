/**
 * Cases (issue 3 part 6): a case follows one survivor over time in the organisation that
 * holds her record. Functions taking a `trx` are for other modules and run in the caller's
 * scope; the others open their own (AUTHZ-2). Plan, closure and follow-ups live in
 * workflow.ts and follow-ups.ts; lists and reads in reads.ts.
 */
import { distinctInOrder, NEED_CATEGORIES, STRENGTH_KINDS } from '../../../core/cases';
import { decideDisclosure } from '../../../core/consent';
import { conflict, invalid, ruleViolation } from '../../../core/errors';
import type { CasePlan, OpenCaseInput, UpdateCaseInput } from '../../../core/schemas/cases';
import type { Executor } from '../../db/database';
import type { UserActor } from '../../platform/actor';
import type { AppContext, RequestContext } from '../../platform/context';
import { roleHasPermission, type Role } from '../../../core/auth/roles';
import { findIncidentForCaseWork } from '../incidents/service';
import { listSurvivorConsents } from '../survivors/consents';
import { findSurvivorForCaseWork } from '../survivors/service';
import { canSuperviseCase } from './policy';
import { auditCase, caseScope, findCaseForCaseWork, requireEditable, requireVersion, sealPlan, survivorRecordKey, versionConflict } from './shared';
import * as store from './store';

export { listCases, readCase } from './reads';
export { approveClosure, approvePlan, reopenCase, requestClosure, returnClosure, returnPlan, submitPlan } from './workflow';
export { listFollowUps, recordFollowUp } from './follow-ups';

// ---- For other modules -----------------------------------------------------------------------

export { findCaseForCaseWork } from './shared';

/** The incidents linked to a case, for other modules (a referral carries the case's incident). */
export function listCaseIncidentIds(trx: Executor, caseId: string): Promise<string[]> {
  return store.listCaseIncidentIds(trx, caseId);
}

// ---- Opening and editing ---------------------------------------------------------------------

/** The plain columns that mirror the sealed plan: categories only, never the survivor's words. */
const planColumns = (plan: CasePlan) => ({
  needs: distinctInOrder(NEED_CATEGORIES, plan.needs.map((n) => n.category)),
  strength_kinds: distinctInOrder(STRENGTH_KINDS, plan.strengths.map((s) => s.kind)),
});

/**
 * Who the case goes to: a supervisor may assign any case worker or supervisor of the
 * organisation; a case worker only themselves (a field the role may not set changes nothing, MIN-2).
 */
async function assigneeFor(trx: Executor, actor: UserActor, row: { organisation_id: string }, requested: string | undefined, current: string | null): Promise<string | null> {
  if (requested === undefined || requested === current) return current;
  if (!canSuperviseCase(actor, row)) return current;
  const role = await store.findActiveUserRole(trx, actor.organisationId, requested);
  if (!role || !roleHasPermission(role as Role, 'cases.work')) {
    throw invalid('case.assignee_invalid', 'assignedTo must be an active case worker or supervisor of your organisation.', 'assignedTo');
  }
  return requested;
}

/**
 * Opens a case for a survivor of the organisation. The survivor must have agreed to receive
 * services (CON-1, through the one gate, CON-2). A replayed idempotency key returns the case
 * opened the first time (REL-2).
 */
export function openCase(ctx: AppContext, req: RequestContext, input: OpenCaseInput) {
  return caseScope(ctx, req, async (trx, actor) => {
    const organisationId = actor.organisationId;
    if (input.idempotencyKey) {
      const existing = await store.findCaseByIdempotencyKey(trx, organisationId, input.idempotencyKey);
      if (existing) return existing;
    }
    const survivor = await findSurvivorForCaseWork(trx, req, input.survivorId);
    if (survivor.erased_at || !survivor.record_key_id) throw conflict('survivor.erased', 'This survivor was erased; no case can be opened.', 'survivorId');
    const decision = decideDisclosure({ consents: await listSurvivorConsents(trx, survivor.id), purpose: 'services', recipient: null, at: new Date() });
    if (!decision.allowed) {
      throw ruleViolation(
        'case.services_consent_required',
        decision.reason === 'consent_withdrawn'
          ? 'The survivor withdrew her consent to receive services: record her consent again before opening a case.'
          : "Record the survivor's consent to receive services (purpose 'services') before opening a case.",
        'survivorId',
      );
    }
    const active = await store.findActiveCaseOfSurvivor(trx, organisationId, survivor.id);
    if (active) throw conflict('case.already_open', `The survivor already has an open case (${active.code}); continue it instead.`, 'survivorId');
    const incidentIds = [...new Set(input.incidentIds)];
    await checkIncidents(trx, req, survivor.id, incidentIds, 'incidentIds');

    const id = crypto.randomUUID();
    const assignedTo = input.assignedTo === undefined ? actor.userId : await assigneeFor(trx, actor, { organisation_id: organisationId }, input.assignedTo, actor.userId);
    const now = new Date();
    const row = await store.insertCase(trx, {
      id,
      organisation_id: organisationId,
      survivor_id: survivor.id,
      code: await store.nextCaseCode(trx, organisationId, now.getUTCFullYear()),
      risk_level: input.riskLevel,
      assigned_to: assignedTo,
      ...(input.plan ? planColumns(input.plan) : { needs: [], strength_kinds: [] }),
      plan_sealed: input.plan ? await sealPlan(ctx, trx, survivor.record_key_id, id, input.plan) : null,
      next_follow_up_on: input.nextFollowUpOn ?? null,
      idempotency_key: input.idempotencyKey ?? null,
      created_by: actor.userId,
      // Millisecond precision, as a JS Date holds it, so list cursors match exactly.
      created_at: now,
      updated_at: now,
      version: 1,
    });
    if (!row) {
      const existing = await store.findCaseByIdempotencyKey(trx, organisationId, input.idempotencyKey!);
      if (existing) return existing;
      throw conflict('case.idempotency_key', 'This idempotency key was used for another request.', 'idempotencyKey');
    }
    await store.linkIncidents(trx, id, incidentIds);
    await auditCase(trx, req, 'case.create', id, {
      code: row.code,
      survivorId: survivor.id,
      consentId: decision.basis === 'consent' ? decision.consentId : null,
      incidents: incidentIds.length,
      planFields: input.plan ? ['needs', 'strengths'] : [],
    });
    return row;
  });
}

/** Every incident must be the organisation's (404 otherwise) and the same survivor's (422). */
async function checkIncidents(trx: Executor, req: RequestContext, survivorId: string, incidentIds: readonly string[], field: string) {
  for (const [index, incidentId] of incidentIds.entries()) {
    const incident = await findIncidentForCaseWork(trx, req, incidentId);
    if (incident.survivor_id !== survivorId) {
      throw ruleViolation('case.incident_other_survivor', 'This incident is about another survivor; link only her own incidents.', field === 'incidentId' ? field : `${field}.${index}`);
    }
  }
}

/**
 * Changes the risk level, the assignee, the next follow-up or the plan, at the version the
 * worker read (REL-2). Any change of the plan sends it back to draft (core/cases plan.ts).
 */
export function updateCase(ctx: AppContext, req: RequestContext, id: string, input: UpdateCaseInput) {
  return caseScope(ctx, req, async (trx, actor) => {
    const current = await findCaseForCaseWork(trx, req, id);
    requireVersion(current, input.version);
    requireEditable(current);
    const assignedTo = await assigneeFor(trx, actor, current, input.assignedTo, current.assigned_to);
    const changes = {
      ...(assignedTo !== current.assigned_to ? { assigned_to: assignedTo } : {}),
      ...(input.riskLevel !== undefined && input.riskLevel !== current.risk_level ? { risk_level: input.riskLevel } : {}),
      ...(input.nextFollowUpOn !== undefined && input.nextFollowUpOn !== current.next_follow_up_on ? { next_follow_up_on: input.nextFollowUpOn } : {}),
    };
    const plan = input.plan
      ? { ...planColumns(input.plan), plan_sealed: await sealPlan(ctx, trx, await survivorRecordKey(trx, req, current.survivor_id), id, input.plan), plan_status: 'draft' }
      : {};
    const fields = [...Object.keys(changes), ...(input.plan ? ['plan'] : [])];
    if (fields.length === 0) return current;
    const row = await store.updateCase(trx, current.organisation_id, id, input.version, { ...changes, ...plan });
    if (!row) throw versionConflict((await store.findCase(trx, current.organisation_id, id))?.version ?? input.version);
    await auditCase(trx, req, 'case.update', id, { fields, planStatus: { from: current.plan_status, to: row.plan_status } });
    return row;
  });
}

/** Links one more of the survivor's incidents to the case. */
export function linkIncident(ctx: AppContext, req: RequestContext, id: string, input: { incidentId: string; version: number }) {
  return caseScope(ctx, req, async (trx) => {
    const current = await findCaseForCaseWork(trx, req, id);
    requireVersion(current, input.version);
    requireEditable(current);
    await checkIncidents(trx, req, current.survivor_id, [input.incidentId], 'incidentId');
    const row = await store.updateCase(trx, current.organisation_id, id, input.version, {});
    if (!row) throw versionConflict(input.version);
    await store.linkIncidents(trx, id, [input.incidentId]);
    await auditCase(trx, req, 'case.link_incident', id, { incidentId: input.incidentId });
    return row;
  });
}
