/**
 * `weft audit …` (AUD-1): verify the hash chain, and print checkpoints to keep elsewhere.
 *
 *   weft audit checkpoint >> /secure/elsewhere/weft-checkpoints.jsonl
 *   weft audit verify --checkpoint /secure/elsewhere/weft-checkpoints.jsonl
 *
 * A checkpoint proves that rows up to its seq were neither cut off nor recomputed since it
 * was taken, which the chain alone cannot show; keep it where the database's administrators
 * cannot change it. Verification only reads: it runs on a restored backup or a replica too.
 */
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { AuditCheckpoint } from '../../core/schemas/audit';
import type { DB } from '../../server/db/schema';
import { exportCheckpoint, formatCheckpoint, parseCheckpoint } from '../../server/platform/audit/checkpoint';
import { verifyAuditChain } from '../../server/platform/audit/verify';

export interface AuditCommandDeps {
  db: Kysely<DB>;
  /** Results: the verdict, the checkpoint line. */
  out: (line: string) => void;
  /** Progress, usage and errors. */
  err: (line: string) => void;
}

const USAGE = [
  'usage: weft audit <command>',
  '  verify [--checkpoint <file or JSON>]   check every row of the hash chain (and against a checkpoint)',
  '  checkpoint                             print the head of the chain as one JSON line to keep elsewhere',
];

const PROGRESS_EVERY = 100_000;

/** Runs `weft audit <args>`: 0 intact, 1 the chain is broken, 2 usage or a bad checkpoint. */
export async function runAuditCommand(args: string[], deps: AuditCommandDeps): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'checkpoint' && rest.length === 0) {
    // Only the line on stdout, so `>> file` collects checkpoints one per line.
    deps.out(formatCheckpoint(await exportCheckpoint(deps.db)));
    return 0;
  }
  if (command !== 'verify') return usage(deps);

  let checkpoint: AuditCheckpoint | undefined;
  if (rest.length > 0) {
    const [flag, value, ...extra] = rest;
    if (flag !== '--checkpoint' || value === undefined || extra.length > 0) return usage(deps);
    try {
      checkpoint = parseCheckpoint(readCheckpointText(value));
    } catch (error) {
      deps.err(`weft audit: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
  }

  const started = performance.now();
  const result = await verifyAuditChain(deps.db, {
    ...(checkpoint ? { checkpoint } : {}),
    progressEvery: PROGRESS_EVERY,
    onProgress: ({ rows, seq }) => deps.err(`  ${rows} rows checked (seq ${seq})`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.pending > 0) deps.err(`  ${result.pending} newer rows wait for the chainer and are not covered yet`);
  if (!result.ok) {
    deps.out(`audit chain BROKEN at seq ${result.firstBadSeq}: ${result.reason} — ${result.detail}`);
    deps.out(`rows up to seq ${result.headSeq} verified (hash ${result.headHash}); look at seq ${result.firstBadSeq} and after.`);
    return 1;
  }
  deps.out(`audit chain OK: ${result.rows} rows, head seq ${result.headSeq} hash ${result.headHash}`);
  if (checkpoint) deps.out(`checkpoint of ${checkpoint.at} at seq ${checkpoint.seq} matches`);
  deps.err(`  verified in ${seconds} s`);
  return 0;
}

/** Inline JSON, or a file of checkpoint lines of which the last (the newest) counts. */
function readCheckpointText(value: string): string {
  if (value.trimStart().startsWith('{')) return value;
  if (!fs.existsSync(value)) throw new Error(`no checkpoint file ${value}; give a file or the JSON line itself.`);
  const lines = fs.readFileSync(value, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
  const last = lines.at(-1);
  if (!last) throw new Error(`the checkpoint file ${value} is empty.`);
  return last;
}

function usage(deps: AuditCommandDeps): number {
  USAGE.forEach((line) => deps.err(line));
  return 2;
}
