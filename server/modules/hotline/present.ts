/** The fields of a call each answer carries (MIN-2): lists never the summary; a read, opened. */
import type { CallSummary, CallView } from '../../../core/schemas/hotline';
import type { CallListRow, CallRow } from './store';

export function presentCallSummary(row: CallListRow): CallSummary {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    code: row.code,
    operatorId: row.operator_id,
    receivedAt: row.received_at.toISOString(),
    durationMinutes: row.duration_minutes,
    callerKind: row.caller_kind as CallSummary['callerKind'],
    language: row.language,
    areaId: row.area_id,
    topics: row.topics,
    isUrgent: row.is_urgent,
    outcome: row.outcome as CallSummary['outcome'],
    survivorId: row.survivor_id,
    incidentId: row.incident_id,
    referralId: row.referral_id,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentCall(row: CallRow, summary: { value: string | null; erased: boolean }): CallView {
  return { ...presentCallSummary(row), summary: summary.value, summaryErased: summary.erased };
}
