/**
 * Writes audit rows in the caller's transaction (AUD-1). No identifying values go in a row:
 * ids, codes and counts only. Rows are linked into the hash chain just after they commit
 * (chainer.ts), so writers never queue behind one another's commits.
 */
import type { Executor } from '../../db/database';
import { notifyAuditWritten } from './chainer';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEntry {
  /** `resource.verb`, the vocabulary shared by routes, policies and audit. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  organisationId?: string | null;
  actorUserId?: string | null;
  actorTokenId?: string | null;
  outcome?: AuditOutcome;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

/** Appends entries inside `ex`, which should be the change's own transaction. */
export async function recordAudit(ex: Executor, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Millisecond precision, as a JS Date holds it, so the chainer's hash is reproducible.
  const occurredAt = new Date();
  await ex
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        occurred_at: occurredAt,
        actor_user_id: entry.actorUserId ?? null,
        actor_token_id: entry.actorTokenId ?? null,
        organisation_id: entry.organisationId ?? null,
        action: entry.action,
        resource_type: entry.resourceType,
        resource_id: entry.resourceId ?? null,
        outcome: entry.outcome ?? 'success',
        request_id: entry.requestId ?? null,
        details: JSON.stringify(entry.details ?? {}),
        seq: null,
        prev_hash: null,
        hash: null,
      })),
    )
    .execute();
  notifyAuditWritten();
}
