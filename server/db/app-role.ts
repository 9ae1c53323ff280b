/**
 * AUTHZ-2: the privileges of the application's role (WEFT_DB_ROLE, `weft_app` by default).
 * The migration that created the role granted them; a restore with pg_restore
 * --no-privileges (a dump must restore on a server where the role's grants differ) drops
 * them, so `weft restore` grants them again here.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema';

export async function grantAppRolePrivileges(db: Kysely<DB>, role = 'weft_app'): Promise<boolean> {
  const { rows } = await sql<{ exists: boolean }>`select exists (select 1 from pg_roles where rolname = ${role}) as exists`.execute(db);
  if (!rows[0]?.exists) return false;
  const name = sql.id(role);
  await sql`grant usage on schema public to ${name}`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to ${name}`.execute(db);
  await sql`grant usage, select, update on all sequences in schema public to ${name}`.execute(db);
  await sql`grant execute on all functions in schema public to ${name}`.execute(db);
  // The audit trail is append-only (AUD-1): the application never deletes from it.
  await sql`revoke delete on audit_log from ${name}`.execute(db);
  return true;
}
