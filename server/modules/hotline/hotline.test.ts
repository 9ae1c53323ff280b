/** Hotline intake through HTTP (issue 3 part 8): the call log and its conversions. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSummary } from '../../../core/schemas/hotline';
import { auditRows, countRows, expectDeniedAudit, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { buildCaseSurvivor } from '../../test/factories-cases';
import { buildService } from '../../test/factories-referrals';
import type { TestApp } from '../../test/runtime';
import type { Executor } from '../../db/database';
import { inSystemScope } from '../../db/scope';
import { createTestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let orgB: string;
let operator: SignedInUser;
let worker: SignedInUser;
let analyst: SignedInUser;
let admin: SignedInUser;
let operatorB: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  operator = await signInNew(t.app, t.ctx, 'hotline_operator', orgA);
  worker = await signInNew(t.app, t.ctx, 'case_worker', orgA);
  analyst = await signInNew(t.app, t.ctx, 'analyst', orgA);
  admin = await signInNew(t.app, t.ctx, 'admin', orgA);
  operatorB = await signInNew(t.app, t.ctx, 'hotline_operator', orgB);
}, 60_000);
afterAll(async () => t?.close());

/** AUTHZ-2: the case tables answer only inside a scope; the tests read them as the system. */
const asSystem = <T>(work: (db: Executor) => Promise<T>) => inSystemScope(t.ownerDb, work);
const count = (tables: Parameters<typeof countRows>[1]) => asSystem((db) => countRows({ ...t.ctx, db: db as typeof t.ownerDb }, tables));

const inject = (user: SignedInUser | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, ...(user ? { headers: user.headers } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });

const callBody = (overrides: Record<string, unknown> = {}) => ({
  receivedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
  durationMinutes: 12,
  callerKind: 'survivor',
  language: 'fr',
  topics: ['sexual_violence', 'medical_care'],
  isUrgent: true,
  summary: `CANARY-summary-${randomUUID().slice(0, 8)}`,
  ...overrides,
});

async function logCall(as: SignedInUser = operator, overrides: Record<string, unknown> = {}) {
  const body = callBody(overrides);
  const res = await inject(as, 'POST', '/api/hotline/calls', body);
  expect(res.statusCode, res.body).toBe(201);
  return { call: res.json() as CallSummary, summary: body.summary as string };
}

const rapeIncident = () => ({
  incidentTime: { precision: 'exact', at: new Date(Date.now() - 6 * 3_600_000).toISOString() },
  classificationAnswers: { penetration: 'yes' },
  acts: ['rape'],
});

describe('POST /api/hotline/calls', () => {
  it('answers 401 without a session and 404 to roles without intake', async () => {
    expectError(await inject(null, 'POST', '/api/hotline/calls', callBody()), 401);
    for (const user of [analyst, admin]) {
      const res = await inject(user, 'POST', '/api/hotline/calls', callBody());
      expectError(res, 404, { code: 'hotline_call.not_found' });
      await expectDeniedAudit(t.ctx, res);
    }
  });

  it('400 naming the field for bad input, nothing written', async () => {
    const before = await count(['hotline_calls', 'data_keys']);
    expectError(await inject(operator, 'POST', '/api/hotline/calls', callBody({ callerKind: 'neighbour' })), 400, { field: 'body.callerKind' });
    expectError(await inject(operator, 'POST', '/api/hotline/calls', callBody({ topics: ['other', 'other'] })), 400, { field: 'body.topics' });
    expectError(await inject(operator, 'POST', '/api/hotline/calls', callBody({ durationMinutes: -1 })), 400, { field: 'body.durationMinutes' });
    expectError(await inject(operator, 'POST', '/api/hotline/calls', callBody({ language: 'not a language' })), 400, { field: 'body.language' });
    expectError(await inject(operator, 'POST', '/api/hotline/calls', callBody({ callerName: 'x' })), 400);
    expectError(await inject(operator, 'POST', '/api/hotline/calls', callBody({ receivedAt: new Date(Date.now() + 86_400_000).toISOString() })), 400, { field: 'receivedAt' });
    expectError(await inject(operator, 'POST', '/api/hotline/calls', callBody({ areaId: randomUUID() })), 400, { field: 'areaId' });
    expect(await count(['hotline_calls', 'data_keys'])).toEqual(before);
  });

  it('logs a call with a code and a key of its own; REL-2: a replay returns the same call', async () => {
    const key = `call-${randomUUID()}`;
    const { call } = await logCall(operator, { idempotencyKey: key });
    expect(call).toMatchObject({ outcome: 'pending', callerKind: 'survivor', isUrgent: true, operatorId: operator.id, organisationId: orgA });
    expect(call.code).toMatch(/^CALL-\d{4}-\d{5}$/);
    expect(call).not.toHaveProperty('summary');
    const again = await logCall(operator, { idempotencyKey: key });
    expect(again.call.id).toBe(call.id);
    const row = await asSystem((db) => db.selectFrom('hotline_calls').select(['summary_key_id']).where('id', '=', call.id).executeTakeFirstOrThrow());
    expect(row.summary_key_id).not.toBeNull();
    expect(await auditRows(t.ctx, { action: 'hotline_call.create', resourceId: call.id })).toHaveLength(1);
  });
});

