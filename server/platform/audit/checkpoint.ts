/**
 * AUD-1: checkpoints of the audit chain, exported as one JSON line that an operator keeps
 * outside Weft (another system, a ticket, paper). The chain alone cannot show that its last
 * rows were cut off, nor that someone with database access recomputed every hash after an
 * edit; the row at a checkpoint's seq still having the checkpoint's hash rules out both for
 * every row up to that seq.
 */
import { invalid } from '../../../core/errors';
import { auditCheckpoint, type AuditCheckpoint, type AuditFailureReason } from '../../../core/schemas/audit';
import type { Executor } from '../../db/database';
import { GENESIS_HASH } from './chain';

export const CHECKPOINT_KIND = 'weft.audit-checkpoint';

/** The last chained row. Rows the chainer has not linked yet (seq null) are not part of it. */
async function chainHead(ex: Executor): Promise<{ seq: number; hash: string } | undefined> {
  const head = await ex
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .where('seq', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash ?? '' } : undefined;
}

/** The head of the chain now; an empty chain has seq 0 and the genesis hash. */
export async function exportCheckpoint(ex: Executor, now: Date = new Date()): Promise<AuditCheckpoint> {
  const head = await chainHead(ex);
  return { seq: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH, at: now.toISOString() };
}

/** One line of JSON, keys in a fixed order, to print or paste elsewhere. */
export function formatCheckpoint(checkpoint: AuditCheckpoint): string {
  return JSON.stringify({ kind: CHECKPOINT_KIND, version: 1, seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at });
}

/** Reads a checkpoint line back (with or without the kind marker); a bad one is a validation error. */
export function parseCheckpoint(text: string): AuditCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('audit.checkpoint_invalid', 'checkpoint is not JSON: paste the line `weft audit checkpoint` printed.', 'checkpoint');
  }
  if (value && typeof value === 'object' && 'kind' in value && (value as { kind: unknown }).kind !== CHECKPOINT_KIND)
    throw invalid('audit.checkpoint_invalid', `checkpoint.kind must be "${CHECKPOINT_KIND}".`, 'checkpoint.kind');
  const parsed = auditCheckpoint.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['checkpoint', ...(issue?.path ?? []).map(String)].join('.');
    throw invalid('audit.checkpoint_invalid', `${field} ${issue?.message ?? 'is invalid'}`, field);
  }
  return parsed.data;
}

export type CheckpointCheck =
  | { ok: true; seq: number; hash: string }
  | { ok: false; firstBadSeq: number; reason: Extract<AuditFailureReason, 'truncated' | 'checkpoint_mismatch'>; detail: string };

/**
 * Checks only the row at the checkpoint's seq: quick, and enough to detect a cut tail or a
 * rewritten chain. Run verifyAuditChain as well to check every link up to it.
 */
export async function verifyAgainstCheckpoint(ex: Executor, checkpoint: AuditCheckpoint): Promise<CheckpointCheck> {
  if (checkpoint.seq === 0) {
    return checkpoint.hash === GENESIS_HASH
      ? { ok: true, seq: 0, hash: GENESIS_HASH }
      : { ok: false, firstBadSeq: 0, reason: 'checkpoint_mismatch', detail: 'a checkpoint at seq 0 must carry the genesis hash' };
  }
  const row = await ex.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', checkpoint.seq).executeTakeFirst();
  if (!row) {
    const head = await chainHead(ex);
    const headSeq = head?.seq ?? 0;
    // A head beyond the checkpoint with the checkpoint's row gone is a deletion in the middle.
    return headSeq < checkpoint.seq
      ? { ok: false, firstBadSeq: headSeq + 1, reason: 'truncated', detail: `the chain ends at seq ${headSeq} but the checkpoint taken ${checkpoint.at} has seq ${checkpoint.seq}: rows after seq ${headSeq} were removed` }
      : { ok: false, firstBadSeq: checkpoint.seq, reason: 'checkpoint_mismatch', detail: `seq ${checkpoint.seq}, the checkpoint's row, is missing` };
  }
  if (row.hash !== checkpoint.hash) {
    const hash = row.hash ?? '';
    return {
      ok: false,
      firstBadSeq: checkpoint.seq,
      reason: 'checkpoint_mismatch',
      detail: `seq ${checkpoint.seq} has hash ${hash.slice(0, 16)}… but the checkpoint taken ${checkpoint.at} says ${checkpoint.hash.slice(0, 16)}…: the chain was rewritten up to there`,
    };
  }
  return { ok: true, seq: checkpoint.seq, hash: checkpoint.hash };
}
