/**
 * Case closure (GBV case management guidelines, step 6): the worker answers every item of the
 * checklist and gives a reason; a supervisor approves. A 'no' is allowed only where the
 * reason explains it (a survivor who cannot be reached cannot be informed or consent).
 */
export const CLOSURE_REASONS = ['needs_met', 'survivor_request', 'survivor_relocated', 'transferred', 'lost_contact', 'other'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const CLOSURE_ANSWERS = ['yes', 'no', 'not_applicable'] as const;
export type ClosureAnswer = (typeof CLOSURE_ANSWERS)[number];

export const CLOSURE_CHECKLIST_ITEMS = [
  /** Every need in the plan is met, or referred to a service that took it on. */
  'needs_met_or_referred',
  /** The survivor knows the case is closing and how to come back. */
  'survivor_informed',
  /** Her safety plan was reviewed at the last contact. */
  'safety_plan_reviewed',
  /** She agreed to the closure. */
  'survivor_consents_to_closure',
  /** Referrals made from the case are closed or followed up by their recipients. */
  'referrals_closed',
  /** The file is complete: follow-ups recorded, plan up to date. */
  'records_complete',
] as const;
export type ClosureChecklistItem = (typeof CLOSURE_CHECKLIST_ITEMS)[number];

/** Items that may be 'no' for a reason: she cannot be reached, or moved on without notice. */
const NO_ALLOWED: Partial<Record<ClosureReason, readonly ClosureChecklistItem[]>> = {
  lost_contact: ['survivor_informed', 'survivor_consents_to_closure', 'safety_plan_reviewed'],
  survivor_relocated: ['safety_plan_reviewed'],
  transferred: ['needs_met_or_referred'],
};

/** Items the reason makes meaningless: they may be 'not_applicable'. Others must be answered yes/no. */
const NOT_APPLICABLE_ALLOWED: readonly ClosureChecklistItem[] = ['referrals_closed', 'safety_plan_reviewed'];

export interface ClosureEvaluation {
  /** Items not answered (or answered with something else): a 400. */
  readonly unanswered: readonly ClosureChecklistItem[];
  /** Items answered in a way that forbids closing for this reason: a 422. */
  readonly blocking: readonly ClosureChecklistItem[];
}

/** Checks a checklist against a closure reason; the case may close when both lists are empty. */
export function evaluateClosureChecklist(reason: ClosureReason, answers: Readonly<Record<string, unknown>>): ClosureEvaluation {
  const unanswered: ClosureChecklistItem[] = [];
  const blocking: ClosureChecklistItem[] = [];
  for (const item of CLOSURE_CHECKLIST_ITEMS) {
    const answer = answers[item];
    if (!(CLOSURE_ANSWERS as readonly unknown[]).includes(answer)) {
      unanswered.push(item);
      continue;
    }
    if (answer === 'no' && !(NO_ALLOWED[reason] ?? []).includes(item)) blocking.push(item);
    if (answer === 'not_applicable' && !NOT_APPLICABLE_ALLOWED.includes(item)) blocking.push(item);
  }
  return { unanswered, blocking };
}
