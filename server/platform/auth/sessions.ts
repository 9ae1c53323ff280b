/**
 * Server-side sessions (SES-1): 256-bit random tokens, stored only as their SHA-256, an idle
 * timeout and an absolute lifetime, role and status read afresh on every request (AUTHZ-3).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../../core/auth/roles';
import type { SessionStage } from '../../../core/schemas/auth';
import type { Executor } from '../../db/database';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export interface NewSession {
  token: string;
  sessionId: string;
  csrfToken: string;
}

export async function createSession(
  ex: Executor,
  policy: SessionPolicy,
  input: { userId: string; stage: SessionStage; ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = newSecret();
  const sessionId = hashSecret(token);
  const csrfToken = newSecret(24);
  const now = new Date();
  await ex
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: input.userId,
      stage: input.stage,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + policy.maxHours * 3_600_000),
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, sessionId, csrfToken };
}

export interface ResolvedSession {
  sessionId: string;
  stage: SessionStage;
  csrfToken: string;
  reauthenticatedAt: Date | null;
  userId: string;
  organisationId: string;
  role: Role;
  passwordChangeRequired: boolean;
  isPlatformOperator: boolean;
}

// Writing last_seen_at on every request would turn reads into writes; a minute of slack
// on a 15-minute idle timeout is acceptable.
const TOUCH_AFTER_MS = 60_000;

/** The live session behind a cookie token, or null when it is unknown, expired, idle or its user disabled. */
export async function resolveSession(
  ex: Executor,
  policy: SessionPolicy,
  token: string,
): Promise<ResolvedSession | null> {
  const row = await ex
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select([
      's.id',
      's.stage',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      's.reauthenticated_at',
      'u.id as user_id',
      'u.organisation_id',
      'u.role',
      'u.disabled_at',
      'u.must_change_password',
      'o.disabled_at as organisation_disabled_at',
      'o.is_platform_operator',
    ])
    .where('s.id', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  const idleLimit = row.last_seen_at.getTime() + policy.idleMinutes * 60_000;
  if (row.expires_at.getTime() <= now || idleLimit <= now || row.disabled_at || row.organisation_disabled_at) {
    await ex.deleteFrom('sessions').where('id', '=', row.id).execute();
    return null;
  }
  // The slack must stay well inside the idle timeout, or a short one would end active sessions.
  if (now - row.last_seen_at.getTime() > Math.min(TOUCH_AFTER_MS, policy.idleMinutes * 15_000)) {
    await ex.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('id', '=', row.id).execute();
  }
  return {
    sessionId: row.id,
    stage: row.stage as SessionStage,
    csrfToken: row.csrf_token,
    reauthenticatedAt: row.reauthenticated_at,
    userId: row.user_id,
    organisationId: row.organisation_id,
    role: row.role as Role,
    passwordChangeRequired: row.must_change_password,
    isPlatformOperator: row.is_platform_operator,
  };
}

/** The CSRF token of a live session, or undefined once it has ended. */
export async function findSessionCsrfToken(ex: Executor, sessionId: string): Promise<string | undefined> {
  const row = await ex.selectFrom('sessions').select('csrf_token').where('id', '=', sessionId).executeTakeFirst();
  return row?.csrf_token;
}

export async function setSessionStage(ex: Executor, sessionId: string, stage: SessionStage): Promise<void> {
  await ex.updateTable('sessions').set({ stage, last_seen_at: new Date() }).where('id', '=', sessionId).execute();
}

export async function markReauthenticated(ex: Executor, sessionId: string): Promise<void> {
  await ex.updateTable('sessions').set({ reauthenticated_at: new Date() }).where('id', '=', sessionId).execute();
}

export async function deleteSession(ex: Executor, sessionId: string): Promise<void> {
  await ex.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** AUTHZ-3: ends every session of a user at once (disable, password or second-factor change). */
export async function deleteUserSessions(ex: Executor, userId: string, exceptSessionId?: string): Promise<number> {
  let query = ex.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '<>', exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function purgeExpiredSessions(ex: Executor, policy: SessionPolicy): Promise<number> {
  const idleCutoff = new Date(Date.now() - policy.idleMinutes * 60_000);
  const result = await ex
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', new Date()), eb('last_seen_at', '<=', idleCutoff)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