describe('GET /api/hotline/calls and /:id', () => {
  it('lists the organisation’s calls without summaries, pages and filters them', async () => {
    const org = (await buildOrganisation(t.ctx)).id;
    const op = await signInNew(t.app, t.ctx, 'hotline_operator', org);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await logCall(op, { receivedAt: new Date(Date.now() - (i + 1) * 60_000).toISOString(), isUrgent: i === 0 })).call.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await inject(op, 'GET', `/api/hotline/calls?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain('CANARY');
      const body = res.json() as { data: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...body.data.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect((await inject(op, 'GET', '/api/hotline/calls?urgent=true')).json().data.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    expectError(await inject(op, 'GET', '/api/hotline/calls?outcome=maybe'), 400, { field: 'query.outcome' });
    expectError(await inject(op, 'GET', '/api/hotline/calls?cursor=zzz'), 400, { field: 'query.cursor' });
    expect((await inject(operatorB, 'GET', '/api/hotline/calls')).json().data.some((c: { id: string }) => ids.includes(c.id))).toBe(false);
    expectError(await inject(analyst, 'GET', '/api/hotline/calls'), 404);
  });

  it('reads one call with its summary (audited); 404 to other organisations and roles', async () => {
    const { call, summary } = await logCall();
    const res = await inject(operator, 'GET', `/api/hotline/calls/${call.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({ id: call.id, summary, summaryErased: false });
    expect(await auditRows(t.ctx, { action: 'hotline_call.read', resourceId: call.id })).toHaveLength(1);
    expect((await inject(worker, 'GET', `/api/hotline/calls/${call.id}`)).statusCode).toBe(200);
    for (const user of [operatorB, analyst, admin]) expectError(await inject(user, 'GET', `/api/hotline/calls/${call.id}`), 404);
    expectError(await inject(operator, 'GET', `/api/hotline/calls/${randomUUID()}`), 404);
  });

  it('STO-3: a destroyed call key reads as erased, never a 500', async () => {
    const { call } = await logCall();
    const row = await asSystem((db) => db.selectFrom('hotline_calls').select('summary_key_id').where('id', '=', call.id).executeTakeFirstOrThrow());
    await t.ctx.cipher.destroyKey(t.ctx.db, row.summary_key_id!);
    const res = await inject(operator, 'GET', `/api/hotline/calls/${call.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ summary: null, summaryErased: true });
  });
});

describe('outcomes', () => {
  it('records information given once; a call with an outcome cannot become something else (422)', async () => {
    const { call } = await logCall();
    const url = `/api/hotline/calls/${call.id}/outcome`;
    expectError(await inject(operator, 'POST', url, { outcome: 'incident' }), 400, { field: 'body.outcome' });
    expect((await inject(operator, 'POST', url, { outcome: 'none' })).json().outcome).toBe('none');
    expect((await inject(operator, 'POST', url, { outcome: 'none' })).json().outcome).toBe('none');
    const res = await inject(operator, 'POST', `/api/hotline/calls/${call.id}/incident`, { newSurvivor: {}, incident: rapeIncident() });
    expectError(res, 422, { code: 'hotline.to_incident_not_allowed', field: 'outcome' });
    expectError(await inject(operatorB, 'POST', url, { outcome: 'none' }), 404);
  });
});

describe('POST /api/hotline/calls/:id/incident', () => {
  it('registers a survivor with minimum data, records the verbal consent, creates the incident (source hotline)', async () => {
    const { call } = await logCall(worker);
    const url = `/api/hotline/calls/${call.id}/incident`;
    const body = { newSurvivor: { sex: 'female', ageAtRegistration: 24 }, consent: { purposes: ['services'] }, incident: rapeIncident() };
    const res = await inject(worker, 'POST', url, body);
    expect(res.statusCode, res.body).toBe(200);
    const converted = res.json() as CallSummary;
    expect(converted).toMatchObject({ outcome: 'incident' });
    expect(converted.survivorId).not.toBeNull();
    const incident = await asSystem((db) => db.selectFrom('incidents').select(['source', 'survivor_id', 'gbv_type']).where('id', '=', converted.incidentId!).executeTakeFirstOrThrow());
    expect(incident).toMatchObject({ source: 'hotline', survivor_id: converted.survivorId, gbv_type: 'rape' });
    const survivor = await asSystem((db) => db.selectFrom('survivors').select(['name_sealed', 'contact_sealed']).where('id', '=', converted.survivorId!).executeTakeFirstOrThrow());
    expect(survivor).toEqual({ name_sealed: null, contact_sealed: null });
    const consents = await asSystem((db) => db.selectFrom('consents').select(['purpose', 'method']).where('survivor_id', '=', converted.survivorId!).execute());
    expect(consents).toEqual([{ purpose: 'services', method: 'verbal' }]);
    // A repeat answers the same conversion and writes nothing more.
    const before = await count(['survivors', 'incidents', 'consents']);
    expect((await inject(worker, 'POST', url, body)).json().incidentId).toBe(converted.incidentId);
    expect(await count(['survivors', 'incidents', 'consents'])).toEqual(before);
    // The consent recorded on the phone lets a case be opened.
    const opened = await inject(worker, 'POST', '/api/cases', { survivorId: converted.survivorId, incidentIds: [converted.incidentId] });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(await auditRows(t.ctx, { action: 'hotline_call.to_incident', resourceId: call.id })).toHaveLength(1);
  });

  it('a hotline operator turns a call into an incident of a survivor the organisation already holds', async () => {
    const built = await buildCaseSurvivor(t.ctx, orgA, worker.id);
    const { call } = await logCall(operator);
    const res = await inject(operator, 'POST', `/api/hotline/calls/${call.id}/incident`, { survivorId: built.survivor.id, incident: rapeIncident() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'incident', survivorId: built.survivor.id });
  });

  it('refuses bad input (400) and another organisation’s survivor (404), writing nothing', async () => {
    const { call } = await logCall(operator);
    const url = `/api/hotline/calls/${call.id}/incident`;
    const before = await count(['survivors', 'incidents', 'consents', 'data_keys']);
    expectError(await inject(operator, 'POST', url, { newSurvivor: {}, incident: { acts: ['rape'] } }), 400, { field: 'body.incident.incidentTime' });
    expectError(await inject(operator, 'POST', url, { newSurvivor: {}, survivorId: randomUUID(), incident: rapeIncident() }), 400, { field: 'survivorId' });
    const future = { ...rapeIncident(), incidentTime: { precision: 'exact', at: new Date(Date.now() + 86_400_000).toISOString() } };
    expect((await inject(operator, 'POST', url, { newSurvivor: {}, incident: future })).statusCode).toBe(400);
    const builtB = await buildCaseSurvivor(t.ctx, orgB);
    const counted = await count(['survivors', 'incidents', 'consents', 'data_keys']);
    expectError(await inject(operator, 'POST', url, { survivorId: builtB.survivor.id, incident: rapeIncident() }), 404);
    expect(await count(['survivors', 'incidents', 'consents', 'data_keys'])).toEqual(counted);
    expect(before.incidents).toBe(counted.incidents);
    expect((await inject(operator, 'GET', `/api/hotline/calls/${call.id}`)).json().outcome).toBe('pending');
    expectError(await inject(operatorB, 'POST', url, { newSurvivor: {}, incident: rapeIncident() }), 404);
  });
});

describe('POST /api/hotline/calls/:id/referral', () => {
  it('CON-2: without consent for the recipient, 422 and nothing written; with it, a referral (end to end)', async () => {
    const serviceB = await buildService(t.ctx, orgB);
    const { call } = await logCall(worker);
    const url = `/api/hotline/calls/${call.id}/referral`;
    const before = await count(['survivors', 'consents', 'referrals']);
    expectError(await inject(worker, 'POST', url, { newSurvivor: {}, serviceId: serviceB.id }), 422, { code: 'referral.consent_required' });
    expect(await count(['survivors', 'consents', 'referrals'])).toEqual(before);
    expectError(await inject(worker, 'POST', url, { newSurvivor: {}, serviceId: randomUUID(), consent: {} }), 400, { field: 'serviceId' });
    expectError(await inject(worker, 'POST', url, { newSurvivor: {}, serviceId: serviceB.id, consent: {} }), 400, { code: 'hotline.age_required', field: 'newSurvivor.ageAtRegistration' });
    expect(await count(['survivors', 'consents', 'referrals'])).toEqual(before);

    const res = await inject(worker, 'POST', url, { newSurvivor: { sex: 'female', ageAtRegistration: 30 }, serviceId: serviceB.id, consent: { givenBy: 'survivor' } });
    expect(res.statusCode, res.body).toBe(200);
    const converted = res.json() as CallSummary;
    expect(converted.outcome).toBe('referral');
    const referral = await asSystem((db) => db.selectFrom('referrals').select(['recipient_organisation_id', 'survivor_id', 'urgent', 'consent_id']).where('id', '=', converted.referralId!).executeTakeFirstOrThrow());
    expect(referral).toMatchObject({ recipient_organisation_id: orgB, survivor_id: converted.survivorId, urgent: true });
    expect(referral.consent_id).not.toBeNull();
    expect((await inject(worker, 'POST', url, { newSurvivor: {}, serviceId: serviceB.id })).json().referralId).toBe(converted.referralId);
    expect(await auditRows(t.ctx, { action: 'hotline_call.to_referral', resourceId: call.id })).toHaveLength(1);
  });

  it('refers a call already turned into an incident, carrying that incident', async () => {
    const serviceB = await buildService(t.ctx, orgB);
    const { call } = await logCall(worker);
    const first = (await inject(worker, 'POST', `/api/hotline/calls/${call.id}/incident`, { newSurvivor: { ageAtRegistration: 19 }, incident: rapeIncident() })).json() as CallSummary;
    const res = await inject(worker, 'POST', `/api/hotline/calls/${call.id}/referral`, { serviceId: serviceB.id, consent: {}, sections: ['incident_summary'] });
    expect(res.statusCode, res.body).toBe(200);
    const converted = res.json() as CallSummary;
    expect(converted).toMatchObject({ outcome: 'referral', incidentId: first.incidentId, survivorId: first.survivorId });
    const referral = await asSystem((db) => db.selectFrom('referrals').select(['incident_id']).where('id', '=', converted.referralId!).executeTakeFirstOrThrow());
    expect(referral.incident_id).toBe(first.incidentId);
  });
});

describe('roles', () => {
  it('an operator records the caller\'s verbal consent with the incident; referrals are case work (403, nothing written)', async () => {
    const serviceB = await buildService(t.ctx, orgB);
    const { call } = await logCall(operator);
    const before = await count(['survivors', 'consents', 'incidents', 'referrals']);
    expectError(await inject(operator, 'POST', `/api/hotline/calls/${call.id}/referral`, { newSurvivor: { ageAtRegistration: 20 }, serviceId: serviceB.id, consent: {} }), 403, { code: 'hotline.referral_needs_case_work' });
    expect(await count(['survivors', 'consents', 'incidents', 'referrals'])).toEqual(before);
    const withConsent = { newSurvivor: { ageAtRegistration: 20 }, consent: { purposes: ['services'] }, incident: rapeIncident() };
    const res = await inject(operator, 'POST', `/api/hotline/calls/${call.id}/incident`, withConsent);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().outcome).toBe('incident');
    const after = await count(['survivors', 'consents', 'incidents', 'referrals']);
    expect(after).toEqual({ ...before, survivors: before.survivors! + 1, consents: before.consents! + 1, incidents: before.incidents! + 1 });
  });
});

describe('canaries (STO-1, AUD-1, MIN-2)', () => {
  it('never stores or audits a summary in clear, never lists it, never answers it to others', async () => {
    const { call, summary } = await logCall();
    await inject(operator, 'GET', `/api/hotline/calls/${call.id}`);
    for (const table of ['hotline_calls', 'audit_log'] as const) {
      const { rows } = await asSystem((db) => sql<{ j: string }>`select row_to_json(x)::text as j from ${sql.table(table)} x`.execute(db));
      expect(rows.map((r) => r.j).join('\n')).not.toContain(summary);
    }
    expect((await inject(operator, 'GET', '/api/hotline/calls?limit=200')).body).not.toContain(summary);
    for (const user of [operatorB, analyst, admin]) expect((await inject(user, 'GET', `/api/hotline/calls/${call.id}`)).body).not.toContain(summary);
  });
});
