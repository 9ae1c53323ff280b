import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaFeature, collection, square, twoSquaresTopology } from '../../../core/places/test-shapes';
import { buildOrganisation, signedInUser, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let admin: SignedInUser;
let viewer: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  const operator = await buildOrganisation(t.ctx, { isPlatformOperator: true });
  admin = await signedInUser(t.app, t.ctx, 'admin', operator.id);
  viewer = await signedInUser(t.app, t.ctx, 'viewer');
});
afterAll(async () => t?.close());

const provinces = collection(
  areaFeature({ code: 'P1', label: 'Province One' }, [square(20, -4, 2)]),
  areaFeature({ code: 'P2', label: 'Province Two' }, [square(22, -4, 2)]),
);
const provinceBody = (dryRun: boolean, data: unknown = provinces) => ({
  format: 'geojson',
  data,
  mapping: { codeProperty: 'code', nameProperty: 'label', level: 1, levelName: 'province' },
  dryRun,
  source: 'synthetic provinces',
  attribution: 'Fictional Survey Office',
});
const zonesBody = (dryRun: boolean) => {
  const topology = twoSquaresTopology();
  topology.objects.zones.geometries.forEach((g) => Object.assign(g.properties, { province: 'P1' }));
  return {
    format: 'topojson',
    data: topology,
    mapping: { codeProperty: 'pcode', nameProperty: 'name', parentCodeProperty: 'province', level: 2, levelName: 'health zone' },
    simplify: { tolerance: 0.001, decimals: 5 },
    dryRun,
    attribution: 'Fictional Health Ministry',
  };
};

const importAs = (user: SignedInUser | null, payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/areas/import', ...(user ? { headers: user.headers } : {}), payload: payload as object });

async function countImportAudits() {
  const rows = await t.ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'area.import').orderBy('id').execute();
  return rows;
}

