/**
 * AUD-1 at the database: the append-only trigger, and verification of the stored chain when
 * someone with the power to disable the trigger edits, deletes, cuts or rewrites rows. Each
 * tampering happens in a transaction that is rolled back, so the tests stay independent.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { hashAuditRow } from './chain';
import { chainPendingAudit } from './chainer';
import { exportCheckpoint, formatCheckpoint, parseCheckpoint, verifyAgainstCheckpoint } from './checkpoint';
import { recordAudit } from './record';
import { streamAuditRows, verifyAuditChain, type ChainRow } from './verify';

let t: TestRuntime;
const ROWS = 120;

beforeAll(async () => {
  t = await createTestRuntime();
  // Chained by hand below, so no background run races the assertions.
  await t.auditChainer.stop();
  for (let i = 0; i < ROWS; i++) {
    await recordAudit(t.ctx.db, { action: i % 2 ? 'user.update' : 'session.create', resourceType: 'user', resourceId: `r${i}`, details: { i, when: new Date(0).toISOString() } });
  }
  await chainPendingAudit(t.ctx.db);
});
afterAll(async () => t?.close());

class Rollback extends Error {}

/** Runs `tamper` with the trigger off (as a superuser could), verifies, then undoes it all. */
async function whileTampered<T>(tamper: (trx: Transaction<DB>) => Promise<void>, check: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await t.ownerDb
    .transaction()
    .execute(async (trx) => {
      // Every user trigger: the append-only one, and any later one refusing TRUNCATE.
      await sql`alter table audit_log disable trigger user`.execute(trx);
      await tamper(trx);
      result = await check(trx);
      throw new Rollback();
    })
    .catch((err) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return result as T;
}

describe('the append-only trigger', () => {
  it('refuses to update or delete a chained row', async () => {
    // As the tables' owner, whom no grant stops: the trigger itself refuses.
    await expect(t.ownerDb.updateTable('audit_log').set({ action: 'user.delete' }).where('seq', '=', 5).execute()).rejects.toThrow(/append-only/);
    await expect(t.ownerDb.updateTable('audit_log').set({ hash: 'f'.repeat(64) }).where('seq', '=', 5).execute()).rejects.toThrow(/append-only/);
    await expect(t.ownerDb.deleteFrom('audit_log').where('seq', '=', 5).execute()).rejects.toThrow(/append-only/);
  });

  it.skipIf(!process.env.DATABASE_URL)('gives the application role no right to delete from the trail (AUTHZ-2)', async () => {
    await expect(t.ctx.db.deleteFrom('audit_log').where('seq', '=', 5).execute()).rejects.toThrow(/permission denied/);
  });

  it('refuses to change the content of a row waiting for the chainer', async () => {
    await recordAudit(t.ctx.db, { action: 'user.update', resourceType: 'user' });
    await expect(t.ctx.db.updateTable('audit_log').set({ action: 'user.create', hash: 'f'.repeat(64) }).where('seq', 'is', null).execute()).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(t.ctx.db)).pending).toBe(1);
    await chainPendingAudit(t.ctx.db);
    expect(await verifyAuditChain(t.ctx.db)).toMatchObject({ ok: true, pending: 0, headSeq: ROWS + 1 });
  });
});

