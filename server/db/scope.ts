/**
 * AUTHZ-2: the one reviewed way into the case tables (survivors, consents, incidents, cases,
 * case follow-ups, referrals, referral events, hotline calls).
 *
 * Every read or write of those tables runs inside `inOrganisationScope` (or, for work that
 * spans organisations on the system's behalf, `inSystemScope`). The scope is a transaction
 * whose local settings tell the row-level security policies which organisation is asking.
 * On a PostgreSQL server the application connects as a role that does not own the tables and
 * RLS is FORCEd, so a query that forgot its `where organisation_id = …` still sees only the
 * organisation's rows and the rows other organisations referred to it. PGlite runs as a
 * superuser, which bypasses RLS: there the stores' own scoping is the guard, as everywhere
 * it is the first one.
 */
import { sql } from 'kysely';
import type { Executor } from './database';

export type ScopedWork<T> = (trx: Executor) => Promise<T>;

async function inScope<T>(ex: Executor, organisationId: string, system: boolean, work: ScopedWork<T>): Promise<T> {
  const run = async (trx: Executor) => {
    // set_config(..., true): local to this transaction, gone at commit or rollback, so a
    // pooled connection never carries one request's scope into the next.
    await sql`select set_config('weft.organisation_id', ${organisationId}, true), set_config('weft.system', ${system ? 'on' : 'off'}, true)`.execute(trx);
    return work(trx);
  };
  return ex.isTransaction ? run(ex) : ex.transaction().execute(run);
}

/** Runs `work` in a transaction scoped to one organisation (the actor's). */
export function inOrganisationScope<T>(ex: Executor, organisationId: string, work: ScopedWork<T>): Promise<T> {
  if (!organisationId) throw new Error('An organisation scope needs an organisation id.');
  return inScope(ex, organisationId, false, work);
}

/**
 * Runs `work` on the system's behalf across organisations: erasure of a survivor everywhere,
 * retention jobs, benchmark generators, the demo seed. Never for a request's own reads.
 */
export function inSystemScope<T>(ex: Executor, work: ScopedWork<T>): Promise<T> {
  return inScope(ex, '00000000-0000-0000-0000-000000000000', true, work);
}
