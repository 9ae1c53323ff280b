/**
 * AUD-1 "100% of 10,000 tamperings detected": a real chain written by recordAudit and linked by
 * the chainer, copied into memory, then 10,000 random tamperings (fixed seed), each checked by
 * the same pure verifier the database path uses. Every tampering must be caught when a checkpoint of the original
 * head is given; those the chain alone catches are caught without it too.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditCheckpoint } from '../../../core/schemas/audit';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { GENESIS_HASH, hashAuditRow } from './chain';
import { chainPendingAudit } from './chainer';
import { recordAudit, type AuditEntry } from './record';
import { checkChainRows, streamAuditRows, type ChainRow } from './verify';

const ROWS = 200;
const RUNS = 10_000;
const SEED = 20_261_121;

let t: TestRuntime;
let chain: ChainRow[];
let checkpoint: AuditCheckpoint;

const uuidOf = (n: number) => {
  const h = createHash('sha256').update(`fictional-${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

function entryFor(i: number): AuditEntry {
  const actions = ['user.update', 'session.create', 'http.denied', 'organisation.create', 'audit.read'];
  return {
    action: actions[i % actions.length]!,
    resourceType: i % 3 === 0 ? 'user' : 'session',
    resourceId: i % 4 === 0 ? null : uuidOf(i),
    organisationId: i % 5 === 0 ? null : uuidOf(i % 3),
    actorUserId: i % 2 === 0 ? uuidOf(100 + (i % 7)) : null,
    actorTokenId: i % 9 === 0 ? uuidOf(200 + i) : null,
    outcome: i % 6 === 0 ? 'denied' : 'success',
    requestId: i % 8 === 0 ? null : uuidOf(300 + i),
    details: i % 3 === 0 ? {} : { fields: ['role', 'language'], count: i, nested: { ok: i % 2 === 0, list: [1, 'two', null] } },
  };
}

beforeAll(async () => {
  t = await createTestRuntime();
  // Some calls append several rows at once, as a service auditing a batch does.
  for (let i = 0; i < ROWS; ) {
    const size = i % 10 === 0 ? Math.min(3, ROWS - i) : 1;
    await recordAudit(t.ctx.db, ...Array.from({ length: size }, (_, k) => entryFor(i + k)));
    i += size;
  }
  await chainPendingAudit(t.ctx.db);
  chain = [];
  for await (const row of streamAuditRows(t.ctx.db, 0, Number.MAX_SAFE_INTEGER, 64)) chain.push(row);
  const head = chain.at(-1)!;
  checkpoint = { seq: head.seq, hash: head.hash, at: new Date().toISOString() };
});
afterAll(async () => t?.close());

const EDITABLE = [
  'seq', 'occurredAt', 'actorUserId', 'actorTokenId', 'organisationId', 'action', 'resourceType',
  'resourceId', 'outcome', 'requestId', 'details', 'prevHash', 'hash',
] as const;
type Field = (typeof EDITABLE)[number];

type Tampering =
  | { kind: 'edit'; index: number; field: Field; n: number; rehash: boolean }
  | { kind: 'delete'; index: number }
  | { kind: 'swap_positions'; i: number; j: number }
  | { kind: 'swap_seq'; i: number; j: number }
  | { kind: 'insert'; index: number; renumber: boolean; linkBack: boolean; n: number }
  | { kind: 'truncate'; count: number }
  | { kind: 'rewrite'; index: number; op: 'edit' | 'delete' | 'insert'; field: Field; n: number };

const index = fc.integer({ min: 0, max: ROWS - 1 });
const n = fc.integer({ min: 1, max: 1_000_000 });
const field = fc.constantFrom(...EDITABLE);
const pair = fc.tuple(index, index).filter(([i, j]) => i !== j).map(([i, j]) => ({ i: Math.min(i, j), j: Math.max(i, j) }));
const tampering: fc.Arbitrary<Tampering> = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), index, field, n, rehash: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), index }),
  pair.map((p) => ({ kind: 'swap_positions' as const, ...p })),
  pair.map((p) => ({ kind: 'swap_seq' as const, ...p })),
  fc.record({ kind: fc.constant('insert' as const), index: fc.integer({ min: 0, max: ROWS }), renumber: fc.boolean(), linkBack: fc.boolean(), n }),
  fc.record({ kind: fc.constant('truncate' as const), count: fc.integer({ min: 1, max: ROWS }) }),
  fc.record({ kind: fc.constant('rewrite' as const), index, op: fc.constantFrom('edit' as const, 'delete' as const, 'insert' as const), field: fc.constantFrom(...EDITABLE.filter((f) => f !== 'seq' && f !== 'prevHash' && f !== 'hash')), n }),
);

const otherHex = (hex: string, n: number) => {
  const made = createHash('sha256').update(`forged-${n}`).digest('hex');
  return made === hex ? createHash('sha256').update(made).digest('hex') : made;
};

/** The row with one field changed to a different value, as an attacker editing the table would. */
function editField(row: ChainRow, field: Field, n: number): ChainRow {
  const text = (value: string | null) => (value === null ? `forged-${n}` : n % 2 === 0 ? null : `${value}x`);
  switch (field) {
    case 'seq': return { ...row, seq: row.seq + (n % 2 === 0 ? n : -n) };
    case 'occurredAt': return { ...row, occurredAt: new Date(row.occurredAt.getTime() + (n % 2 === 0 ? n : -n)) };
    case 'actorUserId': case 'actorTokenId': case 'organisationId': case 'resourceId': case 'requestId':
      return { ...row, [field]: row[field] === null ? uuidOf(n) : n % 2 === 0 ? null : uuidOf(-n) };
    case 'action': case 'resourceType': case 'outcome':
      return { ...row, [field]: text(row[field]) ?? `${row[field]}-${n}` };
    case 'details': return { ...row, details: n % 2 === 0 ? { ...row.details, [`k${n}`]: n } : { ...row.details, count: `${n}` } };
    case 'prevHash': return { ...row, prevHash: otherHex(row.prevHash, n) };
    case 'hash': return { ...row, hash: otherHex(row.hash, n) };
  }
}