describe('verifyAuditChain on the database', () => {
  it('accepts the chain in small keyset pages, from any start, and reports progress', async () => {
    const progress: number[] = [];
    const full = await verifyAuditChain(t.ctx.db, { batchSize: 7, progressEvery: 50, onProgress: (p) => progress.push(p.seq) });
    expect(full).toMatchObject({ ok: true, rows: ROWS + 1, headSeq: ROWS + 1 });
    expect(progress).toEqual([50, 100]);
    const tail = await verifyAuditChain(t.ctx.db, { fromSeq: 100, batchSize: 5 });
    expect(tail).toMatchObject({ ok: true, rows: ROWS - 98, headSeq: ROWS + 1, headHash: full.headHash });
    expect(await verifyAuditChain(t.ctx.db, { toSeq: 10 })).toMatchObject({ ok: true, rows: 10, headSeq: 10 });
  });

  it('finds an edited row and names it by seq', async () => {
    const result = await whileTampered(
      (trx) => trx.updateTable('audit_log').set({ resource_id: 'someone-else' }).where('seq', '=', 42).execute().then(() => undefined),
      (trx) => verifyAuditChain(trx, { batchSize: 10 }),
    );
    expect(result).toMatchObject({ ok: false, firstBadSeq: 42, reason: 'hash_mismatch', headSeq: 41, rows: 41 });
  });

  it('finds an edit hidden by recomputing that row’s hash: the next link breaks', async () => {
    const result = await whileTampered(async (trx) => {
      const [row] = await collect(trx, 41, 42);
      await trx.updateTable('audit_log').set({ details: JSON.stringify({ i: 999 }), hash: hashAuditRow({ ...row!, details: { i: 999 } }) }).where('seq', '=', 42).execute();
    }, (trx) => verifyAuditChain(trx));
    expect(result).toMatchObject({ ok: false, firstBadSeq: 43, reason: 'broken_link' });
  });

  it('finds a deleted row, and rows moved to other positions', async () => {
    const deleted = await whileTampered(
      (trx) => trx.deleteFrom('audit_log').where('seq', '=', 17).execute().then(() => undefined),
      (trx) => verifyAuditChain(trx, { batchSize: 16 }),
    );
    expect(deleted).toMatchObject({ ok: false, firstBadSeq: 17, reason: 'sequence_gap' });
    // A hole wider than a page, and rows gone up to the head.
    const hole = await whileTampered(
      (trx) => trx.deleteFrom('audit_log').where('seq', '>=', 20).where('seq', '<=', 40).execute().then(() => undefined),
      (trx) => verifyAuditChain(trx, { batchSize: 5 }),
    );
    expect(hole).toMatchObject({ ok: false, firstBadSeq: 20, reason: 'sequence_gap', detail: expect.stringContaining('found seq 41') });
    const moved = await whileTampered(
      async (trx) => void (await sql`update audit_log set seq = 1000000 where seq = 90`.execute(trx)),
      (trx) => verifyAuditChain(trx, { batchSize: 8 }),
    );
    expect(moved).toMatchObject({ ok: false, firstBadSeq: 90, reason: 'sequence_gap' });
    const swapped = await whileTampered(async (trx) => {
      await sql`update audit_log set seq = -60 where seq = 30`.execute(trx);
      await sql`update audit_log set seq = 30 where seq = 60`.execute(trx);
      await sql`update audit_log set seq = 60 where seq = -60`.execute(trx);
    }, (trx) => verifyAuditChain(trx));
    expect(swapped).toMatchObject({ ok: false, firstBadSeq: 30 });
  });

  it('finds a forged row inserted in the middle with a correct hash of its own', async () => {
    const result = await whileTampered(async (trx) => {
      const [before] = await collect(trx, 49, 50);
      // Two steps: the unique index on seq is checked row by row.
      await sql`update audit_log set seq = -(seq + 1) where seq >= 51`.execute(trx);
      await sql`update audit_log set seq = -seq where seq < 0`.execute(trx);
      const forged = { ...before!, seq: 51, action: 'user.delete', prevHash: before!.hash };
      await insertRow(trx, { ...forged, hash: hashAuditRow(forged) });
    }, (trx) => verifyAuditChain(trx));
    expect(result).toMatchObject({ ok: false, firstBadSeq: 52 });
  });
});

