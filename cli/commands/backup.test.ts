import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildOrganisation } from '../../server/test/factories';
import { createCliEnvironment, type CliEnvironment } from '../test-environment';
import { HEADER_BYTES } from './backup-format';

const embedded = !process.env.DATABASE_URL;
// Each test opens the embedded database several times: 2-3 s each, far more on a busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const hasPgTools = ['pg_dump', 'pg_restore'].every((tool) => !spawnSync(tool, ['--version']).error);
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-backups-'));
const environments: CliEnvironment[] = [];
afterEach(async () => {
  await Promise.all(environments.splice(0).map((e) => e.dispose()));
});
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));

async function environment(options: Parameters<typeof createCliEnvironment>[0] = {}) {
  const created = await createCliEnvironment(options);
  environments.push(created);
  return created;
}

/** Seeds one organisation, backs the database up, and returns the file and the organisation. */
async function seedAndBackUp(source: CliEnvironment, name: string) {
  const runtime = await source.open();
  const organisation = await buildOrganisation(runtime.ctx, { name });
  await runtime.close();
  const file = path.join(files, `${name.replace(/\W+/g, '-')}.weftbak`);
  const backup = await source.weft('backup', file);
  expect(backup.code, backup.err).toBe(0);
  return { file, organisation };
}

async function readOrganisationName(target: CliEnvironment, id: string) {
  const runtime = await target.open();
  try {
    const row = await runtime.ctx.db.selectFrom('organisations').select('name').where('id', '=', id).executeTakeFirst();
    return row?.name;
  } finally {
    await runtime.close();
  }
}

/** Altered, truncated or foreign files are refused with a clear message; nothing is restored. */
async function expectBadCopiesRefused(file: string, target: CliEnvironment) {
  const size = fs.statSync(file).size;
  for (const [where, offset] of [['body', Math.floor(size / 2)], ['salt in the header', HEADER_BYTES - 20], ['tag', size - 1]] as const) {
    const tampered = path.join(files, `tampered-${offset}.weftbak`);
    const bytes = fs.readFileSync(file);
    bytes[offset] = bytes[offset]! ^ 0x01;
    fs.writeFileSync(tampered, bytes);
    const result = await target.weft('restore', tampered);
    expect(result.code, where).toBe(2);
    expect(result.err, where).toMatch(/failed its integrity check.*Nothing was restored/);
  }
  const truncated = path.join(files, 'truncated.weftbak');
  fs.writeFileSync(truncated, fs.readFileSync(file).subarray(0, 1000));
  expect((await target.weft('restore', truncated)).code).toBe(2);
  const notABackup = path.join(files, 'not-a-backup.txt');
  fs.writeFileSync(notABackup, 'hello');
  expect(await target.weft('restore', notABackup)).toMatchObject({ code: 2, err: expect.stringMatching(/not a Weft backup/) });
  expect(fs.existsSync(path.join(target.config.dataDir, 'pgdata'))).toBe(false);
}

describe.skipIf(!embedded)('weft backup and restore, embedded', () => {
  // One test: every embedded database open costs seconds.
  it('round-trips an organisation through an encrypted backup into a new data folder, and refuses a tampered copy', async () => {
    // The key lives in the source's master.key, as in a default install.
    const source = await environment({ masterKey: null });
    const { file, organisation } = await seedAndBackUp(source, 'Fictional Backup Relief');
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 8).toString()).toBe('WEFT-BAK');
    expect(bytes.includes(Buffer.from('Fictional Backup Relief'))).toBe(false);

    // A new folder without the key cannot read the backup, and is told where to find it.
    const target = await environment({ masterKey: null, migrated: false });
    const refused = await target.weft('restore', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/not configured here.*master\.key/s);
    expect(fs.readdirSync(target.config.dataDir)).toEqual([]);

    fs.copyFileSync(path.join(source.config.dataDir, 'master.key'), path.join(target.config.dataDir, 'master.key'));
    await expectBadCopiesRefused(file, target);

    const restored = await target.weft('restore', file);
    expect(restored.code, restored.err).toBe(0);
    expect(await readOrganisationName(target, organisation.id)).toBe('Fictional Backup Relief');

    // Not into a folder that holds a database, unless --force.
    const again = await target.weft('restore', file);
    expect(again.code).toBe(4);
    expect(again.err).toMatch(/not empty.*--force/);
  });
});

describe.skipIf(embedded)('weft backup and restore, PostgreSQL', () => {
  it.skipIf(!hasPgTools)('round-trips an organisation through pg_dump and pg_restore', async () => {
    const source = await environment();
    const { file, organisation } = await seedAndBackUp(source, 'Fictional Server Backup');
    const target = await environment({ masterKey: source.env.WEFT_MASTER_KEY });
    // The target test database comes migrated, so it is not empty.
    expect((await target.weft('restore', file)).code).toBe(4);
    const restored = await target.weft('restore', file, '--force');
    expect(restored.code, restored.err).toBe(0);
    expect(await readOrganisationName(target, organisation.id)).toBe('Fictional Server Backup');
  });

  it('refuses an embedded backup and points at DATABASE_URL', async () => {
    const target = await environment();
    const file = path.join(files, 'embedded.weftbak');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('WEFT-BAK'), Buffer.from([1, 1]), Buffer.alloc(60)]));
    expect(await target.weft('restore', file)).toMatchObject({ code: 2, err: expect.stringMatching(/embedded database.*DATABASE_URL/) });
  });
});