const rehash = (row: ChainRow): ChainRow => ({ ...row, hash: hashAuditRow(row) });

/** What a tampering gives, and whether the chain alone (no checkpoint) can tell. */
function applyTampering(rows: ChainRow[], t: Tampering): { rows: ChainRow[]; chainAloneDetects: boolean } {
  const copy = rows.map((row) => ({ ...row }));
  const last = copy.length - 1;
  switch (t.kind) {
    case 'edit': {
      const rehashed = t.rehash && t.field !== 'hash';
      const edited = editField(copy[t.index]!, t.field, t.n);
      copy[t.index] = rehashed ? rehash(edited) : edited;
      // A rehashed last row links to nothing after it: only the checkpoint can tell.
      return { rows: copy, chainAloneDetects: !(rehashed && t.index === last && t.field !== 'seq' && t.field !== 'prevHash') };
    }
    case 'delete':
      copy.splice(t.index, 1);
      return { rows: copy, chainAloneDetects: t.index !== last };
    case 'swap_positions':
      [copy[t.i], copy[t.j]] = [copy[t.j]!, copy[t.i]!];
      return { rows: copy, chainAloneDetects: true };
    case 'swap_seq': {
      // The rows exchange sequence numbers; the database then returns them in seq order.
      const a = copy[t.i]!.seq;
      copy[t.i]!.seq = copy[t.j]!.seq;
      copy[t.j]!.seq = a;
      return { rows: copy.sort((x, y) => x.seq - y.seq), chainAloneDetects: true };
    }
    case 'insert': {
      // A forged row with a correct hash of its own content, placed between real rows.
      const linkBack = t.linkBack && t.index < copy.length;
      const template = copy[Math.min(t.index, last)]!;
      const prevHash = linkBack ? (copy[t.index - 1]?.hash ?? GENESIS_HASH) : otherHex(template.prevHash, t.n);
      const forged = rehash({ ...template, seq: t.index + 1, action: `forged.${t.n}`, prevHash });
      if (t.renumber) for (const row of copy.slice(t.index)) row.seq += 1;
      copy.splice(t.index, 0, forged);
      return { rows: copy, chainAloneDetects: true };
    }
    case 'truncate':
      return { rows: copy.slice(0, copy.length - t.count), chainAloneDetects: false };
    case 'rewrite': {
      // The attacker edits, deletes or inserts, then recomputes every seq and hash after it.
      if (t.op === 'edit') copy[t.index] = editField(copy[t.index]!, t.field, t.n);
      if (t.op === 'delete') copy.splice(t.index, 1);
      if (t.op === 'insert') copy.splice(t.index, 0, { ...copy[t.index]!, action: `forged.${t.n}` });
      let prevHash = t.index === 0 ? GENESIS_HASH : copy[t.index - 1]!.hash;
      for (let k = t.index; k < copy.length; k++) {
        copy[k] = rehash({ ...copy[k]!, seq: k + 1, prevHash });
        prevHash = copy[k]!.hash;
      }
      return { rows: copy, chainAloneDetects: false };
    }
  }
}