describe('checkpoints', () => {
  it('round-trips through its printed line and rejects a malformed one', async () => {
    const checkpoint = await exportCheckpoint(t.ctx.db);
    const line = formatCheckpoint(checkpoint);
    expect(line).not.toContain('\n');
    expect(parseCheckpoint(line)).toEqual(checkpoint);
    expect(() => parseCheckpoint('{"seq":1}')).toThrow(/checkpoint.hash/);
    expect(() => parseCheckpoint('not json')).toThrow(/not JSON/);
    expect(() => parseCheckpoint(line.replace('weft.audit-checkpoint', 'other'))).toThrow(/kind/);
  });

  it('still verifies after more rows are written', async () => {
    const checkpoint = await exportCheckpoint(t.ctx.db);
    await recordAudit(t.ctx.db, { action: 'user.update', resourceType: 'user' }, { action: 'user.update', resourceType: 'user' });
    await chainPendingAudit(t.ctx.db);
    expect(await verifyAgainstCheckpoint(t.ctx.db, checkpoint)).toMatchObject({ ok: true, seq: checkpoint.seq });
    expect(await verifyAuditChain(t.ctx.db, { checkpoint })).toMatchObject({ ok: true, headSeq: checkpoint.seq + 2 });
    // From a later start, a checkpoint before it is checked on its own row.
    expect(await verifyAuditChain(t.ctx.db, { checkpoint, fromSeq: checkpoint.seq + 2 })).toMatchObject({ ok: true, rows: 1 });
  });

  it('catches the deletion of the last rows, which the chain alone cannot', async () => {
    const checkpoint = await exportCheckpoint(t.ctx.db);
    const cut = (trx: Transaction<DB>) => trx.deleteFrom('audit_log').where('seq', '>', checkpoint.seq - 3).execute().then(() => undefined);
    expect(await whileTampered(cut, (trx) => verifyAuditChain(trx))).toMatchObject({ ok: true, headSeq: checkpoint.seq - 3 });
    expect(await whileTampered(cut, (trx) => verifyAuditChain(trx, { checkpoint }))).toMatchObject({ ok: false, reason: 'truncated', firstBadSeq: checkpoint.seq - 2 });
    expect(await whileTampered(cut, (trx) => verifyAgainstCheckpoint(trx, checkpoint))).toMatchObject({ ok: false, reason: 'truncated', firstBadSeq: checkpoint.seq - 2 });
    // Emptied altogether (TRUNCATE fires no row trigger): the checkpoint still tells.
    const emptied = await whileTampered(async (trx) => void (await sql`truncate audit_log`.execute(trx)), (trx) => verifyAuditChain(trx, { checkpoint }));
    expect(emptied).toMatchObject({ ok: false, reason: 'truncated', firstBadSeq: 1 });
  });

  it('catches a chain recomputed after an edit, which the chain alone cannot', async () => {
    const checkpoint = await exportCheckpoint(t.ctx.db);
    const rewrite = async (trx: Transaction<DB>) => {
      const rows = await collect(trx, 0, checkpoint.seq);
      let prevHash = rows[19]!.hash;
      for (const row of rows.slice(20)) {
        const changed = { ...row, prevHash, details: row.seq === 21 ? { i: -1 } : row.details };
        const hash = hashAuditRow(changed);
        await trx.updateTable('audit_log').set({ details: JSON.stringify(changed.details), prev_hash: prevHash, hash }).where('seq', '=', row.seq).execute();
        prevHash = hash;
      }
    };
    expect(await whileTampered(rewrite, (trx) => verifyAuditChain(trx))).toMatchObject({ ok: true });
    expect(await whileTampered(rewrite, (trx) => verifyAuditChain(trx, { checkpoint }))).toMatchObject({ ok: false, reason: 'checkpoint_mismatch', firstBadSeq: checkpoint.seq });
    expect(await whileTampered(rewrite, (trx) => verifyAgainstCheckpoint(trx, checkpoint))).toMatchObject({ ok: false, reason: 'checkpoint_mismatch' });
  });
});

function insertRow(trx: Transaction<DB>, row: ChainRow) {
  return trx.insertInto('audit_log').values({
    seq: row.seq,
    occurred_at: row.occurredAt,
    actor_user_id: row.actorUserId,
    actor_token_id: row.actorTokenId,
    organisation_id: row.organisationId,
    action: row.action,
    resource_type: row.resourceType,
    resource_id: row.resourceId,
    outcome: row.outcome,
    request_id: row.requestId,
    details: JSON.stringify(row.details),
    prev_hash: row.prevHash,
    hash: row.hash,
  }).execute();
}

async function collect(ex: Transaction<DB>, afterSeq: number, toSeq: number) {
  const rows = [];
  for await (const row of streamAuditRows(ex, afterSeq, toSeq, 100)) rows.push(row);
  return rows;
}
