import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFICATION_QUESTIONS, type ClassificationAnswers as Answers } from '../../../core/classify';
import { earliestReportDateWithOpenWindow, type IncidentTime } from '../../../core/clinical';
import { inOrganisationScope, inSystemScope } from '../../db/scope';
import type { Executor } from '../../db/database';
import { auditRows, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { incidentBody, incidentCanaries } from '../../test/factories-incidents';
import { buildSurvivor, requestAs, type BuiltSurvivor } from '../../test/factories-survivors';
import { createIncident } from './service';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let orgB: string;
let workerA: SignedInUser;
let supervisorA: SignedInUser;
let analystA: SignedInUser;
let workerB: SignedInUser;
let hotlineA: SignedInUser;
let province: string;
let territory: string;

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

async function buildArea(code: string, level: number, parentId: string | null) {
  const row = await t.ctx.db
    .insertInto('areas')
    .values({ code, level, level_name: level === 1 ? 'province' : 'territory', parent_id: parentId, names: JSON.stringify({ en: `Fictional ${code}`, fr: `Fictif ${code}` }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  [workerA, supervisorA, analystA, workerB, hotlineA] = await Promise.all([
    signInNew(t.app, t.ctx, 'case_worker', orgA),
    signInNew(t.app, t.ctx, 'supervisor', orgA),
    signInNew(t.app, t.ctx, 'analyst', orgA),
    signInNew(t.app, t.ctx, 'case_worker', orgB),
    signInNew(t.app, t.ctx, 'hotline_operator', orgA),
  ]);
  const tag = randomUUID().slice(0, 6).toUpperCase();
  province = await buildArea(`ZZ${tag}`, 1, null);
  territory = await buildArea(`ZZ${tag}01`, 2, province);
});
afterAll(async () => t?.close());

/** Direct reads of case tables run in a scope (AUTHZ-2: on PostgreSQL, RLS hides rows otherwise). */
const asSystem = <T>(work: (db: Executor) => Promise<T>) => inSystemScope(t.ctx.db, work);
const incidentCount = async () =>
  Number((await asSystem((db) => db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())).n);

const survivorOf = (org = orgA, user: SignedInUser = workerA) => buildSurvivor(t.ctx, org, {}, user.id);

async function post(user: SignedInUser, payload: object) {
  return t.app.inject({ method: 'POST', url: '/api/incidents', headers: user.headers, payload });
}
async function created(user: SignedInUser, payload: object) {
  const res = await post(user, payload);
  expect(res.statusCode, res.body).toBe(201);
  // JSON of the answer, read field by field by the tests.
  return res.json();
}
const get = (user: SignedInUser, url: string) => t.app.inject({ method: 'GET', url, headers: user.headers });

describe('classification through HTTP (part 4)', () => {
  let built: BuiltSurvivor;
  beforeAll(async () => {
    built = await survivorOf();
  });

  // Each path of the order of elimination: n-1 'no' then a 'yes', and six 'no' = non-GBV.
  const paths = [
    ...CLASSIFICATION_QUESTIONS.map((q, i) => ({
      type: q.yesLeadsTo as string,
      answers: Object.fromEntries(CLASSIFICATION_QUESTIONS.slice(0, i + 1).map((p, j) => [p.id, j === i ? 'yes' : 'no'])) as Answers,
    })),
    { type: 'non-gbv', answers: Object.fromEntries(CLASSIFICATION_QUESTIONS.map((q) => [q.id, 'no'])) as Answers },
  ];
  for (const path of paths) {
    it(`classifies ${path.type} and stores exactly one type`, async () => {
      const body = await created(workerA, incidentBody(built.survivor.id, { classificationAnswers: path.answers }));
      expect(body.gbvType).toBe(path.type);
      const row = await asSystem((db) => db.selectFrom('incidents').select(['gbv_type', 'classification_answers']).where('id', '=', body.id).executeTakeFirstOrThrow());
      expect(row.gbv_type).toBe(path.type);
      expect(row.classification_answers).toEqual(path.answers);
    });
  }

  it('refuses incomplete answers with 400 naming the waiting question, and writes nothing', async () => {
    const before = await incidentCount();
    const res = await post(workerA, incidentBody(built.survivor.id, { classificationAnswers: { penetration: 'no' } }));
    expectError(res, 400, { code: 'classification.incomplete', field: 'classificationAnswers.sexual_contact' });
    expect(await incidentCount()).toBe(before);
  });

  it('refuses a no that contradicts a recorded act, naming the question', async () => {
    const res = await post(workerA, incidentBody(built.survivor.id, { acts: ['rape'], classificationAnswers: { penetration: 'no', sexual_contact: 'yes' } }));
    expectError(res, 400, { code: 'classification.contradicts_acts', field: 'classificationAnswers.penetration' });
  });

  it('refuses an unknown question and a value other than yes or no', async () => {
    expectError(await post(workerA, incidentBody(built.survivor.id, { classificationAnswers: { touching: 'yes' } as never })), 400);
    expectError(await post(workerA, incidentBody(built.survivor.id, { classificationAnswers: { penetration: 'maybe' } as never })), 400);
  });

  it('derives contexts, CRSV and SEA from the facts', async () => {
    const sea = await created(workerA, incidentBody(built.survivor.id, { ageAtIncident: 15, perpetratorCategory: 'peacekeeper', goodsMoneyExchanged: true, acts: ['rape'] }));
    expect(sea.isSea).toBe(true);
    expect(sea.isCrsv).toBe(false);
    expect(sea.isChild).toBe(true);
    expect(sea.ageGroup).toBe('12-17');
    expect(sea.contexts).toEqual(['child_sexual_abuse', 'possible_sexual_exploitation', 'sexual_exploitation_and_abuse']);
    const crsv = await created(workerA, incidentBody(built.survivor.id, { perpetratorCategory: 'non_state_armed_group', conflictContexts: ['abduction'], acts: ['sexual_slavery', 'rape'] }));
    expect(crsv.isCrsv).toBe(true);
    expect(crsv.contexts).toContain('possible_sexual_slavery');
    const civilian = await created(workerA, incidentBody(built.survivor.id, { perpetratorCategory: 'civilian', perpetratorRelationship: 'intimate_partner_former_partner' }));
    expect(civilian.isCrsv).toBe(false);
    expect(civilian.contexts).toEqual(['intimate_partner_violence']);
  });

  it('serves the questions in en, fr and ar to any signed-in user', async () => {
    const res = await get(analystA, '/api/incidents/classification/questions');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.questions.map((q: { id: string }) => q.id)).toEqual(CLASSIFICATION_QUESTIONS.map((q) => q.id));
    expect(body.questions[0].text.fr).toBeTruthy();
    expect(body.questions[0].text.ar).toBeTruthy();
    expect(body.types).toHaveLength(7);
    expectError(await t.app.inject({ method: 'GET', url: '/api/incidents/classification/questions' }), 401);
  });
});

describe('recording (part 3)', () => {
  it('stores the time span, date, area by P-code, and seals narrative and location (ONCE-1 counted)', async () => {
    const built = await survivorOf();
    const canary = incidentCanaries();
    const areaCode = (await t.ctx.db.selectFrom('areas').select('code').where('id', '=', territory).executeTakeFirstOrThrow()).code;
    const body = await created(workerA, incidentBody(built.survivor.id, { incidentTime: { precision: 'date', date: ago(30).slice(0, 10), utcOffsetMinutes: 60 }, area: areaCode, placeType: 'bush_forest', ...canary }));
    expect(body.area.id).toBe(territory);
    expect(body.incidentDatePrecision).toBe('date');
    expect(body.hasNarrative).toBe(true);
    expect(body).not.toHaveProperty('narrative');
    const row = await asSystem((db) => db.selectFrom('incidents').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow());
    expect(row.incident_earliest_at).not.toBeNull();
    expect(row.incident_latest_at!.getTime() - row.incident_earliest_at!.getTime()).toBe(24 * HOUR);
    expect(row.narrative_sealed).not.toBeNull();
    const survivor = await asSystem((db) => db.selectFrom('survivors').select('narrative_entries').where('id', '=', built.survivor.id).executeTakeFirstOrThrow());
    expect(survivor.narrative_entries).toBe(1);
  });

  it('refuses bad input with 400 naming the field and writes nothing', async () => {
    const built = await survivorOf();
    const before = await incidentCount();
    const cases: [object, string][] = [
      [incidentBody(built.survivor.id, { area: 'NO-SUCH-PCODE' }), 'area'],
      [incidentBody(built.survivor.id, { ageAtIncident: 300 }), 'body.ageAtIncident'],
      [incidentBody(built.survivor.id, { incidentTime: { precision: 'exact', at: new Date(Date.now() + 48 * HOUR).toISOString() } }), 'incidentTime'],
      [incidentBody(built.survivor.id, { reportDate: '2001-01-01' }), 'reportDate'],
      [incidentBody(built.survivor.id, { placeType: 'moon' as never }), 'body.placeType'],
      [incidentBody(built.survivor.id, { acts: ['rape', 'rape'] }), 'body.acts'],
      [{ ...incidentBody(built.survivor.id), incidentTime: { precision: 'sometime' } }, 'body.incidentTime.precision'],
    ];
    for (const [payload, field] of cases) {
      const res = await post(workerA, payload);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.field).toBe(field);
    }
    expect(await incidentCount()).toBe(before);
  });

  it("answers 404 for another organisation's survivor, and refuses roles without case work", async () => {
    const foreign = await survivorOf(orgB, workerB);
    expectError(await post(workerA, incidentBody(foreign.survivor.id)), 404);
    const own = await survivorOf();
    expectError(await post(analystA, incidentBody(own.survivor.id)), 404);
    expectError(await post(hotlineA, incidentBody(own.survivor.id)), 404);
  });

  it('is idempotent with an idempotency key (REL-2)', async () => {
    const built = await survivorOf();
    const key = `fictional-device-${randomUUID()}`;
    const first = await created(workerA, incidentBody(built.survivor.id, { idempotencyKey: key, narrative: 'Fictional account' }));
    for (let i = 0; i < 3; i += 1) expect((await created(workerA, incidentBody(built.survivor.id, { idempotencyKey: key, narrative: 'Fictional account' }))).id).toBe(first.id);
    const count = await asSystem((db) => db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).where('idempotency_key', '=', key).executeTakeFirstOrThrow());
    expect(Number(count.n)).toBe(1);
    const survivor = await asSystem((db) => db.selectFrom('survivors').select('narrative_entries').where('id', '=', built.survivor.id).executeTakeFirstOrThrow());
    expect(survivor.narrative_entries).toBe(1);
  });
});

