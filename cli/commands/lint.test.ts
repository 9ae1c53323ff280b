/** The architectural lint rules of eslint.config.js fire where STYLE.md says they must. */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js') });

/** The rule ids reported for `code` as if it were the file at `filePath`. */
async function rulesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('architectural lint rules', () => {
  it('refuses node:fs and other Node built-ins in core/', async () => {
    expect(await rulesFor('core/sample/lint-sample.ts', "import fs from 'node:fs';\nexport const files = fs;\n")).toEqual(['no-restricted-imports']);
    expect(await rulesFor('core/sample/lint-sample.ts', "import { createHash } from 'crypto';\nexport const h = createHash;\n")).toEqual(['no-restricted-imports']);
    expect(await rulesFor('core/sample/lint-sample.ts', "import { readFile } from 'fs/promises';\nexport const r = readFile;\n")).toEqual(['no-restricted-imports']);
  });

  it('refuses server/, web/, cli/ and database or HTTP libraries in core/', async () => {
    for (const source of ['../../server/db/database', '../../web/app/api', '../../cli/program', 'kysely', 'fastify', 'pg', '@electric-sql/pglite']) {
      expect(await rulesFor('core/sample/lint-sample.ts', `import * as m from '${source}';\nexport const x = m;\n`), source).toEqual(['no-restricted-imports']);
    }
  });

  it('refuses fetch and process in core/', async () => {
    const code = "export const load = () => fetch('/x');\nexport const env = () => process.env.X;\nexport const f = globalThis.fetch;\n";
    expect(await rulesFor('core/sample/lint-sample.ts', code)).toEqual(['no-restricted-globals', 'no-restricted-globals', 'no-restricted-properties']);
  });

  it('lets core/ import core/ and pure libraries', async () => {
    expect(await rulesFor('core/sample/lint-sample.ts', "import { z } from 'zod';\nimport { invalid } from '../errors';\nexport const x = [z, invalid];\n")).toEqual([]);
  });

  it('refuses server/ and cli/ in web/', async () => {
    expect(await rulesFor('web/app/lint-sample.ts', "import { loadConfig } from '../../server/config';\nexport const x = loadConfig;\n")).toEqual(['no-restricted-imports']);
    expect(await rulesFor('web/app/lint-sample.ts', "import { runWeft } from '../../cli/program';\nexport const x = runWeft;\n")).toEqual(['no-restricted-imports']);
    expect(await rulesFor('web/app/lint-sample.ts', "import { invalid } from '../../core/errors';\nexport const x = invalid;\n")).toEqual([]);
  });

  it("refuses another module's store, but not its service or the module's own store", async () => {
    const file = 'server/modules/lint-sample/service.ts';
    expect(await rulesFor(file, "import * as other from '../organisations/store';\nexport const x = other;\n")).toEqual(['no-restricted-imports']);
    expect(await rulesFor(file, "import * as other from '../organisations/service';\nimport * as own from './store';\nexport const x = [other, own];\n")).toEqual([]);
  });
});
