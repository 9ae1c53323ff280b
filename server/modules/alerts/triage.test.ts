/** Triage of alerts through HTTP (issue 4 part 3): transitions, clocks, severity, assignment, locating, lock, merge. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_STATES, type AlertSummary } from '../../../core/schemas/alerts';
import { canTransition } from '../../../core/alerts/triage';
import { auditRows, countRows, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, buildUser, type SignedInUser } from '../../test/factories';
import { arrangeAlert, buildAlert, buildArea } from '../../test/factories-alert-triage';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let orgB: string;
let coordinator: SignedInUser;
let supervisor: SignedInUser;
let worker: SignedInUser;
let coordinatorB: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  coordinator = await signInNew(t.app, t.ctx, 'coordinator', orgA);
  supervisor = await signInNew(t.app, t.ctx, 'supervisor', orgA);
  worker = await signInNew(t.app, t.ctx, 'case_worker', orgA);
  coordinatorB = await signInNew(t.app, t.ctx, 'coordinator', orgB);
}, 120_000);
afterAll(async () => t?.close());

const TABLES = ['alerts', 'alert_events', 'audit_log'] as const;
const send = (user: SignedInUser, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const transition = (user: SignedInUser, id: string, body: unknown) => send(user, 'POST', `/api/alerts/${id}/transition`, body);
const patch = (user: SignedInUser, id: string, body: unknown) => send(user, 'PATCH', `/api/alerts/${id}`, body);
const row = (id: string) => t.ownerDb.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const events = (id: string) => t.ownerDb.selectFrom('alert_events').selectAll().where('alert_id', '=', id).orderBy('occurred_at').orderBy('kind').execute();
const newAlert = async () => (await buildAlert(t.ctx, orgA)).id;

/** An alert in `state` (a duplicate is merged into a fresh alert, as the check constraint wants). */
async function alertIn(state: string): Promise<string> {
  const id = await newAlert();
  if (state === 'duplicate') await arrangeAlert(t.ownerDb, id, { state, merged_into_id: await newAlert() });
  else if (state !== 'new') await arrangeAlert(t.ownerDb, id, { state });
  return id;
}

const PAIRS = ALERT_STATES.flatMap((from) => ALERT_STATES.map((to) => [from, to] as const));
const reasonFor = (to: string) => (to === 'dismissed' ? { reason: 'not_credible' } : {});

