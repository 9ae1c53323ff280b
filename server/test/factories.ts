/**
 * Test factories: each builds what it needs, with unique, obviously fictional values.
 * They write through the same services the app uses, acting as the system.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../core/auth/roles';
import type { OrganisationView } from '../../core/schemas/organisations';
import type { SessionResponse } from '../../core/schemas/auth';
import { totpCode, totpStep } from '../platform/auth/totp';
import { systemRequest, type AppContext } from '../platform/context';
import { insertOrganisation } from '../modules/organisations/service';
import { insertUser } from '../modules/users/service';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomUUID().slice(0, 4)}`;

export async function buildOrganisation(
  ctx: AppContext,
  overrides: Partial<{ name: string; shortName: string; kind: OrganisationView['kind']; isPlatformOperator: boolean }> = {},
) {
  const id = unique();
  return insertOrganisation(
    ctx.db,
    systemRequest(),
    {
      name: overrides.name ?? `Fictional Relief Org ${id}`,
      shortName: overrides.shortName ?? `FRO-${id}`,
      kind: overrides.kind ?? 'national_ngo',
      countryCode: 'COD',
    },
    { isPlatformOperator: overrides.isPlatformOperator ?? false },
  );
}

export interface TestUser {
  id: string;
  organisationId: string;
  email: string;
  password: string;
  role: Role;
  /** Set when the user enrolled a second factor through `signIn`. */
  totpSecret?: string;
}

export async function buildUser(
  ctx: AppContext,
  overrides: Partial<{ role: Role; organisationId: string; email: string; password: string; mustChangePassword: boolean }> = {},
): Promise<TestUser> {
  const organisationId = overrides.organisationId ?? (await buildOrganisation(ctx)).id;
  const role = overrides.role ?? 'viewer';
  const password = overrides.password ?? `fictional passphrase ${unique()}`;
  const email = overrides.email ?? `user.${unique()}@example.org`;
  const user = await ctx.db.transaction().execute((trx) =>
    insertUser(trx, systemRequest(), {
      organisationId,
      email,
      displayName: `Test ${role} ${unique()}`,
      role,
      language: 'en',
      passwordHash: '',
      mustChangePassword: overrides.mustChangePassword ?? false,
    }).then(async (row) => {
      await trx.updateTable('users').set({ password_hash: await ctx.passwords.hash(password) }).where('id', '=', row.id).execute();
      return row;
    }),
  );
  return { id: user.id, organisationId, email, password, role };
}

export interface SignedInUser extends TestUser {
  cookie: string;
  csrfToken: string;
  session: SessionResponse;
  /** Headers for app.inject on behalf of this user. */
  headers: Record<string, string>;
}

function cookieFrom(response: { headers: Record<string, unknown> }): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : String(header ?? '');
  return String(first).split(';')[0] ?? '';
}

let addressCounter = 0;
const nextTestAddress = () => {
  addressCounter += 1;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
};

/** A code for the next TOTP step, so replays of the current one are not an issue in tests. */
export const freshTotpCode = (secret: string, offsetSteps = 0) => totpCode(secret, totpStep() + offsetSteps);

/** Signs in through the HTTP API, enrolling or answering the second factor as the role needs. */
export async function signIn(app: FastifyInstance, user: TestUser): Promise<SignedInUser> {
  // Each sign-in from its own test address, so files that sign in many users stay under the
  // per-address rate limit that the auth tests exercise on purpose.
  const address = nextTestAddress();
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password }, remoteAddress: address });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
  let session = login.json() as SessionResponse;
  let cookie = cookieFrom(login);
  const headers = () => ({ cookie, 'x-csrf-token': session.csrfToken });
  if (session.stage === 'totp_enrolment_required') {
    const enrol = await app.inject({ method: 'POST', url: '/api/auth/totp/enrol', headers: headers(), remoteAddress: address });
    user.totpSecret = (enrol.json() as { secret: string }).secret;
    const confirm = await app.inject({ method: 'POST', url: '/api/auth/totp/confirm', headers: headers(), remoteAddress: address, payload: { code: freshTotpCode(user.totpSecret) } });
    if (confirm.statusCode !== 200) throw new Error(`totp confirm failed: ${confirm.body}`);
    session = confirm.json() as SessionResponse;
    cookie = cookieFrom(confirm);
  } else if (session.stage === 'totp_required') {
    if (!user.totpSecret) throw new Error('user has a second factor but the test does not know its secret');
    const verify = await app.inject({ method: 'POST', url: '/api/auth/totp/verify', headers: headers(), remoteAddress: address, payload: { code: freshTotpCode(user.totpSecret, 1) } });
    if (verify.statusCode !== 200) throw new Error(`totp verify failed: ${verify.body}`);
    session = verify.json() as SessionResponse;
    cookie = cookieFrom(verify);
  }
  return { ...user, cookie, csrfToken: session.csrfToken, session, headers: headers() };
}

/** Builds a user of the role in the organisation and signs them in. */
export async function signedInUser(app: FastifyInstance, ctx: AppContext, role: Role, organisationId?: string): Promise<SignedInUser> {
  return signIn(app, await buildUser(ctx, { role, ...(organisationId ? { organisationId } : {}) }));
}
