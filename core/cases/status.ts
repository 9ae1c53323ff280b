/**
 * The case's own states. Closing needs a supervisor; a closed case is read-only until a
 * supervisor reopens it.
 *
 *   open ──request closure──▶ closure_requested ──approve──▶ closed ──reopen──▶ open
 *     ▲                              │ return
 *     └──────────────────────────────┘
 */
import { ruleViolation } from '../errors';
import type { CaseStatus } from './vocabularies';

export type CaseEvent = 'request_closure' | 'approve_closure' | 'return_closure' | 'reopen';

const TRANSITIONS: Record<CaseEvent, Partial<Record<CaseStatus, CaseStatus>>> = {
  request_closure: { open: 'closure_requested' },
  approve_closure: { closure_requested: 'closed' },
  return_closure: { closure_requested: 'open' },
  reopen: { closed: 'open' },
};

export function nextCaseStatus(current: string, event: CaseEvent): CaseStatus | null {
  return TRANSITIONS[event][current as CaseStatus] ?? null;
}

/** Like nextCaseStatus, but a refused transition is a 422 naming the state. */
export function transitionCase(current: string, event: CaseEvent): CaseStatus {
  const next = nextCaseStatus(current, event);
  if (next === null) throw ruleViolation(`case.${event}_not_allowed`, `This step is not possible while the case is ${current}.`, 'status');
  return next;
}

/** Edits (plan, follow-ups, links, risk) are refused on a closed case, and while closure awaits a decision. */
export function caseEditProblem(status: string): string | null {
  if (status === 'closed') return 'The case is closed: a supervisor must reopen it before it can change.';
  if (status === 'closure_requested') return 'Closure of this case awaits a supervisor: it can change again once the closure is returned.';
  return null;
}
