import type { AuditEntryView } from '../../../core/schemas/audit';
import type { AuditListRow } from './store';

/** The fields of an audit row an admin sees; the chain's hashes stay out (GET /api/audit/verify). */
export function presentAuditEntry(row: AuditListRow): AuditEntryView {
  return {
    seq: row.seq,
    occurredAt: row.occurred_at.toISOString(),
    actorUserId: row.actor_user_id,
    actorTokenId: row.actor_token_id,
    organisationId: row.organisation_id,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    outcome: row.outcome as AuditEntryView['outcome'],
    requestId: row.request_id,
    details: row.details,
  };
}
