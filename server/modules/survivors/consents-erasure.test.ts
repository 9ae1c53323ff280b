import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentView } from '../../../core/schemas/consents';
import type { ErasureResult, SurvivorView } from '../../../core/schemas/survivors';
import type { Executor } from '../../db/database';
import { inOrganisationScope, inSystemScope } from '../../db/scope';
import type { Survivor } from '../../db/schema';
import { caseFollowUpsNote, casesPlan, hotlineCallsSummary, incidentsLocation, incidentsNarrative, referralsOutcomeNote, referralsShared } from '../../platform/crypto/columns';
import { auditRows, expectDeniedAudit, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { buildConsent, buildSurvivor, canaryIdentity } from '../../test/factories-survivors';
import { createTestApp, type TestApp } from '../../test/runtime';
import { listSurvivorConsents } from './consents';
import { countNarrativeEntry, findSurvivorById, openSurvivorIdentity } from './service';

let t: TestApp;
let orgA: string;
let orgB: string;
let workerA: SignedInUser;
let supervisorA: SignedInUser;
let workerB: SignedInUser;
let supervisorB: SignedInUser;
let analystA: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  [workerA, supervisorA, workerB, supervisorB, analystA] = await Promise.all([
    signInNew(t.app, t.ctx, 'case_worker', orgA),
    signInNew(t.app, t.ctx, 'supervisor', orgA),
    signInNew(t.app, t.ctx, 'case_worker', orgB),
    signInNew(t.app, t.ctx, 'supervisor', orgB),
    signInNew(t.app, t.ctx, 'analyst', orgA),
  ]);
}, 60_000);
afterAll(async () => t?.close());

const post = (user: SignedInUser, url: string, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: user.headers, ...(payload ? { payload } : {}) });
const consentCount = () => inSystemScope(t.ctx.db, async (trx) => Number((await sql<{ n: number }>`select count(*)::int as n from consents`.execute(trx)).rows[0]!.n));
const adult = { purpose: 'services', givenBy: 'survivor', method: 'verbal' };

