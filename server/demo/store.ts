/** The little SQL the demo generator needs of its own. */
import { sql } from 'kysely';
import type { Executor } from '../db/database';

/** The demo seeds only a database that has no organisation at all. */
export async function hasAnyOrganisation(ex: Executor): Promise<boolean> {
  return (await ex.selectFrom('organisations').select('id').limit(1).executeTakeFirst()) !== undefined;
}

// Two processes starting on one empty database must not both seed it.
const DEMO_SEED_LOCK = 7_310_101;

export async function lockDemoSeed(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${DEMO_SEED_LOCK})`.execute(trx);
}

/** Ids of the areas of one level (2: health zones), in code order so the demo is repeatable. */
export async function listAreaIds(ex: Executor, level: number): Promise<string[]> {
  const rows = await ex.selectFrom('areas').select('id').where('level', '=', level).orderBy('code').execute();
  return rows.map((row) => row.id);
}
