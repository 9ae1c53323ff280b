import type { Executor } from '../../db/database';

export function findUserForSignIn(ex: Executor, email: string) {
  return ex
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.organisation_id',
      'u.role',
      'u.email',
      'u.password_hash',
      'u.totp_enabled_at',
      'u.failed_logins',
      'u.locked_until',
      'u.disabled_at',
      'o.disabled_at as organisation_disabled_at',
    ])
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export function findUserWithOrganisation(ex: Executor, userId: string) {
  return ex
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.language',
      'u.password_hash',
      'u.must_change_password',
      'u.totp_secret',
      'u.totp_enabled_at',
      'u.totp_last_step',
      'u.organisation_id',
      'o.name as organisation_name',
      'o.short_name as organisation_short_name',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

export async function recordFailedSignIn(ex: Executor, userId: string, lockAfter: number, lockMinutes: number) {
  const row = await ex
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  if (row.failed_logins >= lockAfter) {
    // Each further failure doubles the lock, capped at a day.
    const factor = 2 ** Math.min(row.failed_logins - lockAfter, 6);
    const minutes = Math.min(lockMinutes * factor, 24 * 60);
    await ex
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + minutes * 60_000) })
      .where('id', '=', userId)
      .execute();
  }
  return row.failed_logins;
}

export async function recordSuccessfulSignIn(ex: Executor, userId: string) {
  await ex.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function updateTotp(
  ex: Executor,
  userId: string,
  fields: { totp_secret?: Uint8Array | null; totp_enabled_at?: Date | null; totp_last_step?: number | null },
) {
  await ex.updateTable('users').set({ ...fields, updated_at: new Date() }).where('id', '=', userId).execute();
}

export async function updatePassword(ex: Executor, userId: string, passwordHash: string) {
  const now = new Date();
  await ex
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: now, must_change_password: false, updated_at: now })
    .where('id', '=', userId)
    .execute();
}
