/** The alert map through HTTP (issue 4 parts 5-6): area roll-ups, clusters, precision by role. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridPointOf } from '../../../core/alerts/map';
import type { AlertMap } from '../../../core/schemas/alert-views';
import { expectError, signInNew } from '../../test/authz/helpers';
import { buildAreaTree, buildViewAlert, type AreaTree, type ViewAlertSpec } from '../../test/factories-alert-views';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let coordinator: SignedInUser;
let analyst: SignedInUser;
let worker: SignedInUser;
let areas: AreaTree;
const model: (ViewAlertSpec & { id: string })[] = [];
const foreignIds: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  const orgB = (await buildOrganisation(t.ctx)).id;
  coordinator = await signInNew(t.app, t.ctx, 'coordinator', orgA);
  analyst = await signInNew(t.app, t.ctx, 'analyst', orgA);
  worker = await signInNew(t.app, t.ctx, 'case_worker', orgA);
  areas = await buildAreaTree(t);
  const specs: Omit<ViewAlertSpec, 'organisationId'>[] = [
    // Three within a few hundred metres: one grid point, one cell.
    { areaCode: areas.p1.code, location: { lat: -1.2341, lon: 29.1112 }, state: 'new' },
    { areaCode: areas.p1.code, location: { lat: -1.2339, lon: 29.1098 }, state: 'new' },
    { areaCode: areas.p1.code, location: { lat: -1.2344, lon: 29.1104 }, state: 'closed' },
    { areaCode: areas.p1.code, location: null, state: 'new' },
    { areaCode: areas.p2.code, location: { lat: -2.5, lon: 28.0 }, state: 'verified' },
    { areaCode: areas.p2.code, location: { lat: -2.61, lon: 28.07 }, state: 'new' },
    // Placed at the province only: counts for P at level 1, for no zone at level 2.
    { areaCode: areas.p.code, location: { lat: -1.5, lon: 29.5 }, state: 'acknowledged' },
    { areaCode: areas.q1.code, location: { lat: 4.0, lon: 20.0 }, state: 'new' },
    { areaCode: areas.q1.code, location: null, state: 'dismissed' },
    // Not yet located in an area, but with a point.
    { areaCode: null, location: { lat: -1.2362, lon: 29.1141 }, state: 'new' },
  ];
  for (const spec of specs) model.push({ ...spec, organisationId: orgA, id: await buildViewAlert(t, { ...spec, organisationId: orgA }) });
  for (const lat of [-1.234, -2.5, 4.0]) foreignIds.push(await buildViewAlert(t, { organisationId: orgB, areaCode: areas.p1.code, location: { lat, lon: 29.11 }, state: 'new' }));
}, 180_000);
afterAll(async () => t?.close());

const get = (user: SignedInUser, url: string) => t.app.inject({ method: 'GET', url, headers: user.headers });
async function map(user: SignedInUser, query: string): Promise<AlertMap> {
  const res = await get(user, `/api/alerts/map?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json() as AlertMap;
}
const countsOf = (body: AlertMap) => Object.fromEntries(body.areas.map((a) => [a.code, a.count]));

/** The clusters the model predicts: grid points in the bbox, grouped by cell, weighted centroids. */
function expectedClusters(keep: (a: (typeof model)[number]) => boolean, bbox: [number, number, number, number], cell: number) {
  const cells = new Map<string, { n: number; lat: number; lon: number; ids: string[] }>();
  for (const alert of model.filter((a) => a.location && keep(a))) {
    const g = gridPointOf(alert.location!);
    if (g.lon < bbox[0] || g.lat < bbox[1] || g.lon > bbox[2] || g.lat > bbox[3]) continue;
    const key = `${Math.floor(g.lat / cell + 1e-9)},${Math.floor(g.lon / cell + 1e-9)}`;
    const c = cells.get(key) ?? { n: 0, lat: 0, lon: 0, ids: [] };
    cells.set(key, { n: c.n + 1, lat: c.lat + g.lat, lon: c.lon + g.lon, ids: [...c.ids, alert.id] });
  }
  return [...cells.values()]
    .map((c) => ({ count: c.n, lat: Math.round((c.lat / c.n) * 1e4) / 1e4, lon: Math.round((c.lon / c.n) * 1e4) / 1e4, ...(c.n === 1 ? { alertId: c.ids[0] } : {}) }))
    .sort((x, y) => x.lat - y.lat || x.lon - y.lon);
}
const sorted = (clusters: NonNullable<AlertMap['clusters']>) => [...clusters].sort((x, y) => x.lat - y.lat || x.lon - y.lon);

