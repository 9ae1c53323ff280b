/**
 * `weft seed`: generate the demo data on an empty database and print the accounts.
 * The server does the same at its first start unless WEFT_DEMO=false.
 */
import { seedDemoIfEmpty } from '../../server/demo/seed';
import type { AppContext } from '../../server/platform/context';

export interface SeedCommandDeps {
  ctx: AppContext;
  /** The shared data folder holding drc/ (boundaries, facilities). */
  sharedDataDir: string;
  out: (line: string) => void;
}

/** Runs `weft seed` and returns the exit code (0 seeded or nothing to do, 2 usage). */
export async function runSeedCommand(args: string[], deps: SeedCommandDeps): Promise<number> {
  if (args.length > 0) {
    deps.out('usage: weft seed    generate the demo data when the database has no organisation yet');
    return 2;
  }
  const seeded = await seedDemoIfEmpty(deps.ctx, { sharedDataDir: deps.sharedDataDir });
  if (!seeded) {
    deps.out('The database already has organisations: no demo data added. Reset it first for a fresh demo.');
    return 0;
  }
  seeded.banner.split('\n').forEach((line) => deps.out(line));
  return 0;
}
