/**
 * AUD-1: verification of the audit hash chain. The check itself is a pure function over an
 * async iterable of rows, so the same code runs on the database (keyset pages, bounded memory)
 * and on rows in memory (the tampering property test).
 *
 * What it proves: every row from the start (or an anchor) up to the head hashes to its stored
 * hash, links to the row before, and sequence numbers have no gap. An edited, deleted,
 * reordered or inserted row breaks one of these. What it cannot prove alone: that rows were
 * not cut from the tail, or that an attacker did not recompute every hash after an edit; a
 * checkpoint kept elsewhere catches both (checkpoint.ts).
 */
import type { AuditCheckpoint, AuditFailureReason } from '../../../core/schemas/audit';
import type { Executor } from '../../db/database';
import { chainedFieldsOf, GENESIS_HASH, hashAuditRow, type ChainedFields } from './chain';
import { verifyAgainstCheckpoint } from './checkpoint';

export interface ChainRow extends ChainedFields {
  hash: string;
}

export interface ChainOk {
  ok: true;
  /** Rows checked (the anchor row, when verification starts later, is not counted). */
  rows: number;
  headSeq: number;
  headHash: string;
}

export interface ChainBroken {
  ok: false;
  rows: number;
  /** The last row that verified: the chain is trustworthy up to here (0 and GENESIS if none). */
  headSeq: number;
  headHash: string;
  /** The seq of the first row that is wrong, missing or out of place. */
  firstBadSeq: number;
  reason: AuditFailureReason;
  detail: string;
}

export type ChainVerification = ChainOk | ChainBroken;

export interface ChainProgress {
  rows: number;
  seq: number;
}

export interface CheckChainOptions {
  /** The row before the first one given, trusted as is; default: the start of the chain. */
  anchor?: { seq: number; hash: string };
  /** Also fail when the rows do not reach, or disagree with, this checkpoint. */
  checkpoint?: AuditCheckpoint;
  onProgress?: (progress: ChainProgress) => void;
  /** Rows between two onProgress calls; default 100,000. */
  progressEvery?: number;
}

/** Checks rows given in the order they claim to be in; stops at the first broken row. */
export async function checkChainRows(
  source: AsyncIterable<ChainRow> | Iterable<ChainRow>,
  options: CheckChainOptions = {},
): Promise<ChainVerification> {
  let prevSeq = options.anchor?.seq ?? 0;
  let prevHash = options.anchor?.hash ?? GENESIS_HASH;
  let rows = 0;
  const checkpoint = options.checkpoint;
  const progressEvery = options.progressEvery ?? 100_000;
  const broken = (firstBadSeq: number, reason: AuditFailureReason, detail: string): ChainBroken => ({
    ok: false,
    rows,
    headSeq: prevSeq,
    headHash: prevHash,
    firstBadSeq,
    reason,
    detail,
  });

  if (checkpoint && checkpoint.seq === prevSeq && checkpoint.hash !== prevHash)
    return broken(prevSeq, 'checkpoint_mismatch', mismatchDetail(checkpoint, prevHash));

  for await (const row of source) {
    const expected = prevSeq + 1;
    if (row.seq !== expected) {
      // Rows arrive ordered by seq from the database, so a lower seq only comes from a copy.
      return row.seq > expected
        ? broken(expected, 'sequence_gap', `expected seq ${expected}, found seq ${row.seq}: rows ${expected} to ${row.seq - 1} are missing`)
        : broken(expected, 'out_of_order', `expected seq ${expected}, found seq ${row.seq} again: rows were moved or duplicated`);
    }
    if (row.prevHash !== prevHash) {
      return expected === 1
        ? broken(row.seq, 'bad_genesis', `seq 1 does not start from the genesis hash`)
        : broken(row.seq, 'broken_link', `seq ${row.seq} does not link to the hash of seq ${prevSeq}: a row before it was changed, removed or inserted`);
    }
    if (hashAuditRow(row) !== row.hash)
      return broken(row.seq, 'hash_mismatch', `the content of seq ${row.seq} does not match its hash: the row was edited`);
    prevSeq = row.seq;
    prevHash = row.hash;
    rows += 1;
    if (checkpoint && row.seq === checkpoint.seq && row.hash !== checkpoint.hash)
      return broken(row.seq, 'checkpoint_mismatch', mismatchDetail(checkpoint, row.hash));
    if (options.onProgress && rows % progressEvery === 0) options.onProgress({ rows, seq: row.seq });
  }

  if (checkpoint && prevSeq < checkpoint.seq) {
    return broken(
      prevSeq + 1,
      'truncated',
      `the chain ends at seq ${prevSeq} but the checkpoint taken ${checkpoint.at} has seq ${checkpoint.seq}: rows after seq ${prevSeq} were removed`,
    );
  }
  return { ok: true, rows, headSeq: prevSeq, headHash: prevHash };
}

function mismatchDetail(checkpoint: AuditCheckpoint, hash: string): string {
  return `seq ${checkpoint.seq} has hash ${hash.slice(0, 16)}… but the checkpoint taken ${checkpoint.at} says ${checkpoint.hash.slice(0, 16)}…: the chain was rewritten up to there`;
}