describe('places routes', () => {
  it('answers 401 to anonymous callers', async () => {
    for (const url of ['/api/areas', '/api/areas/geojson?level=1', '/api/areas/P1']) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
    expect((await importAs(null, provinceBody(true))).statusCode).toBe(401);
  });

  it('lets only the platform operator’s administrators import', async () => {
    expect((await importAs(viewer, provinceBody(true))).statusCode).toBe(403);
    const otherAdmin = await signedInUser(t.app, t.ctx, 'admin');
    const res = await importAs(otherAdmin, provinceBody(true));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('area.import_forbidden');
  });

  it('names the field of bad input', async () => {
    const noMapping = await importAs(admin, { format: 'geojson', data: provinces, dryRun: true });
    expect(noMapping.statusCode).toBe(400);
    expect(noMapping.json().error.field).toBe('body.mapping');
    const badLevel = await importAs(admin, { ...provinceBody(true), mapping: { ...provinceBody(true).mapping, level: 12 } });
    expect(badLevel.json().error.field).toBe('body.mapping.level');
    const notTopology = await importAs(admin, { ...provinceBody(true), format: 'topojson' });
    expect(notTopology.statusCode).toBe(400);
    expect(notTopology.json().error).toMatchObject({ code: 'area.format', field: 'data.type' });
    const badQuery = await t.app.inject({ method: 'GET', url: '/api/areas/geojson?level=x', headers: viewer.headers });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.field).toBe('query.level');
  });

  it('writes nothing on a dry run, nor on a real import with a bad feature', async () => {
    const dry = await importAs(admin, provinceBody(true));
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, written: false, total: 2, valid: 2, created: 2, updated: 0, errors: [] });
    const flawed = collection(...provinces.features, areaFeature({ code: 'P3' }, [square(0, 0).slice(0, 4)]));
    const refused = await importAs(admin, provinceBody(false, flawed));
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ dryRun: false, written: false, total: 3, valid: 2 });
    expect(refused.json().errors).toEqual([
      { index: 2, code: 'P3', field: 'properties.label', message: '(the name) is missing' },
      { index: 2, code: 'P3', field: 'geometry.coordinates[0]', message: 'is not closed: its first and last positions differ' },
    ]);
    const list = await t.app.inject({ method: 'GET', url: '/api/areas', headers: viewer.headers });
    expect(list.json().data).toEqual([]);
    expect(await countImportAudits()).toEqual([]);
  });

  it('refuses children whose parent is not there yet', async () => {
    const res = await importAs(admin, zonesBody(true));
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['parentCode', 'parentCode']);
  });

  it('imports provinces then zones, lists them and serves the GeoJSON with an ETag', async () => {
    const first = await importAs(admin, provinceBody(false));
    expect(first.json()).toMatchObject({ written: true, created: 2, updated: 0 });
    const zones = await importAs(admin, zonesBody(false));
    expect(zones.json()).toMatchObject({ written: true, created: 2, updated: 0, errors: [] });

    const all = await t.app.inject({ method: 'GET', url: '/api/areas', headers: viewer.headers });
    expect(all.json().data.map((a: { code: string }) => a.code)).toEqual(['P1', 'P2', 'E1', 'W1']);
    expect(all.json().attribution).toBe('Fictional Health Ministry; Fictional Survey Office');
    const children = await t.app.inject({ method: 'GET', url: '/api/areas?level=2&parent=P1', headers: viewer.headers });
    expect(children.json().data[0]).toEqual({
      id: expect.any(String), code: 'E1', level: 2, levelName: 'health zone', parentCode: 'P1',
      names: { und: 'East' }, bbox: [21, -4, 22, -3], centroid: [21.5, -3.5],
    });
    const one = await t.app.inject({ method: 'GET', url: '/api/areas/P2', headers: viewer.headers });
    expect(one.json()).toMatchObject({ code: 'P2', parentCode: null, names: { und: 'Province Two' }, attribution: 'Fictional Survey Office', source: 'synthetic provinces' });
    expect((await t.app.inject({ method: 'GET', url: '/api/areas/NOPE', headers: viewer.headers })).statusCode).toBe(404);

    const geo = await t.app.inject({ method: 'GET', url: '/api/areas/geojson?level=2', headers: viewer.headers });
    expect(geo.statusCode).toBe(200);
    expect(geo.headers['cache-control']).toBe('private, max-age=300');
    const fc = geo.json();
    expect(fc.attribution).toBe('Fictional Health Ministry');
    expect(fc.features.map((f: { properties: unknown }) => f.properties)).toEqual([
      { code: 'E1', level: 2, names: { und: 'East' }, parentCode: 'P1' },
      { code: 'W1', level: 2, names: { und: 'West' }, parentCode: 'P1' },
    ]);
    expect(fc.features[0].geometry.type).toBe('Polygon');
    const etag = String(geo.headers.etag);
    const again = await t.app.inject({ method: 'GET', url: '/api/areas/geojson?level=2', headers: { ...viewer.headers, 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    // A re-import updates in place and changes the version the ETag names.
    const second = await importAs(admin, zonesBody(false));
    expect(second.json()).toMatchObject({ written: true, created: 0, updated: 2 });
    const after = await t.app.inject({ method: 'GET', url: '/api/areas/geojson?level=2', headers: { ...viewer.headers, 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);

    const audits = await countImportAudits();
    expect(audits.map((a) => a.details)).toEqual([
      { level: 1, total: 2, created: 2, updated: 0, skipped: 0 },
      { level: 2, total: 2, created: 2, updated: 0, skipped: 0 },
      { level: 2, total: 2, created: 0, updated: 2, skipped: 0 },
    ]);
  });

  it('keeps a code at its level', async () => {
    const moved = collection(areaFeature({ code: 'W1', label: 'West as a province' }, [square(20, -4)]));
    const res = await importAs(admin, provinceBody(true, moved));
    expect(res.json().errors).toEqual([{ index: 0, code: 'W1', field: 'code', message: 'is already the code of a level 2 area; codes are unique across levels' }]);
  });

  it('accepts a boundary file above the app-wide 1 MB body limit', async () => {
    // One ring of 60,000 positions: about 1.6 MB of JSON.
    const ring: number[][] = [];
    for (let i = 0; i < 60_000; i++) ring.push([25 + Math.cos((i / 60_000) * 2 * Math.PI), -2 + Math.sin((i / 60_000) * 2 * Math.PI)]);
    ring.push(ring[0]!);
    const payload = { ...provinceBody(true, collection(areaFeature({ code: 'BIG', label: 'Big' }, [ring]))), simplify: { tolerance: 0.001, decimals: 4 } };
    expect(JSON.stringify(payload).length).toBeGreaterThan(1024 * 1024);
    const res = await importAs(admin, payload);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: 1, errors: [] });
    expect(res.json().geometryBytes.after).toBeLessThan(res.json().geometryBytes.before / 10);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining(['/api/areas', '/api/areas/geojson', '/api/areas/{code}', '/api/areas/import']));
  });

  it('merges names in another language into what is there', async () => {
    const res = await importAs(admin, { ...provinceBody(false), mapping: { ...provinceBody(false).mapping, nameLanguage: 'fr' } });
    expect(res.json()).toMatchObject({ written: true, updated: 2 });
    const one = await t.app.inject({ method: 'GET', url: '/api/areas/P1', headers: viewer.headers });
    expect(one.json().names).toEqual({ und: 'Province One', fr: 'Province One' });
  });
});