describe('transitions', () => {
  it.each(PAIRS.filter(([from, to]) => canTransition(from, to)))('%s → %s is allowed, evented and audited', async (from, to) => {
    const id = await alertIn(from);
    const res = await transition(coordinator, id, { to, version: 1, ...reasonFor(to) });
    expect(res.statusCode, res.body).toBe(200);
    const alert = res.json() as AlertSummary;
    expect(alert).toMatchObject({ id, state: to, version: 2 });
    const stateEvents = (await events(id)).filter((e) => e.kind === 'state' && e.actor_user_id === coordinator.id);
    expect(stateEvents).toHaveLength(1);
    expect(stateEvents[0]).toMatchObject({ from_state: from, to_state: to, details: reasonFor(to) });
    const audits = await auditRows(t.ctx, { action: 'alert.transition', resourceId: id });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toEqual({ from, to, ...reasonFor(to) });
    expect(audits[0]!.actor_user_id).toBe(coordinator.id);
  });

  it.each(PAIRS.filter(([from, to]) => !canTransition(from, to)))('%s → %s is refused with 409 naming to, writing nothing', async (from, to) => {
    const id = await alertIn(from);
    const before = await countRows(t.ctx, TABLES);
    const res = await transition(coordinator, id, { to, version: 1, ...reasonFor(to) });
    expectError(res, 409, { code: 'alerts.transition_not_allowed', field: 'to' });
    expect(await countRows(t.ctx, TABLES)).toEqual(before);
    expect((await row(id)).version).toBe(1);
  });

  it('sets each clock the first time only, and clears closedAt on reopening', async () => {
    const id = await newAlert();
    let version = 1;
    const step = async (to: string, extra: object = {}) => {
      const res = await transition(supervisor, id, { to, version, ...extra });
      expect(res.statusCode, res.body).toBe(200);
      version += 1;
      return res.json() as AlertSummary;
    };
    const acknowledged = await step('acknowledged');
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    expect(acknowledged.verifiedAt).toBeNull();
    const verified = await step('verified');
    expect(verified.acknowledgedAt).toBe(acknowledged.acknowledgedAt);
    expect(verified.verifiedAt).not.toBeNull();
    const closed = await step('closed');
    expect(closed.closedAt).not.toBeNull();
    const reopened = await step('verifying');
    expect(reopened).toMatchObject({ closedAt: null, acknowledgedAt: acknowledged.acknowledgedAt, verifiedAt: verified.verifiedAt });
    const verifiedAgain = await step('verified');
    expect(verifiedAgain.verifiedAt).toBe(verified.verifiedAt);
    const dismissedLater = await newAlert();
    const d = await transition(supervisor, dismissedLater, { to: 'dismissed', version: 1, reason: 'test_or_error' });
    expect(d.json()).toMatchObject({ state: 'dismissed', acknowledgedAt: expect.any(String), closedAt: expect.any(String) });
    const back = await transition(supervisor, dismissedLater, { to: 'new', version: 2 });
    expect(back.json()).toMatchObject({ state: 'new', closedAt: null, acknowledgedAt: (d.json() as AlertSummary).acknowledgedAt });
  });

  it('needs a reason code to dismiss, and takes none otherwise', async () => {
    const id = await newAlert();
    expectError(await transition(coordinator, id, { to: 'dismissed', version: 1 }), 400, { code: 'alerts.reason_required', field: 'reason' });
    expectError(await transition(coordinator, id, { to: 'acknowledged', version: 1, reason: 'other' }), 400, { code: 'alerts.reason_not_allowed', field: 'reason' });
    expectError(await transition(coordinator, id, { to: 'dismissed', version: 1, reason: 'he lied' }), 400, { field: 'body.reason' });
    expect((await row(id)).state).toBe('new');
  });

  it('refuses a stale version with 409 naming version, writing nothing', async () => {
    const id = await newAlert();
    expect((await transition(coordinator, id, { to: 'acknowledged', version: 1 })).statusCode).toBe(200);
    const before = await countRows(t.ctx, TABLES);
    expectError(await transition(supervisor, id, { to: 'verifying', version: 1 }), 409, { code: 'alerts.version_conflict', field: 'version' });
    expectError(await patch(supervisor, id, { version: 1, severity: 'high' }), 409, { code: 'alerts.version_conflict', field: 'version' });
    expect(await countRows(t.ctx, TABLES)).toEqual(before);
    expect(await row(id)).toMatchObject({ state: 'acknowledged', severity: null, version: 2 });
  });

  it('validates bodies and ids, naming the field', async () => {
    const id = await newAlert();
    expectError(await transition(coordinator, id, { to: 'archived', version: 1 }), 400, { field: 'body.to' });
    expectError(await transition(coordinator, id, { to: 'verifying' }), 400, { field: 'body.version' });
    expectError(await transition(coordinator, id, { to: 'verifying', version: 0 }), 400, { field: 'body.version' });
    expectError(await transition(coordinator, id, { to: 'verifying', version: 1, note: 'x' }), 400);
    expectError(await transition(coordinator, 'not-an-id', { to: 'verifying', version: 1 }), 400, { field: 'params.id' });
    expect((await row(id)).version).toBe(1);
  });

  it('answers 404 to another organisation and to roles that do not triage, with a denied audit row', async () => {
    const id = await newAlert();
    for (const [user, method, url, body] of [
      [coordinatorB, 'POST', `/api/alerts/${id}/transition`, { to: 'verifying', version: 1 }],
      [coordinatorB, 'PATCH', `/api/alerts/${id}`, { version: 1, severity: 'low' }],
      [coordinatorB, 'POST', `/api/alerts/${id}/lock`, undefined],
      [coordinatorB, 'DELETE', `/api/alerts/${id}/lock`, undefined],
      [coordinatorB, 'POST', `/api/alerts/${id}/merge`, { intoId: randomUUID(), version: 1 }],
      [coordinatorB, 'POST', `/api/alerts/${id}/unmerge`, { version: 1 }],
      [worker, 'POST', `/api/alerts/${id}/transition`, { to: 'verifying', version: 1 }],
      [worker, 'PATCH', `/api/alerts/${id}`, { version: 1, severity: 'low' }],
    ] as const) {
      const res = await send(user, method, url, body);
      expectError(res, 404, { code: 'alert.not_found' });
      expect((await auditRows(t.ctx, { requestId: (res.json() as { error: { requestId: string } }).error.requestId, outcome: 'denied' })).length).toBe(1);
    }
    expect(await row(id)).toMatchObject({ state: 'new', version: 1, locked_by: null });
  });
});