describe('reading and editing', () => {
  it('gives case work the narrative (audited, no value in the audit) and analysts no sensitive field', async () => {
    const built = await survivorOf();
    const canary = incidentCanaries();
    const { id } = await created(workerA, incidentBody(built.survivor.id, canary));
    const res = await get(supervisorA, `/api/incidents/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().narrative).toBe(canary.narrative);
    expect(res.json().exactLocation).toBe(canary.exactLocation);
    expect(res.headers['cache-control']).toBe('no-store');
    const audits = await auditRows(t.ctx, { action: 'incident.read', resourceId: id });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toEqual({ fields: ['narrative', 'exactLocation'] });

    const analyst = await get(analystA, `/api/incidents/${id}`);
    expect(analyst.statusCode, analyst.body).toBe(200);
    const view = analyst.json();
    for (const field of ['narrative', 'exactLocation', 'survivorId', 'incidentDate', 'incidentTime', 'reportDate', 'ageAtIncident', 'clinicalClock']) expect(view).not.toHaveProperty(field);
    expect(view.incidentMonth).toMatch(/^\d{4}-\d{2}$/);
    expect(analyst.body).not.toContain('CANARY');
  });

  it("answers 404 for another organisation's incident and a missing one", async () => {
    const { id } = await created(workerA, incidentBody((await survivorOf()).survivor.id));
    expectError(await get(workerB, `/api/incidents/${id}`), 404);
    expectError(await get(workerA, `/api/incidents/${randomUUID()}`), 404);
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: workerB.headers, payload: { version: 1, placeType: 'road' } });
    expectError(patch, 404);
  });

  it('edits at the version read, 409 otherwise (REL-2), and reclassifies', async () => {
    const built = await survivorOf();
    const { id } = await created(workerA, incidentBody(built.survivor.id, { narrative: 'Fictional first telling' }));
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: workerA.headers, payload: { version: 1, classificationAnswers: { penetration: 'no', sexual_contact: 'yes' }, narrative: 'Fictional second telling' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().gbvType).toBe('sexual_assault');
    expect(ok.json().version).toBe(2);
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: supervisorA.headers, payload: { version: 1, narrative: 'Fictional overwrite' } });
    expectError(stale, 409, { field: 'version' });
    expect((await get(workerA, `/api/incidents/${id}`)).json().narrative).toBe('Fictional second telling');
    const survivor = await asSystem((db) => db.selectFrom('survivors').select('narrative_entries').where('id', '=', built.survivor.id).executeTakeFirstOrThrow());
    expect(survivor.narrative_entries).toBe(2);
    const audit = await auditRows(t.ctx, { action: 'incident.update', resourceId: id });
    expect(audit[0]!.details).toEqual({ fields: ['classificationAnswers', 'narrative'], version: 2 });
  });

  it('MIN-2: a field the role may not set changes nothing', async () => {
    const { id } = await created(workerA, incidentBody((await survivorOf()).survivor.id));
    const before = await asSystem((db) => db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    const res = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: workerA.headers, payload: { version: 1, source: 'hotline', survivorId: randomUUID(), gbvType: 'non-gbv', isSea: true } });
    expect(res.statusCode, res.body).toBe(200);
    const after = await asSystem((db) => db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    expect(after).toEqual(before);
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: analystA.headers, payload: { version: 1, placeType: 'road' } }), 404);
  });

  it('a contradictory edit is refused naming the question, nothing changed', async () => {
    const { id } = await created(workerA, incidentBody((await survivorOf()).survivor.id, { classificationAnswers: { penetration: 'no', sexual_contact: 'no', physical_violence: 'yes' } }));
    const res = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: workerA.headers, payload: { version: 1, acts: ['rape'] } });
    expectError(res, 400, { field: 'classificationAnswers.penetration' });
    const row = await asSystem((db) => db.selectFrom('incidents').select(['version', 'acts']).where('id', '=', id).executeTakeFirstOrThrow());
    expect(row).toEqual({ version: 1, acts: [] });
  });
});

describe('clinical clock (part 5)', () => {
  it('carries the state of the PEP and EC windows on rape and sexual assault only', async () => {
    const built = await survivorOf();
    const at = async (payload: object) => (await created(workerA, incidentBody(built.survivor.id, payload))).clinicalClock;
    const states = (clock: { windows: { kind: string; state: string }[] }) => Object.fromEntries(clock.windows.map((w) => [w.kind, w.state]));
    expect(states(await at({ incidentTime: { precision: 'exact', at: ago(10) } }))).toEqual({ pep: 'open', emergency_contraception: 'open' });
    expect(states(await at({ incidentTime: { precision: 'exact', at: ago(100) } }))).toEqual({ pep: 'closed', emergency_contraception: 'open' });
    expect(states(await at({ incidentTime: { precision: 'exact', at: ago(200) } }))).toEqual({ pep: 'closed', emergency_contraception: 'closed' });
    expect(states(await at({ incidentTime: { precision: 'unknown' } }))).toEqual({ pep: 'unknown', emergency_contraception: 'unknown' });
    expect(states(await at({ incidentTime: { precision: 'range', earliest: ago(80), latest: ago(60) } }))).toEqual({ pep: 'possibly_open', emergency_contraception: 'open' });
    const open = await at({ incidentTime: { precision: 'exact', at: ago(10) } });
    expect(open.windows[0].hoursLeft.atLeast).toBeCloseTo(62, 0);
    expect(open.elapsedHours.atLeast).toBeCloseTo(10, 0);
    expect(await at({ classificationAnswers: { penetration: 'no', sexual_contact: 'no', physical_violence: 'yes' } })).toBeNull();
  });

  it('sorts the open ones by time left (sort=clinical), across pages', async () => {
    const built = await survivorOf();
    const make = async (payload: object) => (await created(workerA, incidentBody(built.survivor.id, payload))).id as string;
    const pep2h = await make({ incidentTime: { precision: 'exact', at: ago(70) } });
    const ec20h = await make({ incidentTime: { precision: 'exact', at: ago(100) } });
    const pep62h = await make({ incidentTime: { precision: 'exact', at: ago(10) } });
    const unknown = await make({ incidentTime: { precision: 'unknown' } });
    await make({ incidentTime: { precision: 'exact', at: ago(200) } });
    await make({ incidentTime: { precision: 'exact', at: ago(5) }, classificationAnswers: { penetration: 'no', sexual_contact: 'no', physical_violence: 'yes' } });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(workerA, `/api/incidents?sort=clinical&limit=2&survivorId=${built.survivor.id}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      ids.push(...res.json().data.map((d: { id: string }) => d.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(ids).toEqual([pep2h, ec20h, pep62h, unknown]);
  });
});

describe('clinical list bounded by the report date (core/clinical windowsClosedByReportDate)', () => {
  it('leaves out incidents reported too long ago for any window to be open, even of unknown date', async () => {
    const built = await survivorOf();
    const make = async (payload: object) => (await created(workerA, incidentBody(built.survivor.id, payload))).id as string;
    const cutoff = earliestReportDateWithOpenWindow(new Date());
    const dayBefore = new Date(Date.parse(`${cutoff}T00:00:00Z`) - 24 * HOUR).toISOString().slice(0, 10);
    const unknownToday = await make({ incidentTime: { precision: 'unknown' } });
    const unknownAtCutoff = await make({ incidentTime: { precision: 'unknown' }, reportDate: cutoff });
    await make({ incidentTime: { precision: 'unknown' }, reportDate: dayBefore });
    await make({ incidentTime: { precision: 'unknown' }, reportDate: '2026-01-05' });
    const open = await make({ incidentTime: { precision: 'exact', at: ago(10) } });
    const res = await get(workerA, `/api/incidents?sort=clinical&survivorId=${built.survivor.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().data.map((d: { id: string }) => d.id);
    expect(ids[0]).toBe(open);
    expect(ids.slice(1).sort()).toEqual([unknownToday, unknownAtCutoff].sort());
  });
});

describe('list (part 3)', () => {
  it('filters by area (with children), type, dates, category, CRSV, SEA, survivor; paginates by keyset', async () => {
    const built = await survivorOf();
    const base = { survivorId: built.survivor.id };
    const q = async (query: string, user = workerA) => {
      const res = await get(user, `/api/incidents?survivorId=${base.survivorId}&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { data: Array<{ id: string } & Record<string, unknown>>; nextCursor: string | null };
    };
    const inTerritory = await created(workerA, incidentBody(built.survivor.id, { area: territory, perpetratorCategory: 'state_forces', acts: ['rape'], incidentTime: { precision: 'exact', at: '2026-03-10T10:00:00Z' }, reportDate: '2026-03-12' }));
    const inProvince = await created(workerA, incidentBody(built.survivor.id, { area: province, perpetratorCategory: 'humanitarian_worker', incidentTime: { precision: 'date', date: '2026-05-02' }, reportDate: '2026-05-03' }));
    const elsewhere = await created(workerA, incidentBody(built.survivor.id, { classificationAnswers: { penetration: 'no', sexual_contact: 'no', physical_violence: 'yes' }, incidentTime: { precision: 'exact', at: '2026-07-01T08:00:00Z' }, reportDate: '2026-07-01' }));
    const ids = (page: { data: { id: string }[] }) => page.data.map((d) => d.id).sort();
    expect(ids(await q(`area=${province}`))).toEqual([inTerritory.id, inProvince.id].sort());
    expect(ids(await q(`area=${territory}`))).toEqual([inTerritory.id]);
    expect(ids(await q('gbvType=physical_assault'))).toEqual([elsewhere.id]);
    expect(ids(await q('from=2026-04-01&to=2026-06-30'))).toEqual([inProvince.id]);
    expect(ids(await q('perpetratorCategory=state_forces'))).toEqual([inTerritory.id]);
    expect(ids(await q('crsv=true'))).toEqual([inTerritory.id]);
    expect(ids(await q('sea=true'))).toEqual([inProvince.id]);
    // Newest report first, two pages.
    const first = await q('limit=2');
    expect(first.data.map((d) => d.id)).toEqual([elsewhere.id, inProvince.id]);
    const second = await q(`limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((d) => d.id)).toEqual([inTerritory.id]);
    expect(second.nextCursor).toBeNull();
    expectError(await get(workerA, '/api/incidents?cursor=garbage'), 400, { field: 'cursor' });
    expectError(await get(workerA, '/api/incidents?area=NO-SUCH-PCODE'), 400, { field: 'area' });
    expectError(await get(workerA, '/api/incidents?gbvType=theft'), 400, { field: 'query.gbvType' });
  });

  it('filters by a province: its own incidents and its territories\', none for an empty province, across pages', async () => {
    const built = await survivorOf();
    const tag = randomUUID().slice(0, 6).toUpperCase();
    const east = await buildArea(`ZE${tag}`, 1, null);
    const [zoneOne, zoneTwo] = [await buildArea(`ZE${tag}01`, 2, east), await buildArea(`ZE${tag}02`, 2, east)];
    const empty = await buildArea(`ZX${tag}`, 1, null);
    await buildArea(`ZX${tag}01`, 2, empty);
    const make = async (area: string, reportDate: string) =>
      (await created(workerA, incidentBody(built.survivor.id, { area, incidentTime: { precision: 'date', date: '2026-04-01' }, reportDate }))).id as string;
    const inOne = await make(zoneOne, '2026-04-03');
    const inTwo = await make(zoneTwo, '2026-04-05');
    const inEast = await make(east, '2026-04-04');
    await make(territory, '2026-04-06');
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const res = await get(workerA, `/api/incidents?survivorId=${built.survivor.id}&area=${east}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      pages.push(res.json().data.map((d: { id: string }) => d.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(pages).toEqual([[inTwo, inEast], [inOne]]);
    const none = await get(workerA, `/api/incidents?area=${empty}`);
    expect(none.json()).toEqual({ data: [], nextCursor: null });
    expect((await get(workerA, `/api/incidents?survivorId=${built.survivor.id}&area=${zoneTwo}`)).json().data.map((d: { id: string }) => d.id)).toEqual([inTwo]);
  });

  it('with a date range: the span touching it, most recent incident time first, across pages; its cursor is its own', async () => {
    const built = await survivorOf();
    const make = async (incidentTime: IncidentTime, reportDate: string) => (await created(workerA, incidentBody(built.survivor.id, { incidentTime, reportDate }))).id as string;
    const lastDayBefore = await make({ precision: 'date', date: '2026-01-31' }, '2026-03-20'); // spans into 1 February
    const first = await make({ precision: 'exact', at: '2026-02-01T10:00:00Z' }, '2026-02-02');
    const tenth = await make({ precision: 'date', date: '2026-02-10' }, '2026-03-01');
    const range = await make({ precision: 'range', earliest: '2026-02-19T00:00:00Z', latest: '2026-02-21T00:00:00Z' }, '2026-02-22');
    await make({ precision: 'exact', at: '2026-03-05T10:00:00Z' }, '2026-03-06');
    await make({ precision: 'exact', at: '2026-01-15T10:00:00Z' }, '2026-03-25');
    await make({ precision: 'unknown' }, '2026-02-15');
    const pages: string[][] = [];
    const cursors: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(workerA, `/api/incidents?survivorId=${built.survivor.id}&from=2026-02-01&to=2026-02-28&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      pages.push(res.json().data.map((d: { id: string }) => d.id));
      cursor = res.json().nextCursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    expect(pages).toEqual([[range, tenth], [first, lastDayBefore]]);
    // A cursor belongs to its order: the date-range one is refused by the report-date list.
    expectError(await get(workerA, `/api/incidents?survivorId=${built.survivor.id}&cursor=${cursors[0]}`), 400, { field: 'cursor' });
    const fromOnly = await get(workerA, `/api/incidents?survivorId=${built.survivor.id}&from=2026-02-20`);
    expect(fromOnly.json().data.map((d: { id: string }) => d.id)).toEqual([expect.any(String), range]);
  });

  it('is non-identifying: no narrative for anyone, month only for analysts; other org sees none', async () => {
    const built = await survivorOf();
    const canary = incidentCanaries();
    const { id } = await created(workerA, incidentBody(built.survivor.id, canary));
    const worker = await get(workerA, `/api/incidents?survivorId=${built.survivor.id}`);
    expect(worker.json().data[0]).not.toHaveProperty('narrative');
    expect(worker.json().data[0].incidentDate).toBeTruthy();
    expect(worker.body).not.toContain('CANARY');
    const analyst = await get(analystA, '/api/incidents?limit=200');
    expect(analyst.statusCode).toBe(200);
    const mine = analyst.json().data.find((d: { id: string }) => d.id === id);
    expect(mine).toBeDefined();
    expect(mine).not.toHaveProperty('incidentDate');
    expect(mine).not.toHaveProperty('survivorId');
    expect(analyst.body).not.toContain('CANARY');
    const other = await get(workerB, '/api/incidents?limit=200');
    expect(other.json().data.map((d: { id: string }) => d.id)).not.toContain(id);
    expectError(await get(hotlineA, '/api/incidents'), 403);
  });
});

describe('canaries (STO-1, AUD-1)', () => {
  it('never appear in the incidents table or the audit trail', async () => {
    const built = await survivorOf();
    const canary = incidentCanaries();
    const { id } = await created(workerA, incidentBody(built.survivor.id, canary));
    await get(workerA, `/api/incidents/${id}`);
    await t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: workerA.headers, payload: { version: 1, narrative: `${canary.narrative}-v2`, exactLocation: `${canary.exactLocation}-v2` } });
    const dump = await asSystem((db) => sql<{ j: string }>`select row_to_json(i)::text as j from incidents i`.execute(db));
    const audit = await sql<{ j: string }>`select row_to_json(a)::text as j from audit_log a`.execute(t.ctx.db);
    for (const text of [...dump.rows, ...audit.rows].map((r) => r.j)) {
      expect(text).not.toContain(canary.narrative);
      expect(text).not.toContain(canary.exactLocation);
    }
  });
});

describe('other paths', () => {
  it('shows an erased survivor\'s sealed fields as erased, never a 500 (STO-3)', async () => {
    const built = await survivorOf();
    const canary = incidentCanaries();
    const { id } = await created(workerA, incidentBody(built.survivor.id, canary));
    const reauth = await t.app.inject({ method: 'POST', url: '/api/auth/reauthenticate', headers: supervisorA.headers, payload: { password: supervisorA.password } });
    expect(reauth.statusCode, reauth.body).toBe(204);
    const erase = await t.app.inject({ method: 'POST', url: `/api/survivors/${built.survivor.id}/erasure`, headers: supervisorA.headers, payload: { reason: 'survivor_request' } });
    expect(erase.statusCode, erase.body).toBe(200);
    const res = await get(supervisorA, `/api/incidents/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().narrative).toBeNull();
    expect(res.body).not.toContain('CANARY');
  });

  it('lets the hotline module record an incident from a call (source hotline)', async () => {
    const built = await survivorOf();
    const req = requestAs(hotlineA.id, orgA, 'hotline_operator');
    const row = await inOrganisationScope(t.ctx.db, orgA, (trx) => createIncident(t.ctx, trx, req, incidentBody(built.survivor.id), { source: 'hotline' }));
    expect(row.source).toBe('hotline');
    await expect(inOrganisationScope(t.ctx.db, orgA, (trx) => createIncident(t.ctx, trx, req, incidentBody(built.survivor.id)))).rejects.toThrow(/not visible|No survivor/);
  });
});

