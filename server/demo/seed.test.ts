import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPasswordProblem } from '../../core/auth/password-rules';
import { ROLES } from '../../core/auth/roles';
import { signIn } from '../test/factories';
import { buildApp } from '../app';
import type { AppContext } from '../platform/context';
import { createTestApp, createTestRuntime, type TestApp } from '../test/runtime';
import { DEMO_ACCOUNTS, ZONE_FOCAL_POINTS } from './catalogue';
import { seedDemo, seedDemoIfEmpty, type DemoSeedSummary } from './seed';

/** Another app on the same runtime: its own rate-limit counters, the same database. */
async function buildReadyApp(ctx: AppContext) {
  const app = await buildApp(ctx);
  await app.ready();
  return app;
}

const sharedDataDir = path.resolve('../shared/data');
const hasSharedData = fs.existsSync(path.join(sharedDataDir, 'drc/provinces.topo.json'));

let t: TestApp;
let summary: DemoSeedSummary;

beforeAll(async () => {
  t = await createTestApp({ WEFT_SIGN_IN_LIMIT_PER_MINUTE: '60' }); // every demo account signs in within a minute
  summary = (await seedDemo(t.ctx, { sharedDataDir }))!;
}, 120_000);
afterAll(async () => t?.close());

const count = async (table: 'organisations' | 'users' | 'areas') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('demo seed', () => {
  it('creates one account per role and one platform operator', async () => {
    const users = await t.ctx.db.selectFrom('users').select(['role', 'email', 'must_change_password']).execute();
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(ROLES));
    expect(users).toHaveLength(DEMO_ACCOUNTS.length + ZONE_FOCAL_POINTS.count);
    expect(users.every((u) => u.email.endsWith('@demo.weft.example') && !u.must_change_password)).toBe(true);
    const operators = await t.ctx.db.selectFrom('organisations').select('name').where('is_platform_operator', '=', true).execute();
    expect(operators.map((o) => o.name)).toEqual(['Weft Coordination Secretariat (demo)']);
  });

  it.runIf(hasSharedData)('imports the 26 provinces and the eastern health zones under them', async () => {
    const levels = await t.ctx.db.selectFrom('areas').select(['level', (eb) => eb.fn.countAll().as('n')]).groupBy('level').orderBy('level').execute();
    expect(levels.map((l) => [l.level, Number(l.n)])).toEqual([[1, 26], [2, 104]]);
    expect(summary.areas.flatMap((a) => a.report.errors)).toEqual([]);
    const parents = await t.ctx.db
      .selectFrom('areas as z').innerJoin('areas as p', 'p.id', 'z.parent_id')
      .select('p.code').distinct().where('z.level', '=', 2).orderBy('p.code').execute();
    expect(parents.map((p) => p.code)).toEqual(['cod300014', 'cod300015', 'cod300016']);
    const geo = await t.app.inject({ method: 'GET', url: '/api/areas/geojson?level=1', headers: (await signIn(t.app, account('viewer'))).headers });
    expect(geo.json().features).toHaveLength(26);
    expect(geo.json().attribution).toBe('UNDP/OCHA');
  });

  it.runIf(hasSharedData)('adds real health facilities with their OpenStreetMap attribution, spread over the three provinces', async () => {
    const facilities = await t.ctx.db.selectFrom('organisations').select(['name', 'short_name']).where('kind', '=', 'health_facility').execute();
    expect(facilities).toHaveLength(8);
    expect(facilities.every((f) => f.name.includes('© OpenStreetMap contributors') && f.short_name.startsWith('OSM-'))).toBe(true);
    expect(new Set(summary.facilities.map((f) => f.zone.parentCode)).size).toBe(3);
    expect(new Set(summary.facilities.map((f) => f.zone.code)).size).toBe(8);
  });

  it('audits every change it makes', async () => {
    const rows = await t.ctx.db.selectFrom('audit_log').select(['action', (eb) => eb.fn.countAll().as('n')]).groupBy('action').execute();
    const byAction = Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]));
    expect(byAction['user.create']).toBe(DEMO_ACCOUNTS.length + ZONE_FOCAL_POINTS.count);
    expect(byAction['organisation.create']).toBe(await count('organisations'));
    if (hasSharedData) expect(byAction['area.import']).toBe(2);
  });

  it('seeds nothing the second time', async () => {
    const before = await Promise.all([count('organisations'), count('users'), count('areas')]);
    expect(await seedDemoIfEmpty(t.ctx, { sharedDataDir })).toBeNull();
    expect(await Promise.all([count('organisations'), count('users'), count('areas')])).toEqual(before);
  });

  it('uses passwords that pass the password rules, and every one signs in', async () => {
    for (const a of summary.accounts) expect(findPasswordProblem(a.password, a.email)).toBeNull();
    for (const a of summary.accounts) {
      const signedIn = await signIn(t.app, accountWithEmail(a.email));
      expect(signedIn.session.stage).toBe('complete');
      expect(signedIn.session.user.role).toBe(a.role);
    }
    // Sign-in is rate limited to 10 a minute per address: the focal points use a second app.
    const second = await buildReadyApp(t.ctx);
    try {
      for (const focal of summary.zoneFocalPoints) {
        const signedIn = await signIn(second, { id: '', organisationId: '', email: focal.email, password: ZONE_FOCAL_POINTS.password, role: 'focal_point' });
        expect(signedIn.session.user.role).toBe('focal_point');
      }
    } finally {
      await second.close();
    }
  });

  it('prints every account, the second-factor note, the attribution and where to go', async () => {
    const { renderBanner } = await import('./banner');
    const banner = renderBanner(summary, 3000);
    for (const a of summary.accounts) expect(banner).toContain(`${a.email}  `);
    expect(banner).toContain('Open http://localhost:3000');
    expect(banner).toContain('authenticator app');
    if (hasSharedData) expect(banner).toMatch(/UNDP\/OCHA[\s\S]*WHO\/OMS[\s\S]*© OpenStreetMap contributors/);
  });

  it.runIf(hasSharedData)('is the same on every machine, and seeds people without places when the data folder is missing', async () => {
    const other = await createTestRuntime();
    const empty = await createTestRuntime();
    try {
      const again = (await seedDemo(other.ctx, { sharedDataDir }))!;
      expect(again.facilities.map((f) => f.osmId)).toEqual(summary.facilities.map((f) => f.osmId));
      expect(again.accounts).toEqual(summary.accounts);
      expect(again.zoneFocalPoints).toEqual(summary.zoneFocalPoints);
      const seeded = await seedDemoIfEmpty(empty.ctx, { sharedDataDir: path.join(sharedDataDir, 'nowhere') });
      expect(seeded!.banner).toContain('Not found under');
      expect(await empty.ctx.db.selectFrom('areas').select('id').execute()).toEqual([]);
      expect((await empty.ctx.db.selectFrom('users').select('id').execute()).length).toBe(DEMO_ACCOUNTS.length + ZONE_FOCAL_POINTS.count);
    } finally {
      await other.close();
      await empty.close();
    }
  }, 120_000); // two more full seeds, each with its hundreds of alerts and cases
});

function account(role: (typeof DEMO_ACCOUNTS)[number]['role']) {
  const a = DEMO_ACCOUNTS.find((x) => x.role === role)!;
  return { id: '', organisationId: '', email: `${a.localPart}@demo.weft.example`, password: a.password, role };
}

/** Some roles have two demo accounts (case workers at both ends of a referral). */
function accountWithEmail(email: string) {
  const a = DEMO_ACCOUNTS.find((x) => `${x.localPart}@demo.weft.example` === email)!;
  return { id: '', organisationId: '', email, password: a.password, role: a.role };
}
