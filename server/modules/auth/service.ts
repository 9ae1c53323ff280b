/**
 * Signing in and out: password (Argon2id), second factor (TOTP), lockout, sessions
 * (AUTHN-1, SES-1). Failures say the same thing whatever went wrong (no user enumeration).
 */
import QRCode from 'qrcode';
import { roleHasPermission, roleRequiresTotp, PERMISSIONS, type Role } from '../../../core/auth/roles';
import { findPasswordProblem, PASSWORD_PROBLEM_MESSAGES } from '../../../core/auth/password-rules';
import { conflict, DomainError, invalid, unauthenticated } from '../../../core/errors';
import type { SessionResponse, SessionStage, TotpEnrolment } from '../../../core/schemas/auth';
import type { Language } from '../../../core/schemas/common';
import { recordAudit } from '../../platform/audit/record';
import { auditActor } from '../../platform/actor';
import { usersTotpSecret } from '../../platform/crypto/columns';
import * as sessions from '../../platform/auth/sessions';
import { generateTotpSecret, matchTotp, totpUri } from '../../platform/auth/totp';
import type { AppContext, RequestContext } from '../../platform/context';
import { notifyUser } from '../notifications/service';
import * as store from './store';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

const invalidCredentials = () =>
  new DomainError(
    'unauthenticated',
    'auth.invalid_credentials',
    'Email or password is wrong, or the account is locked for a while after too many attempts. Try again, wait 15 minutes, or ask your administrator.',
  );

export interface SignedIn {
  token: string;
  view: SessionResponse;
}

