/**
 * The supervised steps of a case: plan submission and approval, closure and reopening.
 * Supervisors of the same organisation decide ('cases.supervise'); nobody approves their own
 * submission (four eyes). Every decision names the version read (REL-2).
 */
import { evaluateClosureChecklist, planSubmissionProblem, transitionCase, transitionPlan } from '../../../core/cases';
import { forbidden, invalid, ruleViolation } from '../../../core/errors';
import type { RequestClosureInput } from '../../../core/schemas/cases';
import type { Executor } from '../../db/database';
import type { UserActor } from '../../platform/actor';
import type { AppContext, RequestContext } from '../../platform/context';
import { canSuperviseCase } from './policy';
import { auditCase, caseScope, findCaseForCaseWork, openPlan, requireEditable, requireVersion, versionConflict } from './shared';
import * as store from './store';
import type { CaseRow } from './store';

type Step = (trx: Executor, actor: UserActor, current: CaseRow) => Promise<{ changes: Parameters<typeof store.updateCase>[4]; action: string; details: Record<string, unknown> }>;

/** Loads the case at the version read, runs the step, writes the change and its audit row. */
function step(ctx: AppContext, req: RequestContext, id: string, version: number, who: 'worker' | 'supervisor', run: Step) {
  return caseScope(ctx, req, async (trx, actor) => {
    const current = await findCaseForCaseWork(trx, req, id);
    // Who may decide comes before the version: a refusal never depends on what was read.
    if (who === 'supervisor') requireSupervisor(actor, current);
    requireVersion(current, version);
    const { changes, action, details } = await run(trx, actor, current);
    const row = await store.updateCase(trx, current.organisation_id, id, version, changes);
    if (!row) throw versionConflict((await store.findCase(trx, current.organisation_id, id))?.version ?? version);
    await auditCase(trx, req, action, id, details);
    return row;
  });
}

function requireSupervisor(actor: UserActor, row: CaseRow): void {
  if (!canSuperviseCase(actor, row)) throw forbidden('case.supervisor_required', 'Only a supervisor of your organisation can decide this.');
}

function requireOtherThan(actor: UserActor, authorId: string | null, what: string): void {
  if (authorId === actor.userId) throw ruleViolation('case.four_eyes', `Another supervisor must decide on the ${what} you submitted yourself.`, 'version');
}

export function submitPlan(ctx: AppContext, req: RequestContext, id: string, version: number) {
  return step(ctx, req, id, version, 'worker', async (trx, actor, current) => {
    requireEditable(current);
    const plan_status = transitionPlan(current.plan_status, 'submit');
    const { plan, erased } = await openPlan(ctx, trx, current);
    if (erased) throw ruleViolation('case.plan_erased', 'The plan was erased with the survivor’s record and cannot be submitted.', 'plan');
    const problem = planSubmissionProblem(plan);
    if (problem) throw ruleViolation('case.plan_incomplete', problem.message, problem.field);
    return {
      changes: { plan_status, plan_submitted_at: new Date(), plan_submitted_by: actor.userId, plan_approved_at: null, plan_approved_by: null },
      action: 'case.plan_submit',
      details: { planStatus: plan_status, needs: plan!.needs.length, strengths: plan!.strengths.length },
    };
  });
}

export function approvePlan(ctx: AppContext, req: RequestContext, id: string, version: number) {
  return step(ctx, req, id, version, 'supervisor', async (_trx, actor, current) => {
    requireEditable(current);
    const plan_status = transitionPlan(current.plan_status, 'approve');
    requireOtherThan(actor, current.plan_submitted_by, 'plan');
    return {
      changes: { plan_status, plan_approved_at: new Date(), plan_approved_by: actor.userId, plan_return_reason: null },
      action: 'case.plan_approve',
      details: { planStatus: plan_status },
    };
  });
}

export function returnPlan(ctx: AppContext, req: RequestContext, id: string, version: number, reason: string) {
  return step(ctx, req, id, version, 'supervisor', async (_trx, actor, current) => {
    requireEditable(current);
    const plan_status = transitionPlan(current.plan_status, 'return');
    // The reason is the supervisor's guidance to the worker; its length is audited, not its words.
    return { changes: { plan_status, plan_return_reason: reason }, action: 'case.plan_return', details: { planStatus: plan_status, reasonLength: reason.length } };
  });
}

/** The worker asks to close: a reason and every checklist item answered (core/cases closure.ts). */
export function requestClosure(ctx: AppContext, req: RequestContext, id: string, input: RequestClosureInput) {
  return step(ctx, req, id, input.version, 'worker', async (_trx, actor, current) => {
    const status = transitionCase(current.status, 'request_closure');
    const { unanswered, blocking } = evaluateClosureChecklist(input.reason, input.checklist);
    if (unanswered.length > 0) {
      throw invalid('case.closure_checklist_incomplete', `Answer every item of the closure checklist: ${unanswered.join(', ')} missing.`, `checklist.${unanswered[0]}`);
    }
    if (blocking.length > 0) {
      throw ruleViolation(
        'case.closure_checklist_blocking',
        `The case cannot close for the reason ${input.reason} with these answers: ${blocking.join(', ')}. Complete them first, or choose the reason that applies.`,
        `checklist.${blocking[0]}`,
      );
    }
    return {
      changes: {
        status,
        closure_reason: input.reason,
        closure_checklist: JSON.stringify(input.checklist),
        closure_requested_at: new Date(),
        closure_requested_by: actor.userId,
        closure_return_reason: null,
      },
      action: 'case.closure_request',
      details: { reason: input.reason, checklist: input.checklist },
    };
  });
}

export function approveClosure(ctx: AppContext, req: RequestContext, id: string, version: number) {
  return step(ctx, req, id, version, 'supervisor', async (_trx, actor, current) => {
    const status = transitionCase(current.status, 'approve_closure');
    requireOtherThan(actor, current.closure_requested_by, 'closure');
    return { changes: { status, closed_at: new Date(), closure_approved_by: actor.userId }, action: 'case.closure_approve', details: { reason: current.closure_reason } };
  });
}

export function returnClosure(ctx: AppContext, req: RequestContext, id: string, version: number, reason: string) {
  return step(ctx, req, id, version, 'supervisor', async (_trx, actor, current) => {
    const status = transitionCase(current.status, 'return_closure');
    return { changes: { status, closure_return_reason: reason }, action: 'case.closure_return', details: { reasonLength: reason.length } };
  });
}

/** A supervisor reopens a closed case (the survivor came back, or the closure was premature). */
export function reopenCase(ctx: AppContext, req: RequestContext, id: string, version: number) {
  return step(ctx, req, id, version, 'supervisor', async (_trx, actor, current) => {
    const status = transitionCase(current.status, 'reopen');
    return {
      changes: { status, closed_at: null, closure_approved_by: null, closure_requested_at: null, closure_requested_by: null, closure_reason: null, closure_checklist: null },
      action: 'case.reopen',
      details: { previousClosureReason: current.closure_reason },
    };
  });
}
