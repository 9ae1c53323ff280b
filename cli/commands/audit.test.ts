import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../server/db/schema';
import { chainPendingAudit } from '../../server/platform/audit/chainer';
import { recordAudit } from '../../server/platform/audit/record';
import { createTestRuntime, type TestRuntime } from '../../server/test/runtime';
import { runAuditCommand } from './audit';

let t: TestRuntime;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-audit-cli-'));

beforeAll(async () => {
  t = await createTestRuntime();
  await t.auditChainer.stop();
  for (let i = 0; i < 30; i++) await recordAudit(t.ctx.db, { action: 'user.update', resourceType: 'user', resourceId: `u${i}` });
  await chainPendingAudit(t.ctx.db);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function run(args: string[], db: Kysely<DB> = t.ctx.db) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAuditCommand(args, { db, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err, text: out.join('\n') };
}

class Rollback extends Error {}

/** Tampers with the trigger off, runs the command on the same transaction, then undoes it. */
async function runTampered(tamper: string, args: string[]) {
  let result: Awaited<ReturnType<typeof run>> | undefined;
  await t.ownerDb.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
    await sql.raw(tamper).execute(trx);
    result = await run(args, trx);
    throw new Rollback();
  }).catch((err) => {
    if (!(err instanceof Rollback)) throw err;
  });
  return result!;
}

describe('weft audit', () => {
  it('prints a checkpoint as one JSON line and verifies against it, inline or from a file', async () => {
    const printed = await run(['checkpoint']);
    expect(printed.code).toBe(0);
    expect(printed.out).toHaveLength(1);
    const line = printed.out[0]!;
    expect(JSON.parse(line)).toMatchObject({ kind: 'weft.audit-checkpoint', seq: 30 });

    const inline = await run(['verify', '--checkpoint', line]);
    expect(inline.code).toBe(0);
    expect(inline.out[0]).toMatch(/^audit chain OK: 30 rows, head seq 30 hash [0-9a-f]{64}$/);
    expect(inline.text).toContain('at seq 30 matches');

    // A file of checkpoints, one per line: the newest counts.
    const file = path.join(tmp, 'checkpoints.jsonl');
    fs.writeFileSync(file, `${line.replace('"seq":30', '"seq":1')}\n${line}\n\n`);
    expect((await run(['verify', '--checkpoint', file])).code).toBe(0);
  });

  it('exits 1 and names the first bad row of an edited chain', async () => {
    const result = await runTampered(`update audit_log set resource_id = 'changed' where seq = 7`, ['verify']);
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(/^audit chain BROKEN at seq 7: hash_mismatch — /);
  });

  it('exits 1 for a deleted row and for a tail cut off behind a checkpoint', async () => {
    expect((await runTampered('delete from audit_log where seq = 12', ['verify'])).out[0]).toMatch(/BROKEN at seq 12: sequence_gap/);
    const line = (await run(['checkpoint'])).out[0]!;
    const cut = await runTampered('delete from audit_log where seq > 25', ['verify', '--checkpoint', line]);
    expect(cut.code).toBe(1);
    expect(cut.out[0]).toMatch(/^audit chain BROKEN at seq 26: truncated — /);
    // Without the checkpoint the shorter chain looks whole: that is what checkpoints are for.
    expect((await runTampered('delete from audit_log where seq > 25', ['verify'])).code).toBe(0);
  });

  it('exits 2 for a bad checkpoint or wrong arguments', async () => {
    const bad = await run(['verify', '--checkpoint', '{"seq":"x"}']);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain('checkpoint.seq');
    expect((await run(['verify', '--checkpoint', path.join(tmp, 'missing.jsonl')])).code).toBe(2);
    expect((await run(['verify', '--from', '3'])).code).toBe(2);
    expect((await run(['checkpoint', 'now'])).code).toBe(2);
    expect((await run([])).err[0]).toMatch(/^usage: weft audit/);
  });
});
