import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/runtime';
import { buildUser, freshTotpCode, signIn } from '../../test/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('sign-in', () => {
  it('signs a viewer in with a password alone and answers the session', async () => {
    const user = await buildUser(t.ctx, { role: 'viewer' });
    const signedIn = await signIn(t.app, user);
    expect(signedIn.session.stage).toBe('complete');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: signedIn.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(user.email);
  });

  it('requires case workers to enrol a second factor, then to use it', async () => {
    const user = await buildUser(t.ctx, { role: 'case_worker' });
    const first = await signIn(t.app, user);
    expect(first.session.stage).toBe('complete');
    expect(first.session.user.totpEnabled).toBe(true);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
    expect(login.json().stage).toBe('totp_required');
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const blocked = await t.app.inject({ method: 'GET', url: '/api/organisations', headers: { cookie } });
    expect(blocked.statusCode).toBe(401);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/totp/verify', headers: { cookie, 'x-csrf-token': login.json().csrfToken }, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('code');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/totp/verify', headers: { cookie, 'x-csrf-token': login.json().csrfToken }, payload: { code: freshTotpCode(user.totpSecret!, 1) } });
    expect(ok.statusCode).toBe(200);
    // The pre-second-factor token is worthless once replaced.
    const stale = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect(stale.statusCode).toBe(401);
  });

  it('answers the same for an unknown email and a wrong password (no enumeration)', async () => {
    const user = await buildUser(t.ctx);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody.fictional@example.org', password: 'whatever words' } });
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'not the right one' } });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('locks an account after five wrong passwords, even for the right one', async () => {
    const user = await buildUser(t.ctx);
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: `wrong ${i} guess` }, remoteAddress: `10.0.0.${i}` });
    }
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password }, remoteAddress: '10.0.1.1' });
    expect(right.statusCode).toBe(401);
  });

  it('limits sign-in attempts per address, an IPv6 client per /64', async () => {
    const attempt = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody.fictional@example.org', password: 'a guessed password' }, remoteAddress });
    // Each attempt from another address of one /64, as a host rotating its interface id would.
    for (let i = 0; i < t.ctx.config.WEFT_SIGN_IN_LIMIT_PER_MINUTE; i++) expect((await attempt(`2001:db8:77:1:${i.toString(16)}::${i + 1}`)).statusCode).toBe(401);
    expect((await attempt('2001:DB8:77:1:FFFF:EEEE:DDDD:CCCC')).statusCode).toBe(429);
    expect((await attempt('2001:db8:77:2::1')).statusCode).toBe(401);
  });

  it('rejects a write without the CSRF header', async () => {
    const user = await signIn(t.app, await buildUser(t.ctx));
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: user.cookie }, payload: { currentPassword: user.password, newPassword: 'a fresh long passphrase' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.csrf');
  });

  it('names the field of bad input', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@example.org' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('body.password');
  });

  it('changes a password, refuses a common one, and ends other sessions', async () => {
    const user = await buildUser(t.ctx);
    const a = await signIn(t.app, user);
    const b = await signIn(t.app, user);
    const common = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: a.headers, payload: { currentPassword: user.password, newPassword: 'password123' } });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.field).toBe('newPassword');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: a.headers, payload: { currentPassword: user.password, newPassword: 'river stones under moonlight' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: b.cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: a.cookie } })).statusCode).toBe(200);
  });

  it('signs out and clears the browser', async () => {
    const user = await signIn(t.app, await buildUser(t.ctx));
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: user.cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.headers['clear-site-data']).toContain('cookies');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: user.cookie } })).statusCode).toBe(401);
  });
});
