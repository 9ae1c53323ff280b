/** The submission endpoint under random input: never a crash, never a 5xx, always the OpenRosa headers (REL-4). */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBody, alertInstance, observationXml } from '../../../core/alerts/openrosa/test-submissions';
import { buildOrganisation, signedInUser } from '../../test/factories';
import { BOUNDARY, mintToken, multipartBody, OPENROSA_HEADERS } from '../../test/factories-openrosa';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  const org = (await buildOrganisation(t.ctx)).id;
  token = (await mintToken(t.app, await signedInUser(t.app, t.ctx, 'admin', org))).token;
});
afterAll(async () => t?.close());

const value = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', 'abduction', 'looting other', '12', '-1 2', '2026-11-20T10:00:00Z', '&amp;', '<x/>', ']]>', '\u0000'));
const fieldName = fc.constantFrom('area_code', 'place_description', 'what_happened', 'people_at_risk', 'perpetrator_type', 'observed_at', 'details', 'location');
const instanceXml = fc
  .tuple(fc.dictionary(fieldName, fc.option(value)), fc.array(fc.tuple(value, value, value), { maxLength: 3 }), fc.constantFrom('weft_alert', 'other', ''), fc.uuid())
  .map(([overrides, obs, formId, id]) =>
    alertInstance({ formId, body: alertBody(overrides) + obs.map(([k, c, n]) => observationXml(k, c, n)).join(''), meta: `<meta><instanceID>uuid:${id}</instanceID></meta>` }),
  );
const partName = fc.constantFrom('xml_submission_file', 'photo.jpg', 'x', '');
const body = fc.oneof(
  fc.array(fc.record({ name: partName, data: fc.oneof(instanceXml, fc.string({ maxLength: 200 })) }), { maxLength: 4 }).map((parts) => multipartBody(parts.map((p) => ({ ...p, name: p.name || 'n' })))),
  fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
);
const contentType = fc.constantFrom(`multipart/form-data; boundary=${BOUNDARY}`, 'multipart/form-data', 'application/json', 'text/xml', 'application/octet-stream', `multipart/form-data; boundary="${BOUNDARY}"`);

describe('POST submission (property)', () => {
  it('answers 201, 400, 404 or 409 with an OpenRosaResponse, whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(body, contentType, async (payload, type) => {
        const res = await t.app.inject({ method: 'POST', url: `/api/openrosa/v1/key/${token}/submission`, headers: { ...OPENROSA_HEADERS, 'content-type': type }, payload });
        expect([201, 400, 404, 409], res.body).toContain(res.statusCode);
        expect(res.headers['x-openrosa-version']).toBe('1.0');
        expect(res.body).toContain('<OpenRosaResponse xmlns="http://openrosa.org/http/response"');
      }),
      { numRuns: 250 },
    );
  });
});