describe('severity, assignment and locating', () => {
  it('writes one event per changed aspect and an audit row without team labels', async () => {
    const id = await newAlert();
    const areaId = await buildArea(t.ownerDb);
    const res = await patch(coordinator, id, { version: 1, severity: 'critical', assignedUserId: supervisor.id, assignedTeam: 'Fictional rapid response team', areaId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ severity: 'critical', assignedUserId: supervisor.id, assignedTeam: 'Fictional rapid response team', areaId, areaSource: 'manual', needsLocating: false, version: 2 });
    const byKind = Object.fromEntries((await events(id)).map((e) => [e.kind, e]));
    expect(byKind.severity?.details).toEqual({ from: null, to: 'critical' });
    expect(byKind.assigned?.details).toEqual({ userId: supervisor.id, team: 'Fictional rapid response team', previousUserId: null, previousTeam: null });
    expect(byKind.located?.details).toEqual({ areaId, previousAreaId: null, source: 'manual' });
    const [audit] = await auditRows(t.ctx, { action: 'alert.update', resourceId: id });
    expect(audit!.details).toEqual({ changed: ['severity', 'assigned', 'located'], severity: 'critical', assignedUserId: supervisor.id, areaId });
    expect(JSON.stringify(audit!.details)).not.toContain('Fictional rapid');

    const unassign = await patch(coordinator, id, { version: 2, assignedUserId: null });
    expect(unassign.json()).toMatchObject({ assignedUserId: null, assignedTeam: 'Fictional rapid response team', version: 3 });
    const same = await patch(coordinator, id, { version: 3, severity: 'critical', areaId });
    expect(same.json()).toMatchObject({ version: 3 });
    expect((await events(id)).length).toBe(5);
  });

  it('assigns only active colleagues who triage alerts', async () => {
    const id = await newAlert();
    const disabled = await buildUser(t.ctx, { role: 'coordinator', organisationId: orgA });
    await t.ownerDb.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute();
    const before = await countRows(t.ctx, TABLES);
    for (const userId of [worker.id, coordinatorB.id, disabled.id, randomUUID()])
      expectError(await patch(coordinator, id, { version: 1, assignedUserId: userId }), 400, { code: 'alerts.assignee_invalid', field: 'assignedUserId' });
    expect(await countRows(t.ctx, TABLES)).toEqual(before);
    expect((await patch(coordinator, id, { version: 1, assignedUserId: coordinator.id })).statusCode).toBe(200);
  });

  it('validates the patch, naming the field', async () => {
    const id = await newAlert();
    expectError(await patch(coordinator, id, { version: 1 }), 400, { code: 'alerts.nothing_to_change', field: 'body' });
    expectError(await patch(coordinator, id, { version: 1, severity: 'extreme' }), 400, { field: 'body.severity' });
    expectError(await patch(coordinator, id, { version: 1, assignedTeam: 'x'.repeat(81) }), 400, { field: 'body.assignedTeam' });
    expectError(await patch(coordinator, id, { version: 1, assignedTeam: '' }), 400, { field: 'body.assignedTeam' });
    expectError(await patch(coordinator, id, { version: 1, areaId: 'CD61' }), 400, { field: 'body.areaId' });
    expectError(await patch(coordinator, id, { version: 1, areaId: randomUUID() }), 400, { code: 'alerts.area_unknown', field: 'areaId' });
    expectError(await patch(coordinator, id, { version: 1, state: 'verified' }), 400);
    expect((await row(id)).version).toBe(1);
  });

  it('lists the colleagues an alert may be assigned to', async () => {
    const disabled = await buildUser(t.ctx, { role: 'supervisor', organisationId: orgA });
    await t.ownerDb.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute();
    const res = await t.app.inject({ method: 'GET', url: '/api/alerts/assignees', headers: supervisor.headers });
    expect(res.statusCode).toBe(200);
    const data = (res.json() as { data: { id: string; role: string }[] }).data;
    expect(data.map((u) => u.id)).toEqual(expect.arrayContaining([coordinator.id, supervisor.id]));
    expect(data.map((u) => u.id)).not.toContain(worker.id);
    expect(data.map((u) => u.id)).not.toContain(coordinatorB.id);
    expect(data.map((u) => u.id)).not.toContain(disabled.id);
    expect(new Set(data.map((u) => u.role))).toEqual(new Set(['coordinator', 'supervisor']));
    expectError(await t.app.inject({ method: 'GET', url: '/api/alerts/assignees', headers: worker.headers }), 404);
  });
});

describe('documentation', () => {
  it('describes every triage route in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    for (const path of ['/api/alerts/assignees', '/api/alerts/bulk', '/api/alerts/{id}/transition', '/api/alerts/{id}/lock', '/api/alerts/{id}/merge', '/api/alerts/{id}/unmerge'])
      expect(paths).toContain(path);
  });
});
