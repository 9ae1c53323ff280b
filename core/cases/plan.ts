/**
 * The case plan's states. A worker drafts and submits; a supervisor of the same organisation
 * approves or returns it with a reason. Any edit sends the plan back to draft, so what a
 * supervisor approved is always exactly what the plan says.
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved
 *     ▲                   │ return                │
 *     │                   ▼                       │
 *     └──edit──────── returned ◀──────────────────┘ (edit → draft)
 */
import { ruleViolation } from '../errors';

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export type PlanEvent = 'edit' | 'submit' | 'approve' | 'return';

const TRANSITIONS: Record<PlanEvent, Partial<Record<PlanStatus, PlanStatus>>> = {
  edit: { draft: 'draft', submitted: 'draft', approved: 'draft', returned: 'draft' },
  submit: { draft: 'submitted', returned: 'submitted' },
  approve: { submitted: 'approved' },
  return: { submitted: 'returned' },
};

const HINTS: Record<PlanEvent, string> = {
  edit: 'The plan cannot be edited now.',
  submit: 'Only a draft or returned plan can be submitted for approval.',
  approve: 'Only a submitted plan can be approved.',
  return: 'Only a submitted plan can be returned.',
};

/** The state after `event`, or null when the event is not allowed in `current`. */
export function nextPlanStatus(current: string, event: PlanEvent): PlanStatus | null {
  return TRANSITIONS[event][current as PlanStatus] ?? null;
}

/** Like nextPlanStatus, but a refused transition is a 422 naming the state. */
export function transitionPlan(current: string, event: PlanEvent): PlanStatus {
  const next = nextPlanStatus(current, event);
  if (next === null) throw ruleViolation(`case.plan_${event}_not_allowed`, `${HINTS[event]} The plan is ${current}.`, 'planStatus');
  return next;
}

export interface PlanContent {
  readonly needs: readonly { readonly actions: readonly unknown[] }[];
  readonly strengths: readonly unknown[];
}

/**
 * What a plan needs before a supervisor sees it: at least one need with at least one action,
 * and at least one of the survivor's strengths or connections. Returns the first problem.
 */
export function planSubmissionProblem(plan: PlanContent | null): { field: string; message: string } | null {
  if (!plan || plan.needs.length === 0) return { field: 'plan.needs', message: 'Add at least one need to the plan before submitting it.' };
  const index = plan.needs.findIndex((n) => n.actions.length === 0);
  if (index >= 0) return { field: `plan.needs.${index}.actions`, message: 'Every need in the plan needs at least one action.' };
  if (plan.strengths.length === 0) {
    return { field: 'plan.strengths', message: "Record at least one of the survivor's own strengths or connections before submitting." };
  }
  return null;
}
