/**
 * The fields of a case each answer carries (MIN-2). Only case workers and supervisors of the
 * holding organisation ever reach these, so there is one view; lists carry no sealed text.
 */
import type { ClinicalClock } from '../../../core/clinical';
import type { CasePlan, CaseSummary, CaseView, FollowUpView } from '../../../core/schemas/cases';
import type { CaseRow, CaseSummaryRow, FollowUpRow } from './store';

type Clock = CaseSummary['clinicalClock'];

export function presentClock(incidentId: string, clock: ClinicalClock): NonNullable<Clock> {
  return {
    incidentId,
    elapsedHours: clock.elapsedHours,
    windows: clock.windows.map((w) => ({ ...w, hoursLeft: w.hoursLeft, closes: w.closes })),
  };
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** A follow-up date before today, on a case that is not closed. */
export const isFollowUpOverdue = (row: { status: string; next_follow_up_on: string | null }, today: string): boolean =>
  row.status !== 'closed' && row.next_follow_up_on !== null && row.next_follow_up_on < today;

export function presentCaseSummary(row: CaseSummaryRow, clock: Clock, today: string): CaseSummary {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    code: row.code,
    survivorId: row.survivor_id,
    survivorCode: row.survivor_code,
    status: row.status as CaseSummary['status'],
    riskLevel: row.risk_level as CaseSummary['riskLevel'],
    assignedTo: row.assigned_to,
    planStatus: row.plan_status as CaseSummary['planStatus'],
    needs: row.needs as CaseSummary['needs'],
    strengthKinds: row.strength_kinds as CaseSummary['strengthKinds'],
    nextFollowUpOn: row.next_follow_up_on,
    followUpOverdue: isFollowUpOverdue(row, today),
    clinicalClock: clock,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface OpenedCase {
  row: CaseRow;
  survivorCode: string;
  incidentIds: string[];
  clock: Clock;
  /** undefined: not opened (not asked for); null: no plan or erased. */
  plan: CasePlan | null;
  planErased: boolean;
}

export function presentCase(opened: OpenedCase, today: string): CaseView {
  const { row } = opened;
  return {
    ...presentCaseSummary({ ...row, survivor_code: opened.survivorCode, survivor_sex: null }, opened.clock, today),
    version: row.version,
    incidentIds: opened.incidentIds,
    plan: opened.plan,
    planErased: opened.planErased,
    planSubmittedAt: iso(row.plan_submitted_at),
    planSubmittedBy: row.plan_submitted_by,
    planApprovedAt: iso(row.plan_approved_at),
    planApprovedBy: row.plan_approved_by,
    planReturnReason: row.plan_return_reason,
    closureReason: row.closure_reason as CaseView['closureReason'],
    closureChecklist: row.closure_checklist as CaseView['closureChecklist'],
    closureRequestedAt: iso(row.closure_requested_at),
    closureRequestedBy: row.closure_requested_by,
    closureReturnReason: row.closure_return_reason,
    closedAt: iso(row.closed_at),
    closureApprovedBy: row.closure_approved_by,
    createdBy: row.created_by,
  };
}

export function presentFollowUp(row: FollowUpRow, note: { value: string | null; erased: boolean }): FollowUpView {
  return {
    id: row.id,
    caseId: row.case_id,
    happenedOn: row.happened_on,
    kind: row.kind as FollowUpView['kind'],
    note: note.value,
    erased: note.erased,
    riskLevel: row.risk_level as FollowUpView['riskLevel'],
    recordedBy: row.recorded_by,
    createdAt: row.created_at.toISOString(),
  };
}
