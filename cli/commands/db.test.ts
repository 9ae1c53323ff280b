import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildOrganisation } from '../../server/test/factories';
import { LOCK_FILE } from '../command-kit';
import { createCliEnvironment, type CliEnvironment } from '../test-environment';

const embedded = !process.env.DATABASE_URL;
// Each test opens the embedded database several times: 2-3 s each, far more on a busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
let environment: CliEnvironment | undefined;
afterEach(async () => {
  await environment?.dispose();
  environment = undefined;
});

describe('weft migrate and reset', () => {
  it('finds a migrated database up to date; reset --yes deletes every record and migrates again', async () => {
    environment = await createCliEnvironment();
    const runtime = await environment.open();
    const organisation = await buildOrganisation(runtime.ctx);
    await runtime.close();

    const migrate = await environment.weft('migrate');
    expect(migrate.code).toBe(0);
    expect(migrate.out).toMatch(/is up to date/);

    const reset = await environment.weft('reset', '--yes');
    expect(reset.code, reset.err).toBe(0);
    expect(reset.out).toMatch(/applied \d+ migration\(s\)/);

    const after = await environment.open();
    try {
      const rows = await after.ctx.db.selectFrom('organisations').select('id').where('id', '=', organisation.id).execute();
      expect(rows).toEqual([]);
    } finally {
      await after.close();
    }
  });

  it.skipIf(!embedded)('refuses an embedded database another process holds, and takes over a lock left by a dead one', async () => {
    environment = await createCliEnvironment({ migrated: false });
    const lockFile = path.join(environment.config.dataDir, LOCK_FILE);
    fs.writeFileSync(lockFile, `${process.ppid}\n`); // a live process: the one that started this worker
    const refused = await environment.weft('migrate');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(new RegExp(`in use by process ${process.ppid}`));
    expect(fs.existsSync(path.join(environment.config.dataDir, 'pgdata'))).toBe(false);

    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(lockFile, `${gone.stdout}\n`);
    const migrated = await environment.weft('migrate');
    expect(migrated.code, migrated.err).toBe(0);
    expect(migrated.out).toMatch(/applied \d+ migration\(s\)/);
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
