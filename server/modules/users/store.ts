import type { Executor } from '../../db/database';
import type { NewUser, UserUpdate } from '../../db/schema';

const COLUMNS = [
  'id', 'organisation_id', 'email', 'display_name', 'role', 'language', 'totp_enabled_at',
  'disabled_at', 'locked_until', 'created_at',
] as const;

/** Lists are scoped in SQL (AUTHZ-2): pass the organisation unless the caller may see all. */
export function listUsers(ex: Executor, scope: { organisationId: string | null }) {
  let query = ex.selectFrom('users').select(COLUMNS).orderBy('display_name').limit(1000);
  if (scope.organisationId) query = query.where('organisation_id', '=', scope.organisationId);
  return query.execute();
}

export function findUser(ex: Executor, id: string) {
  return ex.selectFrom('users').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function isEmailTaken(ex: Executor, email: string) {
  const row = await ex
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

export function insertUser(ex: Executor, values: NewUser) {
  return ex.insertInto('users').values(values).returning(COLUMNS).executeTakeFirstOrThrow();
}

export function updateUser(ex: Executor, id: string, values: UserUpdate) {
  return ex
    .updateTable('users')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export type UserRow = Awaited<ReturnType<typeof findUser>> & {};
