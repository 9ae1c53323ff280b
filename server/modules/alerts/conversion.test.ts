/** A verified alert becomes an incident record, with no identifying data copied (issue 4): draft and link through HTTP, mapping rules pure. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDraft } from '../../../core/schemas/alert-reports';
import type { AlertSummary } from '../../../core/schemas/alerts';
import { auditRows, expectDeniedAudit, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { buildIncident } from '../../test/factories-incidents';
import { inSystemScope } from '../../db/scope';
import { createTestApp, type TestApp } from '../../test/runtime';
import { conflictContextsOf, draftIncident, isConvertible, perpetratorCategoryOf, timeOfDayAt } from './conversion';
import { receiveAlert } from './service';

let t: TestApp;
let orgA: string;
let orgB: string;
let supervisor: SignedInUser;
let coordinator: SignedInUser;
let caseWorker: SignedInUser;
let supervisorB: SignedInUser;
let areaId: string;

const SECRET_TEXT = 'CANARY-alert-text Mama Furaha was taken near the church';
const POINT = { lat: -1.23456, lon: 29.65432, accuracy: 12 };

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  supervisor = await signInNew(t.app, t.ctx, 'supervisor', orgA);
  coordinator = await signInNew(t.app, t.ctx, 'coordinator', orgA);
  caseWorker = await signInNew(t.app, t.ctx, 'case_worker', orgA);
  supervisorB = await signInNew(t.app, t.ctx, 'supervisor', orgB);
  const area = await t.ownerDb
    .insertInto('areas')
    .values({ code: 'ZZ7201', level: 2, level_name: 'territory', names: JSON.stringify({ en: 'Fictional Convertia' }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  areaId = area.id;
}, 120_000);
afterAll(async () => t?.close());

/** An alert of `organisationId` in `state` (verified by default), as an SMS would have brought it. */
async function buildAlert(organisationId: string, options: { state?: string; observedAt?: string | null; verified?: boolean } = {}) {
  const { alert } = await t.ctx.db.transaction().execute((trx) =>
    receiveAlert(t.ctx, trx, {
      organisationId,
      channel: 'generic',
      channelId: null,
      providerMessageId: `conversion-${randomUUID()}`,
      senderIdentity: '+15555550177',
      focalPointId: null,
      text: SECRET_TEXT,
      raw: '{}',
      areaCode: 'ZZ7201',
      location: POINT,
      observedAt: options.observedAt === undefined ? '2026-03-10T22:30:00Z' : options.observedAt,
      categories: ['attack_on_civilians', 'burning_of_homes', 'abduction', 'armed_group_presence'],
      peopleAtRisk: 12,
      perpetratorType: 'state_forces',
      warnings: [],
    }),
  );
  const state = options.state ?? 'verified';
  const verified = options.verified ?? (state === 'verified' || state === 'closed');
  await t.ownerDb
    .updateTable('alerts')
    .set({ state, acknowledged_at: state === 'new' ? null : new Date(), verified_at: verified ? new Date() : null })
    .where('id', '=', alert.id)
    .execute();
  return alert;
}