export async function signIn(ctx: AppContext, req: RequestContext, email: string, password: string): Promise<SignedIn> {
  const user = await store.findUserForSignIn(ctx.db, email);
  if (!user) {
    await ctx.passwords.verifyDummy(password);
    await recordAudit(ctx.db, { action: 'session.create', resourceType: 'session', outcome: 'denied', requestId: req.requestId, details: { reason: 'unknown_account' } });
    throw invalidCredentials();
  }
  const auditBase = { actorUserId: user.id, organisationId: user.organisation_id, resourceType: 'session', requestId: req.requestId };
  const isLocked = user.locked_until !== null && user.locked_until.getTime() > Date.now();
  const isActive = !user.disabled_at && !user.organisation_disabled_at;
  const passwordOk = await ctx.passwords.verify(user.password_hash, password);
  if (isLocked || !isActive || !passwordOk) {
    await ctx.db.transaction().execute(async (trx) => {
      if (!passwordOk && isActive) await store.recordFailedSignIn(trx, user.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
      const reason = isLocked ? 'locked' : !isActive ? 'disabled' : 'wrong_password';
      await recordAudit(trx, { ...auditBase, action: 'session.create', outcome: 'denied', details: { reason } });
    });
    throw invalidCredentials();
  }
  const stage: SessionStage = user.totp_enabled_at
    ? 'totp_required'
    : roleRequiresTotp(user.role as Role)
      ? 'totp_enrolment_required'
      : 'complete';
  const session = await ctx.db.transaction().execute(async (trx) => {
    await store.recordSuccessfulSignIn(trx, user.id);
    const created = await sessions.createSession(trx, ctx.sessions, { userId: user.id, stage, ip: req.ip, userAgent: req.userAgent });
    await notifyUser(trx, user.id, 'sign_in', { ip: req.ip, userAgent: req.userAgent?.slice(0, 120) ?? null });
    await recordAudit(trx, { ...auditBase, action: 'session.create', resourceId: created.sessionId.slice(0, 16), details: { stage } });
    return created;
  });
  return { token: session.token, view: await describeSession(ctx, user.id, stage, session.csrfToken) };
}

/** Completes sign-in with a code; the session token is replaced so a pre-auth token is worthless. */
export async function verifySecondFactor(ctx: AppContext, req: RequestContext, code: string): Promise<SignedIn> {
  const actor = requireSigningIn(req, 'totp_required');
  const user = await store.findUserWithOrganisation(ctx.db, actor.userId);
  if (!user?.totp_secret || !user.totp_enabled_at) throw unauthenticated();
  const secret = (await usersTotpSecret.open(ctx.cipher, ctx.db, user.organisation_id, user.id, user.totp_secret))!;
  const step = matchTotp(secret, code);
  const base = { ...auditActor(req.actor), resourceType: 'session', requestId: req.requestId };
  if (step === null || (user.totp_last_step !== null && step <= user.totp_last_step)) {
    await ctx.db.transaction().execute(async (trx) => {
      await store.recordFailedSignIn(trx, user.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
      await recordAudit(trx, { ...base, action: 'session.verify', outcome: 'denied', details: { reason: step === null ? 'wrong_code' : 'reused_code' } });
    });
    throw invalid('auth.totp_invalid', 'That code is not right. Enter the 6 digits your authenticator app shows now.', 'code');
  }
  return ctx.db.transaction().execute(async (trx) => {
    await store.updateTotp(trx, user.id, { totp_last_step: step });
    await store.recordSuccessfulSignIn(trx, user.id);
    return replaceSession(ctx, trx, req, actor, 'complete', 'session.verify');
  });
}

export async function beginTotpEnrolment(ctx: AppContext, req: RequestContext): Promise<TotpEnrolment> {
  const actor = requireSigningIn(req, 'totp_enrolment_required', 'complete');
  const user = await store.findUserWithOrganisation(ctx.db, actor.userId);
  if (!user) throw unauthenticated();
  if (user.totp_enabled_at) throw conflict('totp.already_enabled', 'A second factor is already set up. Ask an administrator to reset it to enrol a new device.');
  const secret = generateTotpSecret();
  await ctx.db.transaction().execute(async (trx) => {
    // Sealed in the transaction that stores it, so a key rotation waits for it (STO-2).
    const sealed = await usersTotpSecret.seal(ctx.cipher, trx, user.organisation_id, user.id, secret);
    await store.updateTotp(trx, user.id, { totp_secret: sealed, totp_enabled_at: null, totp_last_step: null });
    await recordAudit(trx, { ...auditActor(req.actor), action: 'user.totp_enrol', resourceType: 'user', resourceId: user.id, requestId: req.requestId });
  });
  const otpauthUrl = totpUri(secret, user.email);
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { secret, otpauthUrl, qrSvg };
}

export async function confirmTotpEnrolment(ctx: AppContext, req: RequestContext, code: string): Promise<SignedIn> {
  const actor = requireSigningIn(req, 'totp_enrolment_required', 'complete');
  const user = await store.findUserWithOrganisation(ctx.db, actor.userId);
  if (!user?.totp_secret || user.totp_enabled_at)
    throw conflict('totp.not_started', 'Start the set-up again: scan the new code, then enter the 6 digits.');
  const secret = (await usersTotpSecret.open(ctx.cipher, ctx.db, user.organisation_id, user.id, user.totp_secret))!;
  const step = matchTotp(secret, code);
  if (step === null) throw invalid('auth.totp_invalid', 'That code is not right. Check the time on your phone and enter the 6 digits it shows now.', 'code');
  return ctx.db.transaction().execute(async (trx) => {
    await store.updateTotp(trx, user.id, { totp_enabled_at: new Date(), totp_last_step: step });
    await notifyUser(trx, user.id, 'totp_changed');
    // Any other session predates the second factor: end them (AUTHZ-3).
    await sessions.deleteUserSessions(trx, user.id, actor.sessionId);
    return replaceSession(ctx, trx, req, actor, 'complete', 'user.totp_confirm');
  });
}

export async function signOut(ctx: AppContext, req: RequestContext): Promise<void> {
  if (req.actor.kind !== 'user') return;
  const { sessionId } = req.actor;
  await ctx.db.transaction().execute(async (trx) => {
    await sessions.deleteSession(trx, sessionId);
    await recordAudit(trx, { ...auditActor(req.actor), action: 'session.delete', resourceType: 'session', resourceId: sessionId.slice(0, 16), requestId: req.requestId });
  });
}

export async function changeOwnPassword(ctx: AppContext, req: RequestContext, current: string, next: string): Promise<void> {
  const actor = requireSigningIn(req, 'complete');
  const user = await store.findUserWithOrganisation(ctx.db, actor.userId);
  if (!user) throw unauthenticated();
  if (!(await ctx.passwords.verify(user.password_hash, current)))
    throw invalid('auth.wrong_password', 'Your current password is not right.', 'currentPassword');
  const problem = findPasswordProblem(next, user.email);
  if (problem) throw invalid(`password.${problem}`, `newPassword ${PASSWORD_PROBLEM_MESSAGES[problem]}`, 'newPassword');
  if (await ctx.passwords.verify(user.password_hash, next))
    throw invalid('password.unchanged', 'newPassword must differ from the current one', 'newPassword');
  const hash = await ctx.passwords.hash(next);
  await ctx.db.transaction().execute(async (trx) => {
    await store.updatePassword(trx, user.id, hash);
    await sessions.deleteUserSessions(trx, user.id, actor.sessionId);
    await notifyUser(trx, user.id, 'password_changed');
    await recordAudit(trx, { ...auditActor(req.actor), action: 'user.password_change', resourceType: 'user', resourceId: user.id, requestId: req.requestId });
  });
}

/** SES-1: a fresh password check before exports, overrides and unmasking. */
export async function reauthenticate(ctx: AppContext, req: RequestContext, password: string): Promise<void> {
  const actor = requireSigningIn(req, 'complete');
  const user = await store.findUserWithOrganisation(ctx.db, actor.userId);
  const ok = user ? await ctx.passwords.verify(user.password_hash, password) : false;
  await ctx.db.transaction().execute(async (trx) => {
    if (ok) await sessions.markReauthenticated(trx, actor.sessionId);
    await recordAudit(trx, { ...auditActor(req.actor), action: 'session.reauthenticate', resourceType: 'session', outcome: ok ? 'success' : 'denied', requestId: req.requestId });
  });
  if (!ok) throw invalid('auth.wrong_password', 'Your password is not right.', 'password');
}

export async function currentSession(ctx: AppContext, req: RequestContext): Promise<SessionResponse> {
  if (req.actor.kind !== 'user') throw unauthenticated();
  const csrfToken = await sessions.findSessionCsrfToken(ctx.db, req.actor.sessionId);
  if (!csrfToken) throw unauthenticated();
  return describeSession(ctx, req.actor.userId, req.actor.stage, csrfToken);
}

function requireSigningIn(req: RequestContext, ...stages: SessionStage[]) {
  if (req.actor.kind !== 'user') throw unauthenticated();
  if (!stages.includes(req.actor.stage)) throw unauthenticated('auth.wrong_stage', 'This step does not apply to your session now. Sign in again.');
  return req.actor;
}

async function replaceSession(
  ctx: AppContext,
  trx: Parameters<typeof sessions.createSession>[0],
  req: RequestContext,
  actor: { userId: string; sessionId: string },
  stage: SessionStage,
  action: string,
): Promise<SignedIn> {
  await sessions.deleteSession(trx, actor.sessionId);
  const created = await sessions.createSession(trx, ctx.sessions, { userId: actor.userId, stage, ip: req.ip, userAgent: req.userAgent });
  await recordAudit(trx, { ...auditActor(req.actor), action, resourceType: 'session', resourceId: created.sessionId.slice(0, 16), requestId: req.requestId, details: { stage } });
  return { token: created.token, view: await describeSession(ctx, actor.userId, stage, created.csrfToken, trx) };
}

async function describeSession(
  ctx: AppContext,
  userId: string,
  stage: SessionStage,
  csrfToken: string,
  ex: Parameters<typeof store.findUserWithOrganisation>[0] = ctx.db,
): Promise<SessionResponse> {
  const user = await store.findUserWithOrganisation(ex, userId);
  if (!user) throw unauthenticated();
  const role = user.role as Role;
  return {
    stage,
    csrfToken,
    idleTimeoutSeconds: ctx.sessions.idleMinutes * 60,
    user: {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      role,
      language: user.language as Language,
      totpEnabled: user.totp_enabled_at !== null,
      mustChangePassword: user.must_change_password,
      permissions: PERMISSIONS.filter((p) => roleHasPermission(role, p)),
      organisation: { id: user.organisation_id, name: user.organisation_name, shortName: user.organisation_short_name },
    },
  };
}