describe('GET /api/alerts/map', () => {
  it('rolls counts up to the level asked: an alert in a zone counts for its province', async () => {
    const provinces = await map(coordinator, 'level=1');
    expect(countsOf(provinces)).toEqual({ [areas.p.code]: 7, [areas.q.code]: 2 });
    expect(provinces).toMatchObject({ outside: 1, smallCells: null });
    expect(provinces.areas.every((a) => !a.suppressed)).toBe(true);
    expect(provinces.areas.find((a) => a.code === areas.p.code)!.areaId).toBe(areas.p.id);
    expect(provinces.total).toBe(model.length);
    const zones = await map(coordinator, 'level=2');
    expect(countsOf(zones)).toEqual({ [areas.p1.code]: 4, [areas.p2.code]: 2, [areas.q1.code]: 2 });
    // Outside every zone: the alert placed at the province only, and the one not located.
    expect(zones.outside).toBe(2);
    const open = await map(coordinator, `level=1&state=new&areaId=${areas.p.id}`);
    expect(countsOf(open)).toEqual({ [areas.p.code]: 4 });
    expect(open.total).toBe(4);
  });

  it('clusters the grid points of the bbox by cell, counts summing to the filtered alerts in it', async () => {
    const bbox: [number, number, number, number] = [28, -3, 30, 0];
    const body = await map(coordinator, `bbox=${bbox.join(',')}&zoom=8`);
    expect(body.gridDegrees).toBe(360 / 256 / 4);
    expect(sorted(body.clusters!)).toEqual(expectedClusters(() => true, bbox, body.gridDegrees!));
    for (const c of body.clusters!) {
      expect(c.lon >= bbox[0] && c.lat >= bbox[1] && c.lon <= bbox[2] && c.lat <= bbox[3]).toBe(true);
    }
    // Closest zoom: the 0.01 grid itself; the three nearby alerts share one point, the fourth is a cell away.
    const near: [number, number, number, number] = [29, -1.3, 29.2, -1.2];
    const close = await map(coordinator, `bbox=${near.join(',')}&zoom=18&state=new`);
    expect(close.gridDegrees).toBe(0.01);
    expect(sorted(close.clusters!)).toEqual(expectedClusters((a) => a.state === 'new', near, 0.01));
    // The same box at zoom 18 but wider: cells grow until the box holds at most 2,000.
    const wide = await map(coordinator, `bbox=${bbox.join(',')}&zoom=18`);
    expect(wide.gridDegrees).toBe(0.08);
    expect(sorted(wide.clusters!)).toEqual(expectedClusters(() => true, bbox, 0.08));
    expect(close.clusters!.find((c) => c.lat === -1.23 && c.lon === 29.11)).toEqual({ lat: -1.23, lon: 29.11, count: 2 });
    const single = close.clusters!.find((c) => c.lat === -1.24);
    expect(single).toEqual({ lat: -1.24, lon: 29.11, count: 1, alertId: model[9]!.id });
    // The whole world without a zoom: the finest cell that keeps the answer bounded.
    const world = await map(coordinator, 'level=1');
    expect(world.clusters!.reduce((n, c) => n + c.count, 0)).toBe(model.filter((a) => a.location).length);
    expect(world.clusters!.length).toBeLessThanOrEqual(2_000);
  });

  it('gives analysts area counts only: no clusters, no alert ids, no grid, small counts withheld', async () => {
    const body = await map(analyst, 'level=2&bbox=28,-3,30,0&zoom=18');
    expect(body).toMatchObject({ clusters: null, gridDegrees: null, smallCells: { threshold: 11 } });
    // AGG-2: every count here is below 11, the total too: all withheld, the same areas listed.
    expect(body.total).toBeNull();
    expect(body.outside).toBeNull();
    expect(body.areas.map((a) => a.code)).toEqual(Object.keys(countsOf(await map(coordinator, 'level=2'))).sort());
    for (const area of body.areas) expect(area).toMatchObject({ count: null, suppressed: true });
    const text = JSON.stringify(body);
    for (const alert of model) expect(text).not.toContain(alert.id);
    expect(text).not.toContain('29.11');
    expectError(await get(worker, '/api/alerts/map'), 404);
  });

  it('never counts another organisation’s alerts', async () => {
    const body = await map(coordinator, 'level=2&zoom=18');
    expect(body.total).toBe(model.length);
    for (const id of foreignIds) expect(JSON.stringify(body)).not.toContain(id);
    expect(body.clusters!.reduce((n, c) => n + c.count, 0)).toBe(model.filter((a) => a.location).length);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['bbox=28,-3,30', 'query.bbox'],
      ['bbox=30,-3,28,0', 'query.bbox'],
      ['bbox=28,-3,30,95', 'query.bbox'],
      ['bbox=a,b,c,d', 'query.bbox'],
      ['zoom=19', 'query.zoom'],
      ['zoom=2.5', 'query.zoom'],
      ['level=3', 'query.level'],
      ['state=lost', 'query.state'],
      [`areaId=${crypto.randomUUID()}`, 'query.areaId'],
      ['cursor=abc', 'query'],
    ];
    for (const [query, field] of cases) expectError(await get(coordinator, `/api/alerts/map?${query}`), 400, { field });
  });
});

describe('grid at intake', () => {
  it('keeps a plain copy of the point rounded to 0.01 degree, none without a point', async () => {
    const withPoint = await buildViewAlert(t, { organisationId: orgA, location: { lat: -1.23456, lon: 29.11789 } });
    const without = await buildViewAlert(t, { organisationId: orgA, location: null });
    const rows = await t.ownerDb.selectFrom('alerts').select(['id', 'grid_lat', 'grid_lon']).where('id', 'in', [withPoint, without]).execute();
    expect(rows.find((r) => r.id === withPoint)).toMatchObject({ grid_lat: -1.23, grid_lon: 29.12 });
    expect(rows.find((r) => r.id === without)).toMatchObject({ grid_lat: null, grid_lon: null });
  });
});
