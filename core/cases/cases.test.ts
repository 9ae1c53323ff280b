import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../domain-error.testing';
import {
  CLOSURE_CHECKLIST_ITEMS,
  PLAN_STATUSES,
  caseEditProblem,
  distinctInOrder,
  evaluateClosureChecklist,
  nextCaseStatus,
  nextPlanStatus,
  planSubmissionProblem,
  transitionCase,
  transitionPlan,
  NEED_CATEGORIES,
  type PlanEvent,
} from '.';

const allYes = () => Object.fromEntries(CLOSURE_CHECKLIST_ITEMS.map((i) => [i, 'yes']));

describe('plan state machine', () => {
  const table: Array<[string, PlanEvent, string | null]> = [
    ['draft', 'submit', 'submitted'],
    ['returned', 'submit', 'submitted'],
    ['submitted', 'submit', null],
    ['approved', 'submit', null],
    ['submitted', 'approve', 'approved'],
    ['draft', 'approve', null],
    ['returned', 'approve', null],
    ['approved', 'approve', null],
    ['submitted', 'return', 'returned'],
    ['draft', 'return', null],
    ['approved', 'return', null],
  ];
  it.each(table)('%s --%s--> %s', (from, event, to) => expect(nextPlanStatus(from, event)).toBe(to));

  it('sends every plan back to draft on edit, an approved one included', () => {
    for (const status of PLAN_STATUSES) expect(nextPlanStatus(status, 'edit')).toBe('draft');
  });

  it('refuses an unknown state and a refused transition as a 422 naming planStatus', () => {
    expect(nextPlanStatus('archived', 'submit')).toBeNull();
    expect(thrownDomainError(() => transitionPlan('draft', 'approve'))).toMatchObject({ category: 'rule_violation', code: 'case.plan_approve_not_allowed' });
  });

  it('wants a need with an action and a strength before submission', () => {
    expect(planSubmissionProblem(null)?.field).toBe('plan.needs');
    expect(planSubmissionProblem({ needs: [{ actions: [] }], strengths: [{}] })?.field).toBe('plan.needs.0.actions');
    expect(planSubmissionProblem({ needs: [{ actions: [{}] }], strengths: [] })?.field).toBe('plan.strengths');
    expect(planSubmissionProblem({ needs: [{ actions: [{}] }], strengths: [{}] })).toBeNull();
  });
});

describe('case states', () => {
  it('closes only through a supervisor decision and reopens only when closed', () => {
    expect(nextCaseStatus('open', 'request_closure')).toBe('closure_requested');
    expect(nextCaseStatus('closure_requested', 'approve_closure')).toBe('closed');
    expect(nextCaseStatus('closure_requested', 'return_closure')).toBe('open');
    expect(nextCaseStatus('closed', 'reopen')).toBe('open');
    expect(nextCaseStatus('open', 'approve_closure')).toBeNull();
    expect(nextCaseStatus('open', 'reopen')).toBeNull();
    expect(nextCaseStatus('closed', 'request_closure')).toBeNull();
    expect(thrownDomainError(() => transitionCase('open', 'reopen'))).toMatchObject({ category: 'rule_violation', code: 'case.reopen_not_allowed' });
  });

  it('keeps closed and closing cases read-only', () => {
    expect(caseEditProblem('open')).toBeNull();
    expect(caseEditProblem('closed')).toMatch(/reopen/);
    expect(caseEditProblem('closure_requested')).toMatch(/supervisor/);
  });
});

describe('closure checklist', () => {
  it('accepts every item answered yes', () => {
    expect(evaluateClosureChecklist('needs_met', allYes())).toEqual({ unanswered: [], blocking: [] });
  });

  it('lists every unanswered or malformed item', () => {
    const answers: Record<string, unknown> = allYes();
    delete answers.survivor_informed;
    answers.referrals_closed = true;
    expect(evaluateClosureChecklist('needs_met', answers).unanswered).toEqual(['survivor_informed', 'referrals_closed']);
    expect(evaluateClosureChecklist('needs_met', {}).unanswered).toEqual([...CLOSURE_CHECKLIST_ITEMS]);
  });

  it('allows a no only where the reason explains it', () => {
    const answers = { ...allYes(), survivor_informed: 'no', survivor_consents_to_closure: 'no' };
    expect(evaluateClosureChecklist('lost_contact', answers).blocking).toEqual([]);
    expect(evaluateClosureChecklist('needs_met', answers).blocking).toEqual(['survivor_informed', 'survivor_consents_to_closure']);
  });

  it('allows not applicable only for items a case may not have', () => {
    expect(evaluateClosureChecklist('needs_met', { ...allYes(), referrals_closed: 'not_applicable' }).blocking).toEqual([]);
    expect(evaluateClosureChecklist('needs_met', { ...allYes(), survivor_informed: 'not_applicable' }).blocking).toEqual(['survivor_informed']);
  });
});

describe('distinctInOrder', () => {
  it('stores each category once in the vocabulary order', () => {
    expect(distinctInOrder(NEED_CATEGORIES, ['safety', 'medical', 'safety'])).toEqual(['medical', 'safety']);
  });
});