const draft = (user: SignedInUser, id: string, query = '') => t.app.inject({ method: 'GET', url: `/api/alerts/${id}/incident-draft${query}`, headers: user.headers });
const link = (user: SignedInUser, id: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/alerts/${id}/incident`, headers: user.headers, payload });
const written = async () => {
  const { rows } = await sql<{ converted: number; linked: number; audits: number }>`
    select (select count(*)::int from alert_events where kind = 'converted') as converted,
           (select count(*)::int from alerts where incident_id is not null) as linked,
           (select count(*)::int from audit_log where action = 'alert.convert') as audits`.execute(t.ownerDb);
  return rows[0]!;
};

describe('mapping an alert to an incident prefill (pure)', () => {
  it('keeps only the categories that name a conflict context without doubt', () => {
    expect(conflictContextsOf(['attack_on_civilians', 'burning_of_homes', 'abduction', 'looting', 'checkpoint_extortion', 'displacement'])).toEqual([
      'attack_on_village', 'abduction', 'looting', 'checkpoint_search', 'forced_displacement',
    ]);
    expect(conflictContextsOf(['armed_group_presence', 'troop_movement', 'killing', 'sexual_violence', 'other', 'unheard_of'])).toEqual([]);
  });

  it('takes the perpetrator type as the incident’s category, and nothing it does not know', () => {
    expect(perpetratorCategoryOf('peacekeeper')).toBe('peacekeeper');
    expect(perpetratorCategoryOf('dragons')).toBeNull();
    expect(perpetratorCategoryOf(null)).toBeNull();
  });

  it('gives the time of day at the local hour, sunrise and sunset at six', () => {
    const at = (iso: string, offset = 0) => timeOfDayAt(new Date(iso), offset);
    expect(at('2026-03-10T05:59:00Z')).toBe('evening_night');
    expect(at('2026-03-10T06:00:00Z')).toBe('morning');
    expect(at('2026-03-10T11:59:00Z')).toBe('morning');
    expect(at('2026-03-10T12:00:00Z')).toBe('afternoon');
    expect(at('2026-03-10T18:00:00Z')).toBe('evening_night');
    expect(at('2026-03-10T04:30:00Z', 120)).toBe('morning');
    expect(at('2026-03-10T10:30:00Z', -300)).toBe('evening_night');
    expect(at('2026-03-10T11:30:00Z', -300)).toBe('morning');
  });

  it('accepts verified alerts, and closed ones that were verified first', () => {
    expect(isConvertible({ state: 'verified', verified_at: new Date() })).toBe(true);
    expect(isConvertible({ state: 'closed', verified_at: new Date() })).toBe(true);
    expect(isConvertible({ state: 'closed', verified_at: null })).toBe(false);
    for (const state of ['new', 'acknowledged', 'verifying', 'dismissed', 'duplicate']) expect(isConvertible({ state, verified_at: new Date() })).toBe(false);
  });

  it('dates the incident by the received time when nobody said when it happened', () => {
    const row = { id: randomUUID(), reference: 'A-TEST22', area_id: null, observed_at: null, received_at: new Date('2026-03-10T23:30:00Z'), categories: [], perpetrator_type: null, incident_id: null };
    expect(draftIncident(row, 60)).toMatchObject({ incidentDate: '2026-03-11', incidentDateSource: 'received', timeOfDay: null, perpetratorCategory: null, conflictContexts: [] });
  });
});

describe('GET /api/alerts/:id/incident-draft', () => {
  it('prefills area, local date, time of day, perpetrator category and contexts; never text, sender or point (MIN-1)', async () => {
    const alert = await buildAlert(orgA);
    const res = await draft(supervisor, alert.id, '?utcOffsetMinutes=120');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({
      sourceAlertId: alert.id,
      sourceAlertReference: alert.reference,
      areaId,
      incidentDate: '2026-03-11',
      incidentDateSource: 'observed',
      timeOfDay: 'evening_night',
      perpetratorCategory: 'state_forces',
      conflictContexts: ['attack_on_village', 'abduction'],
      linkedIncidentId: null,
    } satisfies IncidentDraft);
    for (const leak of ['CANARY', 'Furaha', '1.23456', '29.65432', '555']) expect(res.body).not.toContain(leak);
    expect(((await draft(supervisor, alert.id)).json() as IncidentDraft).incidentDate).toBe('2026-03-10');
  });

  it('accepts a closed alert that was verified, refuses one never verified (409)', async () => {
    expect((await draft(supervisor, (await buildAlert(orgA, { state: 'closed' })).id)).statusCode).toBe(200);
    for (const state of ['new', 'acknowledged', 'verifying', 'dismissed']) {
      expectError(await draft(supervisor, (await buildAlert(orgA, { state, verified: false })).id), 409, { code: 'alerts.not_verified', field: 'state' });
    }
  });

  it('is for alert officers who do case work, in the alert’s organisation; others get 404 (AUTHZ-1)', async () => {
    const alert = await buildAlert(orgA);
    for (const user of [coordinator, caseWorker, supervisorB]) {
      const res = await draft(user, alert.id);
      expectError(res, 404, { code: 'alert.not_found' });
      await expectDeniedAudit(t.ctx, res);
    }
    expectError(await draft(supervisor, randomUUID()), 404);
    expectError(await draft(supervisor, alert.id, '?utcOffsetMinutes=999'), 400, { field: 'query.utcOffsetMinutes' });
    expectError(await draft(supervisor, 'not-an-id'), 400, { field: 'params.id' });
  });
});

describe('POST /api/alerts/:id/incident', () => {
  it('links the incident the supervisor recorded, once, with an event and an audit row (AUD-1)', async () => {
    const alert = await buildAlert(orgA);
    const { incident } = await buildIncident(t.ctx, orgA);
    const res = await link(supervisor, alert.id, { incidentId: incident.id, version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json() as AlertSummary;
    expect(summary).toMatchObject({ id: alert.id, incidentId: incident.id, state: 'verified', version: 2 });
    expect(summary).not.toHaveProperty('text');

    const events = await t.ownerDb.selectFrom('alert_events').selectAll().where('alert_id', '=', alert.id).where('kind', '=', 'converted').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_user_id: supervisor.id, from_state: 'verified', to_state: 'verified', details: { incidentId: incident.id } });
    const [audit] = await auditRows(t.ctx, { action: 'alert.convert', resourceId: alert.id });
    expect(audit).toMatchObject({ actor_user_id: supervisor.id, organisation_id: orgA, details: { reference: alert.reference, incidentId: incident.id } });

    const before = await written();
    const { incident: another } = await buildIncident(t.ctx, orgA);
    expectError(await link(supervisor, alert.id, { incidentId: another.id }), 409, { code: 'alerts.already_converted', field: 'incidentId' });
    expect(await written()).toEqual(before);
    // The form from this alert now has nothing to do: its draft names the incident to open instead.
    expect((await draft(supervisor, alert.id)).json()).toMatchObject({ linkedIncidentId: incident.id });
    // The incident record itself is untouched: nothing of the alert was copied into it.
    const after = await inSystemScope(t.ctx.db, (trx) => trx.selectFrom('incidents').selectAll().where('id', '=', incident.id).executeTakeFirstOrThrow());
    expect(after).toEqual(incident);
  });

  it('refuses alerts that are not verified, another organisation’s incident, a stale version and another officer’s lock, writing nothing', async () => {
    const before = await written();
    const { incident } = await buildIncident(t.ctx, orgA);
    const { incident: foreign } = await buildIncident(t.ctx, orgB);

    expectError(await link(supervisor, (await buildAlert(orgA, { state: 'verifying', verified: false })).id, { incidentId: incident.id }), 409, { code: 'alerts.not_verified' });
    const alert = await buildAlert(orgA);
    const foreignRes = await link(supervisor, alert.id, { incidentId: foreign.id });
    expectError(foreignRes, 404, { code: 'incident.not_found' });
    await expectDeniedAudit(t.ctx, foreignRes);
    expectError(await link(supervisor, alert.id, { incidentId: randomUUID() }), 404, { code: 'incident.not_found' });
    expectError(await link(supervisor, alert.id, { incidentId: incident.id, version: 7 }), 409, { code: 'conflict', field: 'version' });
    expectError(await link(supervisor, alert.id, { incidentId: 'x' }), 400, { field: 'body.incidentId' });
    expectError(await link(supervisor, alert.id, { incidentId: incident.id, note: 'hi' }), 400);

    await t.ownerDb.updateTable('alerts').set({ locked_by: coordinator.id, locked_until: new Date(Date.now() + 5 * 60_000) }).where('id', '=', alert.id).execute();
    expectError(await link(supervisor, alert.id, { incidentId: incident.id }), 409, { code: 'alerts.locked' });
    // An expired lock is free for anyone.
    await t.ownerDb.updateTable('alerts').set({ locked_until: new Date(Date.now() - 1000) }).where('id', '=', alert.id).execute();
    expect(await written()).toEqual(before);
    expect((await link(supervisor, alert.id, { incidentId: incident.id })).statusCode).toBe(200);
  });

  it('answers 404 to those who may not convert, and to another organisation’s alert', async () => {
    const alert = await buildAlert(orgA);
    const { incident } = await buildIncident(t.ctx, orgA);
    const { incident: incidentB } = await buildIncident(t.ctx, orgB);
    const before = await written();
    for (const [user, incidentId] of [[coordinator, incident.id], [caseWorker, incident.id], [supervisorB, incidentB.id]] as const) {
      expectError(await link(user, alert.id, { incidentId }), 404, { code: 'alert.not_found' });
    }
    expect(await written()).toEqual(before);
  });
});
