/**
 * Signing in and out. Every signed-in user reaches these routes whatever the role; what the
 * matrix proves here is the auth layer (no token, no anonymous caller past `signing-in`).
 */
import { roleRequiresTotp } from '../../../../core/auth/roles';
import { everyone, isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Target } from '../types';

const hasSecondFactor = (a: MatrixActor) => a.kind === 'user' && roleRequiresTotp(a.role);
const newPasswordOf = (t: Target) => `matrix river stones ${t.unique}`;

export default defineCases('auth', [
  { method: 'GET', route: '/api/auth/session', expect: everyone },
  {
    method: 'POST',
    route: '/api/auth/login',
    body: (t) =>
      t.actor.kind === 'user'
        ? { email: t.actor.user.email, password: t.actor.user.password }
        : { email: `nobody.${t.unique}@example.org`, password: 'not a password at all' },
    expect: (a) => (isUser(a) ? 'allow' : 'unauthenticated'),
  },
  {
    // A fully signed-in session is past this step.
    method: 'POST',
    route: '/api/auth/totp/verify',
    session: 'fresh',
    body: () => ({ code: '000000' }),
    expect: () => 'unauthenticated',
  },
  {
    method: 'POST',
    route: '/api/auth/totp/enrol',
    session: 'fresh',
    expect: (a): Outcome => (hasSecondFactor(a) ? { status: 409, why: 'a second factor is already set up' } : 'allow'),
  },
  {
    // Runs after enrol: users without a second factor have one pending; the code is wrong.
    method: 'POST',
    route: '/api/auth/totp/confirm',
    session: 'fresh',
    body: () => ({ code: '000000' }),
    expect: (a): Outcome => (hasSecondFactor(a) ? { status: 409, why: 'already set up' } : { status: 400, why: 'wrong code' }),
  },
  { method: 'POST', route: '/api/auth/logout', session: 'fresh', expect: everyone },
  {
    method: 'POST',
    route: '/api/auth/reauthenticate',
    body: (t) => ({ password: t.actor.kind === 'user' ? t.actor.user.password : 'not a password at all' }),
    expect: everyone,
  },
  {
    // In the actor's own session (a password change ends the others); the new one is kept.
    method: 'POST',
    route: '/api/auth/password',
    body: (t) => ({ currentPassword: t.actor.kind === 'user' ? t.actor.user.password : 'x', newPassword: newPasswordOf(t) }),
    expect: everyone,
    after: (t, response) => {
      if (t.actor.kind === 'user' && response.statusCode === 204) t.actor.user.password = newPasswordOf(t);
    },
  },
]);
