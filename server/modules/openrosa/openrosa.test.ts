/** OpenRosa over HTTP, as ODK Collect and KoboCollect speak it (OPENROSA-NOTES.md). */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXml } from '../../../core/alerts';
import { alertBody, alertInstance, DEPRECATED_ID, INSTANCE_ID } from '../../../core/alerts/openrosa/test-submissions';
import { buildOrganisation, signedInUser, type SignedInUser } from '../../test/factories';
import { BOUNDARY, mintToken, multipartBody, OPENROSA_HEADERS, postSubmission, xmlPart } from '../../test/factories-openrosa';
import { createTestApp, type TestApp } from '../../test/runtime';
import { MAX_SUBMISSION_BYTES } from './routes';
import { ALERT_FORM_FILE } from './service';

let t: TestApp;
let orgA: string;
let orgB: string;
let adminA: SignedInUser;
let intakeA: { id: string; token: string };
let intakeB: { id: string; token: string };
let statisticsA: { id: string; token: string };

const uuid = () => `uuid:${crypto.randomUUID()}`;
const instance = (id = uuid(), body?: string) =>
  alertInstance({ meta: `<orx:meta><orx:instanceID>${id}</orx:instanceID></orx:meta>`, ...(body !== undefined ? { body } : {}) });
const basic = (token: string, user = 'focal') => ({ authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}` });

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  adminA = await signedInUser(t.app, t.ctx, 'admin', orgA);
  const adminB = await signedInUser(t.app, t.ctx, 'admin', orgB);
  intakeA = await mintToken(t.app, adminA);
  intakeB = await mintToken(t.app, adminB);
  statisticsA = await mintToken(t.app, adminA, 'statistics.read');
});
afterAll(async () => t?.close());

function expectOpenRosaHeaders(res: { headers: Record<string, unknown> }, xml = true) {
  expect(res.headers['x-openrosa-version']).toBe('1.0');
  expect(Number(res.headers['x-openrosa-accept-content-length'])).toBeGreaterThan(0);
  expect(res.headers['content-language']).toBe('en');
  expect(Number.isNaN(Date.parse(String(res.headers.date)))).toBe(false);
  expect(res.headers['cache-control']).toBe('no-store');
  if (xml) expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
}

function errorMessage(body: string): { nature: string | undefined; text: string } {
  const root = readXml(body);
  expect(root.name).toBe('OpenRosaResponse');
  const message = root.children[0]!;
  return { nature: message.attributes.get('nature'), text: message.text };
}

const alertsOf = (org: string, instanceId: string) =>
  t.ctx.db.selectFrom('alerts').selectAll().where('organisation_id', '=', org).where('provider_message_id', '=', instanceId).execute();

describe('formList, form and manifest', () => {
  it('lists the alert form with its md5 and a download URL under the same key', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/openrosa/v1/key/${intakeA.token}/formList`, headers: { ...OPENROSA_HEADERS, host: 'weft.example' } });
    expect(res.statusCode).toBe(200);
    expectOpenRosaHeaders(res);
    const root = readXml(res.body);
    expect(root.attributes.get('xmlns')).toBe('http://openrosa.org/xforms/xformsList');
    const fields = Object.fromEntries(root.children[0]!.children.map((c) => [c.name, c.text]));
    const md5 = createHash('md5').update(fs.readFileSync(ALERT_FORM_FILE)).digest('hex');
    expect(fields).toEqual({
      formID: 'weft_alert',
      name: 'Weft alert',
      version: '2026112202',
      hash: `md5:${md5}`,
      downloadUrl: `http://weft.example/api/openrosa/v1/key/${intakeA.token}/forms/weft_alert.xml`,
    });
    // The download URL answers the very bytes the hash is of.
    const form = await t.app.inject({ method: 'GET', url: new URL(fields.downloadUrl!).pathname, headers: OPENROSA_HEADERS });
    expect(form.statusCode).toBe(200);
    expectOpenRosaHeaders(form);
    expect(createHash('md5').update(form.rawPayload).digest('hex')).toBe(md5);
  });

  it('filters by formID', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/openrosa/v1/key/${intakeA.token}/formList?formID=other`, headers: OPENROSA_HEADERS });
    expect(res.statusCode).toBe(200);
    expect(readXml(res.body).children).toHaveLength(0);
  });

  it('answers Basic and bearer credentials on the plain URL, with download URLs without a key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openrosa/formList', headers: { ...OPENROSA_HEADERS, ...basic(intakeA.token), host: 'w.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<downloadUrl>http://w.example/api/openrosa/forms/weft_alert.xml</downloadUrl>');
    const bearer = await t.app.inject({ method: 'GET', url: '/api/openrosa/forms/weft_alert.xml', headers: { ...OPENROSA_HEADERS, authorization: `Bearer ${intakeA.token}` } });
    expect(bearer.statusCode).toBe(200);
    expect(bearer.body).toContain('<translation lang="French (fr)">');
  });

  it('the manifest is empty; unknown forms are 404', async () => {
    const manifest = await t.app.inject({ method: 'GET', url: `/api/openrosa/v1/key/${intakeA.token}/forms/weft_alert/manifest`, headers: OPENROSA_HEADERS });
    expect(manifest.statusCode).toBe(200);
    expectOpenRosaHeaders(manifest);
    const root = readXml(manifest.body);
    expect(root.attributes.get('xmlns')).toBe('http://openrosa.org/xforms/xformsManifest');
    expect(root.children).toHaveLength(0);
    for (const url of ['forms/other.xml', 'forms/weft_alert', 'forms/other/manifest']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/openrosa/v1/key/${intakeA.token}/${url}`, headers: OPENROSA_HEADERS });
      expect(res.statusCode, url).toBe(404);
      expectOpenRosaHeaders(res);
      expect(errorMessage(res.body).nature).toBe('error');
    }
  });
});

