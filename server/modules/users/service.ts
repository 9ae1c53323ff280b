/** Administration of user accounts. Admins never choose a password: Weft generates one (AUTHN-1). */
import type { z } from 'zod';
import { roleRequiresTotp } from '../../../core/auth/roles';
import { conflict, forbidden, hiddenDenial, notFound } from '../../../core/errors';
import type { createUserBody, updateUserBody } from '../../../core/schemas/users';
import type { Executor } from '../../db/database';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import { generateTemporaryPassword } from '../../platform/auth/passwords';
import { deleteUserSessions } from '../../platform/auth/sessions';
import type { AppContext, RequestContext } from '../../platform/context';
import { notifyUser } from '../notifications/service';
import { organisationExists } from '../organisations/service';
import { canListAllUsers, canListUsers, canManageUsersOf } from './policy';
import * as store from './store';

type CreateInput = z.infer<typeof createUserBody>;
type UpdateInput = z.infer<typeof updateUserBody>;

export async function listUsers(ctx: AppContext, req: RequestContext, filter: { organisationId?: string | undefined }) {
  const actor = req.actor;
  if (!canListUsers(actor)) throw forbidden();
  const organisationId = canListAllUsers(actor) ? (filter.organisationId ?? null) : (actor as UserActor).organisationId;
  return store.listUsers(ctx.db, { organisationId });
}

export async function createUser(ctx: AppContext, req: RequestContext, input: CreateInput) {
  if (!canManageUsersOf(req.actor, input.organisationId)) throw forbidden('user.forbidden', 'You can add users only to your own organisation.');
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await ctx.passwords.hash(temporaryPassword);
  const user = await ctx.db.transaction().execute((trx) =>
    insertUser(trx, req, { ...input, passwordHash, mustChangePassword: true }),
  );
  return { user, temporaryPassword };
}

/** Also used by the CLI and the demo generator. */
export async function insertUser(
  ex: Executor,
  req: RequestContext,
  input: CreateInput & { passwordHash: string; mustChangePassword: boolean },
) {
  if (!(await organisationExists(ex, input.organisationId)))
    throw notFound('organisation');
  if (await store.isEmailTaken(ex, input.email))
    throw conflict('user.email_taken', `email ${input.email} already has an account.`, 'email');
  const user = await store.insertUser(ex, {
    organisation_id: input.organisationId,
    email: input.email,
    display_name: input.displayName,
    role: input.role,
    language: input.language,
    password_hash: input.passwordHash,
    must_change_password: input.mustChangePassword,
  });
  await recordAudit(ex, { ...auditActor(req.actor), action: 'user.create', resourceType: 'user', resourceId: user.id, requestId: req.requestId, details: { role: input.role } });
  return user;
}

export async function updateUser(ctx: AppContext, req: RequestContext, id: string, input: UpdateInput) {
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await loadManagedUser(trx, req, id);
    const isSelf = req.actor.kind === 'user' && req.actor.userId === id;
    if (isSelf && (input.disabled || (input.role && input.role !== existing.role)))
      throw conflict('user.self_lockout', 'You cannot disable yourself or change your own role; ask another administrator.', input.disabled ? 'disabled' : 'role');
    const user = await store.updateUser(trx, id, {
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
      ...(input.disabled !== undefined ? { disabled_at: input.disabled ? (existing.disabled_at ?? new Date()) : null } : {}),
    });
    // AUTHZ-3: disabling ends every session now; a role change applies on the next request.
    // A new role that needs a second factor the user lacks ends their sessions too, so they
    // enrol one at the next sign-in (AUTHN-1).
    const needsEnrolment = input.role !== undefined && roleRequiresTotp(input.role) && !existing.totp_enabled_at;
    if (input.disabled || needsEnrolment) await deleteUserSessions(trx, id);
    await recordAudit(trx, { ...auditActor(req.actor), action: 'user.update', resourceType: 'user', resourceId: id, requestId: req.requestId, details: { fields: Object.keys(input), ...(input.role ? { role: input.role } : {}) } });
    return user;
  });
}

export async function resetPassword(ctx: AppContext, req: RequestContext, id: string) {
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await ctx.passwords.hash(temporaryPassword);
  const user = await ctx.db.transaction().execute(async (trx) => {
    await loadManagedUser(trx, req, id);
    refuseSelf(req, id, 'password');
    const updated = await store.updateUser(trx, id, {
      password_hash: passwordHash,
      password_changed_at: new Date(),
      must_change_password: true,
      failed_logins: 0,
      locked_until: null,
    });
    await deleteUserSessions(trx, id);
    await notifyUser(trx, id, 'password_reset');
    await recordAudit(trx, { ...auditActor(req.actor), action: 'user.password_reset', resourceType: 'user', resourceId: id, requestId: req.requestId });
    return updated;
  });
  return { user, temporaryPassword };
}

export async function resetSecondFactor(ctx: AppContext, req: RequestContext, id: string) {
  await ctx.db.transaction().execute(async (trx) => {
    await loadManagedUser(trx, req, id);
    refuseSelf(req, id, 'second factor');
    await store.updateUser(trx, id, { totp_secret: null, totp_enabled_at: null, totp_last_step: null });
    await deleteUserSessions(trx, id);
    await notifyUser(trx, id, 'totp_reset');
    await recordAudit(trx, { ...auditActor(req.actor), action: 'user.totp_reset', resourceType: 'user', resourceId: id, requestId: req.requestId });
  });
}

/** Resets skip the current-password check, so they are for other people's accounts only. */
function refuseSelf(req: RequestContext, id: string, what: string) {
  if (req.actor.kind === 'user' && req.actor.userId === id)
    throw conflict('user.self_reset', `You cannot reset your own ${what} here; use My account, or ask another administrator.`);
}

/** AUTHZ-1 object level: another organisation's user is answered as missing. */
async function loadManagedUser(ex: Executor, req: RequestContext, id: string) {
  const user = await store.findUser(ex, id);
  if (!user) throw notFound('user');
  if (!canManageUsersOf(req.actor, user.organisation_id)) throw hiddenDenial('user');
  return user;
}
