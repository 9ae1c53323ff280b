/**
 * AUTHZ-2: on a PostgreSQL server the application acts as a role that owns no table, and the
 * case tables' row-level security (FORCEd) confines every query to the organisation scope,
 * whatever the query's own WHERE says. PGlite runs as a superuser, which bypasses RLS, so
 * these run on the server only (CI runs the suite on both).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser } from '../test/factories';
import { createTestRuntime, type TestRuntime } from '../test/runtime';
import { inOrganisationScope, inSystemScope } from './scope';

const onServer = Boolean(process.env.DATABASE_URL);
let t: TestRuntime;
let orgA: string;
let orgB: string;
let orgC: string;
let survivorA: string;
let survivorB: string;

async function insertSurvivor(organisationId: string, code: string): Promise<string> {
  const id = randomUUID();
  await inSystemScope(t.ctx.db, (trx) => trx.insertInto('survivors').values({ id, organisation_id: organisationId, code, version: 1 }).execute());
  return id;
}

const visibleSurvivorIds = (organisationId: string) =>
  inOrganisationScope(t.ctx.db, organisationId, async (trx) =>
    // Deliberately unfiltered: the policy alone must keep other organisations' rows out.
    (await trx.selectFrom('survivors').select('id').execute()).map((row) => row.id),
  );

describe.skipIf(!onServer)('row-level security on the case tables (AUTHZ-2)', () => {
  beforeAll(async () => {
    t = await createTestRuntime();
    orgA = (await buildOrganisation(t.ctx)).id;
    orgB = (await buildOrganisation(t.ctx)).id;
    orgC = (await buildOrganisation(t.ctx)).id;
    survivorA = await insertSurvivor(orgA, 'RLS-A-1');
    survivorB = await insertSurvivor(orgB, 'RLS-B-1');
  });
  afterAll(async () => t?.close());

  it('connects as the application role, which owns none of the tables', async () => {
    const { rows } = await sql<{ role: string; owns: boolean }>`
      select current_user as role,
             exists (select 1 from pg_tables where schemaname = 'public' and tableowner = current_user) as owns`.execute(t.ctx.db);
    expect(rows[0]).toEqual({ role: 'weft_app', owns: false });
  });

  it('shows an unfiltered query only the rows of the organisation in scope', async () => {
    expect(await visibleSurvivorIds(orgA)).toEqual([survivorA]);
    expect(await visibleSurvivorIds(orgB)).toEqual([survivorB]);
    expect(await visibleSurvivorIds(orgC)).toEqual([]);
  });

  it('raises, rather than answering, when a case table is queried outside any scope', async () => {
    await expect(t.ctx.db.selectFrom('survivors').select('id').execute()).rejects.toThrow(/organisation scope/);
  });

  it('refuses to write a row of another organisation, or to move a row to one', async () => {
    await expect(
      inOrganisationScope(t.ctx.db, orgA, (trx) => trx.insertInto('survivors').values({ organisation_id: orgB, code: 'RLS-FORGED', version: 1 }).execute()),
    ).rejects.toThrow(/row-level security/);
    await inOrganisationScope(t.ctx.db, orgA, (trx) => trx.updateTable('survivors').set({ sex: 'female' }).where('id', '=', survivorB).execute());
    await expect(
      inOrganisationScope(t.ctx.db, orgA, (trx) => trx.updateTable('survivors').set({ organisation_id: orgB }).where('id', '=', survivorA).execute()),
    ).rejects.toThrow(/row-level security/);
    const b = await inSystemScope(t.ctx.db, (trx) => trx.selectFrom('survivors').select('sex').where('id', '=', survivorB).executeTakeFirstOrThrow());
    expect(b.sex).toBeNull();
  });

  it('lets a referral recipient read the referred survivor, but not change her record', async () => {
    const user = await buildUser(t.ctx, { organisationId: orgA, role: 'case_worker' });
    const serviceId = randomUUID();
    await t.ctx.db.insertInto('services').values({ id: serviceId, organisation_id: orgC, name: 'Fictional clinic', service_type: 'medical' }).execute();
    await inOrganisationScope(t.ctx.db, orgA, (trx) =>
      trx.insertInto('referrals').values({ organisation_id: orgA, recipient_organisation_id: orgC, service_id: serviceId, survivor_id: survivorA, created_by: user.id, version: 1 }).execute(),
    );
    expect(await visibleSurvivorIds(orgC)).toEqual([survivorA]);
    expect(await visibleSurvivorIds(orgB)).toEqual([survivorB]);
    const changed = await inOrganisationScope(t.ctx.db, orgC, (trx) => trx.updateTable('survivors').set({ sex: 'male' }).where('id', '=', survivorA).executeTakeFirst());
    expect(Number(changed.numUpdatedRows)).toBe(0);
  });

  it('keeps the scope inside its transaction: the next use of a pooled connection has none', async () => {
    await visibleSurvivorIds(orgA);
    const { rows } = await sql<{ scope: string | null }>`select nullif(current_setting('weft.organisation_id', true), '') as scope`.execute(t.ctx.db);
    expect(rows[0]?.scope ?? null).toBeNull();
  });
});
