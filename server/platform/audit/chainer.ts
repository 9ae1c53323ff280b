/**
 * Links committed audit rows into the hash chain (AUD-1), in batches, one chainer at a time
 * across every process (a transaction-level advisory lock). Rows are chained in the order the
 * chainer finds them committed, so a late commit simply takes a later place in the chain.
 * Writers never hold the chain lock, so their commits group instead of queueing.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { chainedFieldsOf, GENESIS_HASH, hashAuditRow } from './chain';

const AUDIT_CHAIN_LOCK = 7_310_001;
const BATCH = 1000;

/** Chains every committed row not yet chained; returns how many it linked. */
export async function chainPendingAudit(db: Kysely<DB>): Promise<number> {
  let total = 0;
  for (;;) {
    const linked = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
      const pending = await trx
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', 'is', null)
        .orderBy('id')
        .limit(BATCH)
        .execute();
      if (pending.length === 0) return 0;
      const head = await trx
        .selectFrom('audit_log')
        .select(['seq', 'hash'])
        .where('seq', 'is not', null)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      let seq = head?.seq ?? 0;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const links = pending.map((row) => {
        seq += 1;
        const hash = hashAuditRow(chainedFieldsOf(row, seq, prevHash));
        const link = { id: row.id, seq, prevHash, hash };
        prevHash = hash;
        return link;
      });
      const values = sql.join(links.map((l) => sql`(${l.id}::bigint, ${l.seq}::bigint, ${l.prevHash}, ${l.hash})`));
      await sql`
        update audit_log as a
        set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash, chained_at = now()
        from (values ${values}) as v(id, seq, prev_hash, hash)
        where a.id = v.id`.execute(trx);
      return links.length;
    });
    total += linked;
    if (linked < BATCH) return total;
  }
}

export interface AuditChainer {
  /** Chains what is pending now and waits for it. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

// Every running chainer of this process (one per open runtime; tests open several). A write
// cannot tell which database its transaction belongs to, so all are nudged: each chains its own.
const active = new Set<{ schedule(): void }>();

/** Called after rows are written; the running chainer links them within a few milliseconds. */
export function notifyAuditWritten(): void {
  for (const chainer of active) chainer.schedule();
}

export function startAuditChainer(
  db: Kysely<DB>,
  options: { delayMs?: number; sweepMs?: number; onError?: (err: unknown) => void } = {},
): AuditChainer {
  const delayMs = options.delayMs ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);
  let stopped = false;

  const run = (): Promise<number> => {
    running = running.then(
      () => chainPendingAudit(db),
      () => chainPendingAudit(db),
    );
    running.catch((err) => options.onError?.(err));
    return running;
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void run().catch(() => undefined);
    }, delayMs);
    timer.unref();
  };
  // A sweep catches rows written by other processes or by a process that died.
  const sweep = setInterval(schedule, options.sweepMs ?? 5000);
  sweep.unref();
  const handle = { schedule };
  active.add(handle);
  return {
    flush: () => run(),
    async stop() {
      stopped = true;
      clearInterval(sweep);
      if (timer) clearTimeout(timer);
      active.delete(handle);
      await running.catch(() => undefined);
      await chainPendingAudit(db).catch(() => undefined);
    },
  };
}