describe('consents (CON-1, CHD-1, CON-4)', () => {
  it('records an adult’s consent, lists it, and refuses bad records naming the field', async () => {
    const { survivor } = await buildSurvivor(t.ctx, orgA, { ageAtRegistration: 30 });
    const url = `/api/survivors/${survivor.id}/consents`;
    const res = await post(workerA, url, { ...adult, purpose: 'referral', recipientOrganisationId: orgB });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ purpose: 'referral', recipientOrganisationId: orgB, active: true, recordedBy: workerA.id, legalBasis: 'consent' });

    const before = await consentCount();
    expectError(await post(workerA, url, { ...adult, purpose: 'referral' }), 400, { field: 'recipientOrganisationId' });
    expectError(await post(workerA, url, { ...adult, recipientOrganisationId: orgB }), 400, { field: 'recipientOrganisationId' });
    expectError(await post(workerA, url, { ...adult, purpose: 'justice', recipientOrganisationId: randomUUID() }), 400, { code: 'consent.unknown_recipient' });
    expectError(await post(workerA, url, { ...adult, purpose: 'referral', recipientOrganisationId: orgB, serviceId: randomUUID() }), 400, { field: 'serviceId' });
    expectError(await post(workerA, url, { ...adult, givenBy: 'caregiver', childAssent: 'given' }), 400, { field: 'givenBy' });
    expectError(await post(workerA, url, { ...adult, purpose: 'marketing' }), 400, { field: 'body.purpose' });
    expectError(await post(workerA, url, { ...adult, givenAt: new Date(Date.now() + 3_600_000).toISOString() }), 400, { field: 'givenAt' });
    expect(await consentCount()).toBe(before);

    const serviceId = randomUUID();
    await inSystemScope(t.ctx.db, (trx) => trx.insertInto('services').values({ id: serviceId, organisation_id: orgB, name: 'Fictional Safe House', service_type: 'shelter', created_at: new Date(), updated_at: new Date() }).execute());
    expectError(await post(workerA, url, { ...adult, purpose: 'referral', recipientOrganisationId: orgA, serviceId }), 400, { field: 'serviceId' });
    expect((await post(workerA, url, { ...adult, purpose: 'referral', recipientOrganisationId: orgB, serviceId })).statusCode).toBe(201);

    const list = await t.app.inject({ method: 'GET', url, headers: workerA.headers });
    expect((list.json() as { data: ConsentView[] }).data.map((c) => c.serviceId)).toEqual([null, serviceId]);
  });

  it('applies the rules for children (CHD-1)', async () => {
    const { survivor: child } = await buildSurvivor(t.ctx, orgA, { ageAtRegistration: 10 });
    const url = `/api/survivors/${child.id}/consents`;
    expectError(await post(workerA, url, adult), 400, { field: 'guardianNotAskedReason' });
    expectError(await post(workerA, url, { ...adult, givenBy: 'caregiver' }), 400, { field: 'childAssent' });
    expectError(await post(workerA, url, { ...adult, givenBy: 'caregiver', childAssent: 'refused' }), 400, { code: 'consent.assent_refused' });
    expectError(await post(workerA, url, { ...adult, givenBy: 'caregiver', childAssent: 'unable' }), 400, { field: 'childAssent' });
    expectError(await post(workerA, url, { ...adult, guardianNotAskedReason: 'mature_adolescent' }), 400, { code: 'consent.not_mature_adolescent' });
    expect((await post(workerA, url, { ...adult, givenBy: 'caregiver', childAssent: 'given' })).statusCode).toBe(201);
    expect((await post(workerA, url, { ...adult, guardianNotAskedReason: 'suspected_perpetrator' })).statusCode).toBe(201);

    const { survivor: unknownAge } = await buildSurvivor(t.ctx, orgA, { ageAtRegistration: null });
    expectError(await post(workerA, `/api/survivors/${unknownAge.id}/consents`, adult), 400, { code: 'consent.age_unknown' });
  });

  it('withdraws once, effective on the next read (CON-4), 409 the second time', async () => {
    const built = await buildSurvivor(t.ctx, orgA);
    const consent = await buildConsent(t.ctx, built, { purpose: 'statistics' });
    const url = `/api/survivors/${built.survivor.id}/consents/${consent.id}/withdraw`;
    expectError(await post(workerB, url), 404, { code: 'survivor.not_found' });
    expectError(await post(analystA, url), 404, { code: 'survivor.not_found' });
    expectError(await post(workerA, `/api/survivors/${built.survivor.id}/consents/${randomUUID()}/withdraw`), 404, { code: 'consent.not_found' });
    const res = await post(supervisorA, url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ active: false, withdrawalRecordedBy: supervisorA.id });
    const records = await inOrganisationScope(t.ctx.db, orgA, (trx) => listSurvivorConsents(trx, built.survivor.id));
    expect(records[0]!.withdrawnAt).not.toBeNull();
    expectError(await post(workerA, url), 409, { code: 'consent.already_withdrawn' });
    expect(await auditRows(t.ctx, { action: 'consent.withdraw', resourceId: consent.id })).toHaveLength(1);
  });

  it("hides another organisation's survivor's consents (404)", async () => {
    const { survivor } = await buildSurvivor(t.ctx, orgA);
    const url = `/api/survivors/${survivor.id}/consents`;
    for (const user of [workerB, analystA]) {
      const res = await t.app.inject({ method: 'GET', url, headers: user.headers });
      expectError(res, 404, { code: 'survivor.not_found' });
      await expectDeniedAudit(t.ctx, res);
      expectError(await post(user, url, adult), 404);
    }
  });
});

