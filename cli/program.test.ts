import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conflict, forbidden, invalid, notFound, ruleViolation } from '../core/errors';
import { UsageError } from './command-kit';
import { exitCodeFor, helpLines, runWeft } from './program';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-program-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function weft(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runWeft(args, {
    env: { WEFT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('weft', () => {
  it('lists every command with one line each', async () => {
    const { code, out, err } = await weft(['help']);
    expect(code).toBe(0);
    expect(err).toBe('');
    for (const name of ['start', 'migrate', 'seed', 'reset', 'keys', 'audit', 'places', 'backup', 'restore', 'help']) {
      expect(out).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    expect(helpLines()).toContain('usage: weft <command> [arguments]');
  });

  it('answers an unknown or missing command with the usage on stderr and exit code 2', async () => {
    for (const args of [['frobnicate'], []]) {
      const { code, out, err } = await weft(args);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(/usage: weft <command>/);
    }
  });

  it('names the variable of an invalid configuration and exits 1', async () => {
    const { code, err } = await weft(['migrate'], { PORT: 'eighty' });
    expect(code).toBe(1);
    expect(err).toMatch(/configuration is invalid/);
    expect(err).toMatch(/PORT/);
  });

  it('maps domain error categories to exit codes', () => {
    expect(exitCodeFor(invalid('x.bad', 'bad'))).toBe(2);
    expect(exitCodeFor(notFound('case'))).toBe(3);
    expect(exitCodeFor(conflict('x.taken', 'taken'))).toBe(4);
    expect(exitCodeFor(forbidden())).toBe(5);
    expect(exitCodeFor(ruleViolation('x.rule', 'rule'))).toBe(1);
    expect(exitCodeFor(new UsageError('usage'))).toBe(2);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
  });

  it('prints a new master key without opening the database or writing a key file', async () => {
    const { code, out } = await weft(['keys', 'generate']);
    expect(code).toBe(0);
    expect(Buffer.from(out, 'base64')).toHaveLength(32);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('refuses reset without --yes, says how, and touches nothing', async () => {
    const { code, err } = await weft(['reset']);
    expect(code).toBe(2);
    expect(err).toMatch(/weft reset --yes/);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('answers wrong arguments of a command with its usage and exit code 2', async () => {
    for (const args of [['audit'], ['audit', 'explode'], ['places', 'burn'], ['backup'], ['restore', 'a', 'b'], ['migrate', 'now'], ['reset', '--yes', '--hard'], ['keys'], ['seed', 'extra']]) {
      const { code, out, err } = await weft(args);
      expect(code, args.join(' ')).toBe(2);
      expect(err, args.join(' ')).toMatch(/usage: weft/);
      expect(out, args.join(' ')).toBe('');
    }
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