describe('credentials and the version header', () => {
  const routes = [
    ['GET', 'formList'],
    ['GET', 'forms/weft_alert.xml'],
    ['GET', 'forms/weft_alert/manifest'],
    ['HEAD', 'submission'],
    ['POST', 'submission'],
  ] as const;

  it.each(routes)('%s %s: no credentials → 401 with a Basic challenge', async (method, path) => {
    const res = await t.app.inject({ method, url: `/api/openrosa/${path}`, headers: OPENROSA_HEADERS });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="Weft OpenRosa", charset="UTF-8"');
    expectOpenRosaHeaders(res, method !== 'HEAD');
  });

  it.each(routes)('%s %s: a wrong password → 401; a wrong key → 403; a session is not a token → 401', async (method, path) => {
    const wrong = `weft_${crypto.randomUUID()}_${'A'.repeat(43)}`;
    expect((await t.app.inject({ method, url: `/api/openrosa/${path}`, headers: { ...OPENROSA_HEADERS, ...basic(wrong) } })).statusCode).toBe(401);
    expect((await t.app.inject({ method, url: `/api/openrosa/v1/key/${wrong}/${path}`, headers: OPENROSA_HEADERS })).statusCode).toBe(403);
    expect((await t.app.inject({ method, url: `/api/openrosa/v1/key/not-a-token/${path}`, headers: OPENROSA_HEADERS })).statusCode).toBe(403);
    expect((await t.app.inject({ method, url: `/api/openrosa/${path}`, headers: { ...OPENROSA_HEADERS, ...adminA.headers } })).statusCode).toBe(401);
  });

  it.each(routes)('%s %s: a token of another purpose → 403', async (method, path) => {
    const res = await t.app.inject({ method, url: `/api/openrosa/v1/key/${statisticsA.token}/${path}`, headers: OPENROSA_HEADERS });
    expect(res.statusCode).toBe(403);
    expectOpenRosaHeaders(res, method !== 'HEAD');
  });

  it.each(routes)('%s %s: without X-OpenRosa-Version: 1.0 → 400 (XML to OpenRosa clients, JSON to others)', async (method, path) => {
    const url = `/api/openrosa/v1/key/${intakeA.token}/${path}`;
    const wrong = await t.app.inject({ method, url, headers: { 'x-openrosa-version': '2.0' } });
    expect(wrong.statusCode).toBe(400);
    expectOpenRosaHeaders(wrong, method !== 'HEAD');
    if (method !== 'HEAD') expect(errorMessage(wrong.body).text).toContain('X-OpenRosa-Version: 1.0');
    const missing = await t.app.inject({ method, url });
    expect(missing.statusCode).toBe(400);
    expectOpenRosaHeaders(missing, false);
    if (method !== 'HEAD') expect(missing.json()).toMatchObject({ error: { code: 'openrosa.version_header', field: 'X-OpenRosa-Version', requestId: expect.any(String) } });
  });

  it('a revoked token is refused at once', async () => {
    const token = await mintToken(t.app, adminA);
    const url = `/api/openrosa/v1/key/${token.token}/submission`;
    expect((await t.app.inject({ method: 'HEAD', url, headers: OPENROSA_HEADERS })).statusCode).toBe(204);
    const revoke = await t.app.inject({ method: 'POST', url: `/api/tokens/${token.id}/revoke`, headers: adminA.headers });
    expect(revoke.statusCode).toBeLessThan(300);
    expect((await t.app.inject({ method: 'HEAD', url, headers: OPENROSA_HEADERS })).statusCode).toBe(403);
  });

  it('refusals are audited as denials', async () => {
    await t.app.inject({ method: 'GET', url: `/api/openrosa/v1/key/${statisticsA.token}/formList`, headers: OPENROSA_HEADERS });
    const rows = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'http.denied').where('actor_token_id', '=', statisticsA.id).execute();
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('HEAD (and GET) submission', () => {
  it('answers 204 with the OpenRosa headers and no body', async () => {
    for (const res of [
      await t.app.inject({ method: 'HEAD', url: `/api/openrosa/v1/key/${intakeA.token}/submission?deviceID=collect%3A1`, headers: OPENROSA_HEADERS }),
      await t.app.inject({ method: 'GET', url: `/api/openrosa/v1/key/${intakeA.token}/submission`, headers: OPENROSA_HEADERS }),
      await t.app.inject({ method: 'HEAD', url: '/api/openrosa/submission', headers: { ...OPENROSA_HEADERS, ...basic(intakeA.token) } }),
    ]) {
      expect(res.statusCode).toBe(204);
      expectOpenRosaHeaders(res);
      expect(res.body).toBe('');
    }
  });
});

describe('POST submission', () => {
  it('stores a submission with repeats as one alert: 201 and Central’s body', async () => {
    const id = uuid();
    const res = await postSubmission(t.app, intakeA.token, [xmlPart(instance(id))]);
    expect(res.statusCode, res.body).toBe(201);
    expectOpenRosaHeaders(res);
    expect(res.body).toBe('<OpenRosaResponse xmlns="http://openrosa.org/http/response" items="0"><message nature="">full submission upload was successful!</message></OpenRosaResponse>');
    const [alert] = await alertsOf(orgA, id);
    expect(alert).toMatchObject({ channel: 'openrosa', channel_id: null, categories: ['abduction', 'looting'], people_at_risk: 12, perpetrator_type: 'non_state_armed_group', unknown_sender: true });
    expect(alert!.observed_at?.toISOString()).toBe('2026-11-20T12:30:00.000Z');
    const submission = await t.ctx.db.selectFrom('openrosa_submissions').selectAll().where('instance_id', '=', id).executeTakeFirstOrThrow();
    expect(submission).toMatchObject({ organisation_id: orgA, form_id: 'weft_alert', form_version: '2026112201', alert_id: alert!.id, token_id: intakeA.id });
    expect(submission.xml_sha256).toBe(createHash('sha256').update(instance(id)).digest('hex'));
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'openrosa.submission_received').where('resource_id', '=', submission.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain('armed men');
  });

  it('Basic credentials work too; the XML part may have any file name', async () => {
    const id = uuid();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/openrosa/submission',
      headers: { ...OPENROSA_HEADERS, ...basic(intakeA.token), 'content-type': `multipart/form-data; boundary="${BOUNDARY}"` },
      payload: multipartBody([{ name: 'xml_submission_file', filename: 'data.xml', data: instance(id) }]),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await alertsOf(orgA, id)).toHaveLength(1);
  });

  it('the same instance resent with the same XML: 201 again, one alert (REL-2)', async () => {
    const id = uuid();
    const xml = instance(id);
    const [first, second] = await Promise.all([postSubmission(t.app, intakeA.token, [xmlPart(xml)]), postSubmission(t.app, intakeA.token, [xmlPart(xml)])]);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const third = await postSubmission(t.app, intakeA.token, [xmlPart(xml)]);
    expect(third.statusCode).toBe(201);
    expect(third.body).toContain('full submission upload was successful!');
    expect(await alertsOf(orgA, id)).toHaveLength(1);
    expect(await t.ctx.db.selectFrom('openrosa_submissions').select('id').where('instance_id', '=', id).execute()).toHaveLength(1);
  });

  it('the same instanceID with other XML: 409, nothing changed', async () => {
    const id = uuid();
    expect((await postSubmission(t.app, intakeA.token, [xmlPart(instance(id))])).statusCode).toBe(201);
    const other = instance(id, alertBody({ people_at_risk: '13' }));
    const res = await postSubmission(t.app, intakeA.token, [xmlPart(other)]);
    expect(res.statusCode).toBe(409);
    expectOpenRosaHeaders(res);
    expect(errorMessage(res.body)).toMatchObject({ nature: 'error', text: expect.stringContaining(id) });
    const alerts = await alertsOf(orgA, id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.people_at_risk).toBe(12);
  });

  it('one instanceID in two organisations is two alerts', async () => {
    const id = uuid();
    expect((await postSubmission(t.app, intakeA.token, [xmlPart(instance(id))])).statusCode).toBe(201);
    expect((await postSubmission(t.app, intakeB.token, [xmlPart(instance(id, alertBody({ details: null })))])).statusCode).toBe(201);
    expect(await alertsOf(orgA, id)).toHaveLength(1);
    expect(await alertsOf(orgB, id)).toHaveLength(1);
  });

  it.each([
    ['no xml_submission_file', () => [{ name: 'other', data: 'x' }], 400, 'Required multipart POST field xml_submission_file missing.'],
    ['two xml_submission_file parts', () => [xmlPart(instance()), xmlPart(instance())], 400, 'one xml_submission_file'],
    ['XML that is not well-formed (Central would store it)', () => [xmlPart('<data id="simple"><unclosed>')], 400, 'line'],
    ['no form id', () => [xmlPart(`<data><meta><instanceID>${INSTANCE_ID}</instanceID></meta></data>`)], 400, 'id attribute'],
    ['no instanceID', () => [xmlPart('<weft_alert id="weft_alert"><what_happened>looting</what_happened></weft_alert>')], 400, 'instanceID'],
    ['a field out of its list', () => [xmlPart(instance(uuid(), alertBody({ what_happened: 'picnic' })))], 400, 'picnic'],
    ['a DOCTYPE (XXE)', () => [xmlPart(`<!DOCTYPE a SYSTEM "file:///etc/passwd">${instance()}`)], 400, ''],
    ['another form', () => [xmlPart(alertInstance({ formId: 'household_survey', meta: `<meta><instanceID>${uuid()}</instanceID></meta>` }))], 404, 'household_survey'],
    ['an edit (deprecatedID)', () => [xmlPart(alertInstance({ meta: `<meta><instanceID>${uuid()}</instanceID><deprecatedID>${DEPRECATED_ID}</deprecatedID></meta>` }))], 409, 'deprecatedID'],
  ] as const)('%s → %i', async (_what, parts, status, text) => {
    const before = await t.ctx.db.selectFrom('alerts').select('id').execute();
    const res = await postSubmission(t.app, intakeA.token, parts());
    expect(res.statusCode, res.body).toBe(status);
    expectOpenRosaHeaders(res);
    const message = errorMessage(res.body);
    expect(message.nature).toBe('error');
    expect(message.text).toContain(text);
    expect(await t.ctx.db.selectFrom('alerts').select('id').execute()).toHaveLength(before.length);
  });

  it('a body that is not multipart, or broken multipart, is a 400', async () => {
    const url = `/api/openrosa/v1/key/${intakeA.token}/submission`;
    const cases: Array<[string, string | Buffer]> = [
      ['application/json', '{"xml_submission_file":"x"}'],
      ['text/xml', instance()],
      ['multipart/form-data', 'x'],
      [`multipart/form-data; boundary=${BOUNDARY}`, 'no boundary here'],
      [`multipart/form-data; boundary=${BOUNDARY}`, `--${BOUNDARY}\r\nContent-Disposition: form-data; name="xml_submission_file"\r\n\r\n${instance()}`],
    ];
    for (const [type, payload] of cases) {
      const res = await t.app.inject({ method: 'POST', url, headers: { ...OPENROSA_HEADERS, 'content-type': type }, payload });
      expect(res.statusCode, `${type}: ${res.body}`).toBe(400);
      expectOpenRosaHeaders(res);
    }
    const empty = await t.app.inject({ method: 'POST', url, headers: OPENROSA_HEADERS });
    expect(empty.statusCode).toBe(400);
  });

  it('a body over the platform’s 1 MB JSON limit but under the submission limit is read (then judged)', async () => {
    const res = await postSubmission(t.app, intakeA.token, [xmlPart(instance()), { name: 'big.bin', data: Buffer.alloc(1_500_000, 0x41) }]);
    expect(res.statusCode).toBe(400);
    expect(errorMessage(res.body).text).toContain('big.bin');
  });

  it('a body over the limit is a 413 with the OpenRosa headers', async () => {
    const res = await postSubmission(t.app, intakeA.token, [xmlPart(instance()), { name: 'big.bin', data: Buffer.alloc(MAX_SUBMISSION_BYTES + 1, 0x41) }]);
    expect(res.statusCode).toBe(413);
    expectOpenRosaHeaders(res);
  });
});