/** Rows in every table that repeats the survivor's identity, sealed under her key. */
async function seedSealedRows(survivor: Survivor, caseWorkerId: string, recipientOrgId: string) {
  const key = survivor.record_key_id!;
  const ids = { incident: randomUUID(), case: randomUUID(), followUp: randomUUID(), service: randomUUID(), referral: randomUUID(), call: randomUUID() };
  const cipher = t.ctx.cipher;
  const stored: Record<string, Uint8Array> = {};
  await inSystemScope(t.ctx.db, async (trx: Executor) => {
    stored.narrative = await incidentsNarrative.sealForRecord(cipher, trx, key, ids.incident, 'CANARY-narrative');
    await trx.insertInto('incidents').values({
      id: ids.incident, organisation_id: survivor.organisation_id, survivor_id: survivor.id, code: `INC-${ids.incident.slice(0, 6)}`,
      incident_time: { kind: 'unknown' }, report_date: '2026-11-01', gbv_type: 'rape', acts: ['rape'], area_id: null,
      survivor_age_group: '26-40', narrative_sealed: stored.narrative, location_sealed: await incidentsLocation.sealForRecord(cipher, trx, key, ids.incident, 'CANARY-place'),
    }).execute();
    stored.plan = await casesPlan.sealForRecord(cipher, trx, key, ids.case, 'CANARY-plan');
    await trx.insertInto('cases').values({ id: ids.case, organisation_id: survivor.organisation_id, survivor_id: survivor.id, code: `CASE-${ids.case.slice(0, 6)}`, plan_sealed: stored.plan, created_at: new Date(), updated_at: new Date(), version: 1 }).execute();
    await trx.insertInto('case_follow_ups').values({ id: ids.followUp, organisation_id: survivor.organisation_id, case_id: ids.case, happened_on: '2026-11-02', kind: 'visit', recorded_by: caseWorkerId, note_sealed: await caseFollowUpsNote.sealForRecord(cipher, trx, key, ids.followUp, 'CANARY-note'), created_at: new Date() }).execute();
    await trx.insertInto('services').values({ id: ids.service, organisation_id: recipientOrgId, name: 'Fictional Clinic', service_type: 'health', created_at: new Date(), updated_at: new Date() }).execute();
    stored.shared = await referralsShared.sealForRecord(cipher, trx, key, ids.referral, 'CANARY-shared');
    await trx.insertInto('referrals').values({
      id: ids.referral, organisation_id: survivor.organisation_id, recipient_organisation_id: recipientOrgId, service_id: ids.service, survivor_id: survivor.id,
      shared_sealed: stored.shared, outcome_note_sealed: await referralsOutcomeNote.sealForRecord(cipher, trx, key, ids.referral, 'CANARY-outcome'),
      created_by: caseWorkerId, created_at: new Date(), updated_at: new Date(), version: 1,
    }).execute();
    const callKey = await cipher.createRecordKey(trx, survivor.organisation_id);
    stored.call = await hotlineCallsSummary.sealForRecord(cipher, trx, callKey, ids.call, 'CANARY-call');
    await trx.insertInto('hotline_calls').values({ id: ids.call, organisation_id: survivor.organisation_id, code: `CALL-${ids.call.slice(0, 6)}`, operator_id: caseWorkerId, received_at: new Date(), caller_kind: 'survivor', summary_sealed: stored.call, summary_key_id: callKey, survivor_id: survivor.id, created_at: new Date(), updated_at: new Date() }).execute();
  });
  return { ids, stored };
}