export interface VerifyAuditChainOptions {
  /** Start here instead of seq 1; the row before it is the (unverified) anchor. */
  fromSeq?: number;
  /** Stop here; default: the head when verification starts, so live writers cannot stretch it. */
  toSeq?: number;
  /** Rows per keyset page; default 5,000. */
  batchSize?: number;
  checkpoint?: AuditCheckpoint;
  onProgress?: (progress: ChainProgress) => void;
  progressEvery?: number;
}

export type AuditChainVerification = ChainVerification & {
  /** Rows written but not yet linked by the chainer (chainer.ts); not covered by this check. */
  pending: number;
};

/** Verifies the chain in the database page by page; memory stays bounded by two pages. */
export async function verifyAuditChain(ex: Executor, options: VerifyAuditChainOptions = {}): Promise<AuditChainVerification> {
  const fromSeq = Math.max(1, options.fromSeq ?? 1);
  const batchSize = Math.max(1, options.batchSize ?? 5_000);
  const head = await ex.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  const toSeq = options.toSeq ?? Number(head?.seq ?? 0);
  const pending = await countPending(ex);
  const start = { rows: 0, headSeq: 0, headHash: GENESIS_HASH, pending };

  let anchor: { seq: number; hash: string } | undefined;
  if (fromSeq > 1) {
    const row = await ex.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', fromSeq - 1).executeTakeFirst();
    if (!row) return { ok: false, ...start, firstBadSeq: fromSeq - 1, reason: 'sequence_gap', detail: `seq ${fromSeq - 1}, the row before the start, is missing` };
    anchor = { seq: fromSeq - 1, hash: row.hash ?? '' };
  }

  // A checkpoint before the anchor is outside the stream: check its row directly.
  const checkpoint = options.checkpoint;
  if (checkpoint && anchor && checkpoint.seq < anchor.seq) {
    const point = await verifyAgainstCheckpoint(ex, checkpoint);
    if (!point.ok) return { ...start, ...point };
  }

  const result = await checkChainRows(streamAuditRows(ex, fromSeq - 1, toSeq, batchSize), {
    ...(anchor ? { anchor } : {}),
    ...(checkpoint && (!anchor || checkpoint.seq >= anchor.seq) ? { checkpoint } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.progressEvery ? { progressEvery: options.progressEvery } : {}),
  });
  return { ...result, pending };
}

async function countPending(ex: Executor): Promise<number> {
  const row = await ex
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('seq', 'is', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

const CHAIN_COLUMNS = [
  'seq', 'occurred_at', 'actor_user_id', 'actor_token_id', 'organisation_id', 'action',
  'resource_type', 'resource_id', 'outcome', 'request_id', 'details', 'prev_hash', 'hash',
] as const;

/**
 * One page is the range (afterSeq, upTo] of seq, never `seq > x … limit n`: with statistics
 * that lag behind the table (a fresh import, a restore) the planner may answer the open form
 * by reading and sorting everything after x, once per page: quadratic. A bounded range costs
 * at most one page of rows whatever the plan.
 */
function fetchRange(ex: Executor, afterSeq: number, upTo: number) {
  return ex
    .selectFrom('audit_log')
    .select(CHAIN_COLUMNS)
    .where('seq', '>', afterSeq)
    .where('seq', '<=', upTo)
    .orderBy('seq')
    .execute();
}

/** The next seq after a hole (a deleted range); min() is one index probe. */
async function nextSeqAfter(ex: Executor, afterSeq: number, toSeq: number): Promise<number | null> {
  const row = await ex
    .selectFrom('audit_log')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where('seq', '>', afterSeq)
    .where('seq', '<=', toSeq)
    .executeTakeFirst();
  return row?.seq == null ? null : Number(row.seq);
}

// A page loading while the consumer is busy must not count as an unhandled rejection; the
// error still surfaces where the page is awaited.
function prefetch<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Rows with afterSeq < seq <= toSeq in seq order, a page at a time; the next page loads while this one is hashed. */
export async function* streamAuditRows(ex: Executor, afterSeq: number, toSeq: number, batchSize: number): AsyncGenerator<ChainRow> {
  let after = afterSeq;
  let upTo = Math.min(after + batchSize, toSeq);
  let next: ReturnType<typeof fetchRange> | null = after < toSeq ? prefetch(fetchRange(ex, after, upTo)) : null;
  try {
    while (next) {
      const page: Awaited<ReturnType<typeof fetchRange>> = await next;
      if (page.length === 0) {
        // A hole as wide as a page: jump to the next row, which the checker will name as a gap.
        const found = await nextSeqAfter(ex, upTo, toSeq);
        next = null;
        if (found === null) return;
        after = found - 1;
        upTo = Math.min(after + batchSize, toSeq);
        next = prefetch(fetchRange(ex, after, upTo));
        continue;
      }
      after = upTo;
      upTo = Math.min(after + batchSize, toSeq);
      next = after < toSeq ? prefetch(fetchRange(ex, after, upTo)) : null;
      for (const row of page) {
        // Null links only occur on rows edited behind the trigger: they fail as such below.
        yield { ...chainedFieldsOf(row, Number(row.seq), row.prev_hash ?? ''), hash: row.hash ?? '' };
      }
    }
  } finally {
    // Stopped early at a broken row: let the prefetch finish so no query outlives the caller.
    await next?.catch(() => undefined);
  }
}