describe('tampering with the audit chain (AUD-1)', () => {
  it('accepts the untouched chain, with and without its checkpoint', async () => {
    expect(chain).toHaveLength(ROWS);
    expect(await checkChainRows(chain)).toEqual({ ok: true, rows: ROWS, headSeq: ROWS, headHash: checkpoint.hash });
    expect((await checkChainRows(chain, { checkpoint })).ok).toBe(true);
  });

  it('detects 100% of 10,000 random tamperings', async () => {
    const seen = new Map<string, number>();
    let detected = 0;
    await fc.assert(
      fc.asyncProperty(tampering, async (tamper) => {
        seen.set(tamper.kind, (seen.get(tamper.kind) ?? 0) + 1);
        const { rows, chainAloneDetects } = applyTampering(chain, tamper);
        const withCheckpoint = await checkChainRows(rows, { checkpoint });
        expect(withCheckpoint.ok).toBe(false);
        if (withCheckpoint.ok) return;
        detected += 1;
        const alone = await checkChainRows(rows);
        expect(alone.ok).toBe(!chainAloneDetects);
        // The first bad row named is the tampered one, or the one right after a forgery.
        const at = 'index' in tamper ? tamper.index + 1 : 'i' in tamper ? tamper.i + 1 : ROWS - tamper.count + 1;
        if (!alone.ok && tamper.kind !== 'insert' && !(tamper.kind === 'edit' && tamper.rehash)) expect(alone.firstBadSeq).toBe(at);
        if (!alone.ok) expect(alone.firstBadSeq).toBeGreaterThanOrEqual(at);
        if (!alone.ok) expect(alone.firstBadSeq).toBeLessThanOrEqual(at + 1);
        if (tamper.kind === 'truncate') expect(withCheckpoint).toMatchObject({ reason: 'truncated', firstBadSeq: at });
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(detected).toBe(RUNS);
    for (const kind of ['edit', 'delete', 'swap_positions', 'swap_seq', 'insert', 'truncate', 'rewrite'])
      expect(seen.get(kind) ?? 0).toBeGreaterThan(RUNS / 10);
  }, 180_000);

  it('names the reason of each kind of break', async () => {
    const edited = applyTampering(chain, { kind: 'edit', index: 49, field: 'action', n: 7, rehash: false }).rows;
    expect(await checkChainRows(edited)).toMatchObject({ ok: false, reason: 'hash_mismatch', firstBadSeq: 50, headSeq: 49, rows: 49 });
    const deleted = applyTampering(chain, { kind: 'delete', index: 10 }).rows;
    expect(await checkChainRows(deleted)).toMatchObject({ ok: false, reason: 'sequence_gap', firstBadSeq: 11 });
    const relinked = applyTampering(chain, { kind: 'edit', index: 20, field: 'prevHash', n: 3, rehash: true }).rows;
    expect(await checkChainRows(relinked)).toMatchObject({ ok: false, reason: 'broken_link', firstBadSeq: 21 });
    const genesis = applyTampering(chain, { kind: 'edit', index: 0, field: 'prevHash', n: 3, rehash: true }).rows;
    expect(await checkChainRows(genesis)).toMatchObject({ ok: false, reason: 'bad_genesis', firstBadSeq: 1 });
    const duplicated = applyTampering(chain, { kind: 'insert', index: 30, renumber: false, linkBack: true, n: 5 }).rows;
    expect(await checkChainRows(duplicated)).toMatchObject({ ok: false, reason: 'out_of_order', firstBadSeq: 32 });
    const rewritten = applyTampering(chain, { kind: 'rewrite', index: 5, op: 'edit', field: 'details', n: 2 }).rows;
    expect((await checkChainRows(rewritten)).ok).toBe(true);
    expect(await checkChainRows(rewritten, { checkpoint })).toMatchObject({ ok: false, reason: 'checkpoint_mismatch', firstBadSeq: ROWS });
  });
});
