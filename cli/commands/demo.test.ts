import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../server/test/runtime';
import { runSeedCommand } from './demo';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  if (runtime) await runtime.close();
});

it('seeds an empty database once and prints the accounts', async () => {
  const lines: string[] = [];
  const deps = { ctx: runtime.ctx, sharedDataDir: path.resolve('../shared/data'), out: (line: string) => lines.push(line) };
  expect(await runSeedCommand([], deps)).toBe(0);
  expect(lines.join('\n')).toContain('admin@demo.weft.example');
  lines.length = 0;
  expect(await runSeedCommand([], deps)).toBe(0);
  expect(lines).toEqual(['The database already has organisations: no demo data added. Reset it first for a fresh demo.']);
  expect(await runSeedCommand(['now'], deps)).toBe(2);
});