describe('POST /api/survivors/:id/erasure (STO-3)', () => {
  it('needs a supervisor of the holder with a fresh password, and a reason', async () => {
    const { survivor } = await buildSurvivor(t.ctx, orgA);
    const url = `/api/survivors/${survivor.id}/erasure`;
    const body = { reason: 'survivor_request' };
    expectError(await post(workerB, url, body), 404);
    expectError(await post(supervisorB, url, body), 404);
    expectError(await post(analystA, url, body), 404);
    const worker = await post(workerA, url, body);
    expectError(worker, 403, { code: 'survivor.erase_forbidden' });
    await expectDeniedAudit(t.ctx, worker);
    expectError(await post(supervisorA, url, body), 403, { code: 'auth.reauthentication_required' });
    expectError(await post(supervisorA, url, { reason: 'because' }), 400, { field: 'body.reason' });
    const stillThere = await inSystemScope(t.ctx.db, (trx) => findSurvivorById(trx, survivor.id));
    expect(stillThere?.erased_at).toBeNull();
  });

  it('destroys the key, clears every sealed copy, keeps statistics, and tells the recipients', async () => {
    const identity = canaryIdentity('erase');
    const built = await buildSurvivor(t.ctx, orgA, { sex: 'female', ageAtRegistration: 22, identity }, workerA.id);
    const { survivor } = built;
    await buildConsent(t.ctx, built, { purpose: 'statistics' });
    await inOrganisationScope(t.ctx.db, orgA, (trx) => countNarrativeEntry(trx, survivor.id));
    const { ids, stored } = await seedSealedRows(survivor, workerA.id, orgB);

    const reauth = await post(supervisorA, '/api/auth/reauthenticate', { password: supervisorA.password });
    expect(reauth.statusCode, reauth.body).toBe(204);
    const res = await post(supervisorA, `/api/survivors/${survivor.id}/erasure`, { reason: 'survivor_request' });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as ErasureResult;
    expect(result.cleared).toEqual({ incidents: 1, cases: 1, followUps: 1, referrals: 1, hotlineCalls: 1 });
    expect(result.notifiedOrganisationIds).toEqual([orgB]);

    // Every read shows the survivor erased and nothing throws.
    const read = await t.app.inject({ method: 'GET', url: `/api/survivors/${survivor.id}`, headers: workerA.headers });
    expect(read.statusCode, read.body).toBe(200);
    const view = read.json() as SurvivorView;
    expect(view).toMatchObject({ erased: true, identity: null, sex: 'female', ageGroup: '18-25', narrativeEntries: 1 });
    expect((await t.app.inject({ method: 'GET', url: `/api/survivors?limit=200`, headers: workerA.headers })).json().data.find((s: { id: string }) => s.id === survivor.id)).toMatchObject({ erased: true });
    expect((await t.app.inject({ method: 'GET', url: `/api/survivors/${survivor.id}/consents`, headers: workerA.headers })).statusCode).toBe(200);
    expectError(await post(supervisorA, `/api/survivors/${survivor.id}/erasure`, { reason: 'survivor_request' }), 409, { code: 'survivor.already_erased' });
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/survivors/${survivor.id}`, headers: workerA.headers, payload: { version: view.version, sex: 'male' } }), 409, { code: 'survivor.erased' });
    expectError(await post(workerA, `/api/survivors/${survivor.id}/consents`, adult), 409, { code: 'survivor.erased' });

    // A backup that kept the ciphertexts cannot open them: the keys are gone.
    await inSystemScope(t.ctx.db, async (trx) => {
      await expect(incidentsNarrative.open(t.ctx.cipher, trx, orgA, ids.incident, stored.narrative!)).rejects.toThrow();
      await expect(casesPlan.open(t.ctx.cipher, trx, orgA, ids.case, stored.plan!)).rejects.toThrow();
      await expect(referralsShared.open(t.ctx.cipher, trx, orgA, ids.referral, stored.shared!)).rejects.toThrow();
      await expect(hotlineCallsSummary.open(t.ctx.cipher, trx, orgA, ids.call, stored.call!)).rejects.toThrow();
      // Even the survivor row as it was before (a restored backup) opens to nothing, without throwing.
      expect(await openSurvivorIdentity(t.ctx, trx, { ...survivor, erased_at: null })).toMatchObject({ name: null, phone: null, caregiverName: null });
      const sealed = await sql<{ n: number }>`
        select (select count(*) from survivors where id = ${survivor.id} and coalesce(name_sealed, contact_sealed, location_sealed, caregiver_sealed) is not null)
             + (select count(*) from incidents where id = ${ids.incident} and coalesce(narrative_sealed, location_sealed) is not null)
             + (select count(*) from cases where id = ${ids.case} and plan_sealed is not null)
             + (select count(*) from case_follow_ups where id = ${ids.followUp} and note_sealed is not null)
             + (select count(*) from referrals where id = ${ids.referral} and coalesce(shared_sealed, outcome_note_sealed) is not null)
             + (select count(*) from hotline_calls where id = ${ids.call} and summary_sealed is not null) as n`.execute(trx);
      expect(Number(sealed.rows[0]!.n)).toBe(0);
      const keys = await trx.selectFrom('data_keys').select(['status', 'wrapped_key']).where('id', '=', survivor.record_key_id!).executeTakeFirstOrThrow();
      expect(keys).toEqual({ status: 'destroyed', wrapped_key: null });
      // Non-identifying fields stay for statistics.
      const incident = await trx.selectFrom('incidents').select(['gbv_type', 'survivor_age_group', 'report_date']).where('id', '=', ids.incident).executeTakeFirstOrThrow();
      expect(incident).toMatchObject({ gbv_type: 'rape', survivor_age_group: '26-40' });
    });

    const holder = await auditRows(t.ctx, { action: 'survivor.erase', resourceId: survivor.id });
    expect(holder.map((r) => r.organisation_id)).toEqual([orgA]);
    const recipient = await auditRows(t.ctx, { action: 'survivor.erase_referred', resourceId: survivor.id });
    expect(recipient.map((r) => r.organisation_id)).toEqual([orgB]);
    const trail = JSON.stringify(await auditRows(t.ctx, { resourceId: survivor.id }));
    for (const value of Object.values(identity)) expect(trail).not.toContain(value!);
  });
});
