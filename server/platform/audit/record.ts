/**
 * Writes audit rows in the caller's transaction (AUD-1). No identifying values go in a row:
 * ids, codes and counts only.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { GENESIS_HASH, hashAuditRow, type ChainedFields } from './chain';

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

// One lock key for the chain's head. Taken per transaction and released at commit, so
// writers queue only for the short tail of their transaction (measured in bench/).
const AUDIT_CHAIN_LOCK = 7_310_001;

/** Appends entries to the chain inside `ex`, which should be the change's own transaction. */
export async function recordAudit(ex: Executor, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // The chain lock lasts only as long as a transaction: never append outside one.
  if (!ex.isTransaction) return ex.transaction().execute((trx) => recordAudit(trx, ...entries));
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(ex);
  const head = await ex
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  // Microsecond precision is lost in JS Dates; truncating to ms keeps hashes reproducible.
  const occurredAt = new Date();
  const rows = entries.map((entry) => {
    seq += 1;
    const fields: ChainedFields = {
      seq,
      occurredAt,
      actorUserId: entry.actorUserId ?? null,
      actorTokenId: entry.actorTokenId ?? null,
      organisationId: entry.organisationId ?? null,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      outcome: entry.outcome ?? 'success',
      requestId: entry.requestId ?? null,
      details: entry.details ?? {},
      prevHash,
    };
    const hash = hashAuditRow(fields);
    prevHash = hash;
    return {
      seq,
      occurred_at: occurredAt,
      actor_user_id: fields.actorUserId,
      actor_token_id: fields.actorTokenId,
      organisation_id: fields.organisationId,
      action: fields.action,
      resource_type: fields.resourceType,
      resource_id: fields.resourceId,
      outcome: fields.outcome,
      request_id: fields.requestId,
      details: JSON.stringify(fields.details),
      prev_hash: fields.prevHash,
      hash,
    };
  });
  await ex.insertInto('audit_log').values(rows).execute();
}
