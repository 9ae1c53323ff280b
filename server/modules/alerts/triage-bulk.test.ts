/** Bulk triage through HTTP (issue 4 part 3): a thousand alerts at once, with the ones that cannot change reported. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkAlertResult } from '../../../core/schemas/alert-triage';
import { auditRows, countRows, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { arrangeAlert, buildAlert, buildAlertsInBulk } from '../../test/factories-alert-triage';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let orgB: string;
let officer: SignedInUser;
let colleague: SignedInUser;
let worker: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  officer = await signInNew(t.app, t.ctx, 'coordinator', orgA);
  colleague = await signInNew(t.app, t.ctx, 'supervisor', orgA);
  worker = await signInNew(t.app, t.ctx, 'case_worker', orgA);
}, 120_000);
afterAll(async () => t?.close());

const TABLES = ['alerts', 'alert_events', 'audit_log'] as const;
const bulk = (user: SignedInUser, body: unknown) => t.app.inject({ method: 'POST', url: '/api/alerts/bulk', headers: user.headers, payload: body as object });
const rowsOf = (ids: readonly string[]) => t.ownerDb.selectFrom('alerts').selectAll().where('id', 'in', [...ids]).execute();
const inFuture = () => new Date(Date.now() + 5 * 60_000);

describe('bulk triage', () => {
  it('acknowledges 1000 alerts in one request, reporting exactly the locked, illegal and unknown ones', async () => {
    const own = await buildAlertsInBulk(t.ownerDb, orgA, 990);
    const foreign = await buildAlertsInBulk(t.ownerDb, orgB, 5);
    const unknown = Array.from({ length: 5 }, () => randomUUID());
    const locked = own.slice(10, 13);
    const verified = own.slice(20, 24);
    const mine = own[30]!;
    for (const id of locked) await arrangeAlert(t.ownerDb, id, { locked_by: colleague.id, locked_until: inFuture() });
    for (const id of verified) await arrangeAlert(t.ownerDb, id, { state: 'verified' });
    await arrangeAlert(t.ownerDb, mine, { locked_by: officer.id, locked_until: inFuture() });
    const ids = [...own, ...foreign, ...unknown];
    expect(ids).toHaveLength(1000);
    const eventsBefore = (await countRows(t.ctx, ['alert_events'])).alert_events!;

    const started = performance.now();
    const res = await bulk(officer, { ids, action: { kind: 'transition', to: 'acknowledged' } });
    const ms = performance.now() - started;
    console.log(`bulk transition of 1000 alerts (${t.ctx.databaseKind}): ${ms.toFixed(0)} ms`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const body = res.json() as BulkAlertResult;

    const skippedIds = new Set([...locked, ...verified, ...foreign, ...unknown]);
    const changed = own.filter((id) => !skippedIds.has(id));
    expect(body.updated).toBe(983);
    expect(changed).toHaveLength(983);
    expect(body.results.map((r) => r.id)).toEqual(ids);
    const failures = body.results.filter((r) => !r.ok);
    expect(failures.map((r) => [r.id, r.code])).toEqual([
      ...locked.map((id) => [id, 'alerts.locked']),
      ...verified.map((id) => [id, 'alerts.transition_not_allowed']),
      ...foreign.map((id) => [id, 'alerts.not_found']),
      ...unknown.map((id) => [id, 'alerts.not_found']),
    ]);
    // Another organisation's alert reads exactly like one that does not exist.
    expect(new Set(failures.filter((r) => r.code === 'alerts.not_found').map((r) => r.message)).size).toBe(1);

    const after = await rowsOf(own);
    const byId = new Map(after.map((r) => [r.id, r]));
    for (const id of changed) expect(byId.get(id)).toMatchObject({ state: 'acknowledged', version: 2, acknowledged_at: expect.any(Date) });
    for (const id of locked) expect(byId.get(id)).toMatchObject({ state: 'new', version: 1, acknowledged_at: null });
    for (const id of verified) expect(byId.get(id)).toMatchObject({ state: 'verified', version: 1 });
    expect((await rowsOf(foreign)).every((r) => r.state === 'new' && r.version === 1)).toBe(true);

    expect((await countRows(t.ctx, ['alert_events'])).alert_events).toBe(eventsBefore + 983);
    const audits = await t.ownerDb.selectFrom('audit_log').select(['resource_id', 'actor_user_id', 'details']).where('action', '=', 'alert.bulk').execute();
    expect(audits).toHaveLength(983);
    expect(new Set(audits.map((a) => a.resource_id))).toEqual(new Set(changed));
    expect(audits.every((a) => a.actor_user_id === officer.id)).toBe(true);
    expect(audits[0]!.details).toEqual({ kind: 'transition', from: 'new', to: 'acknowledged' });
  }, 120_000);

  it('merges many into one, skipping the target itself and duplicates, with the merged ids on the target', async () => {
    const [a, b, c] = [await buildAlert(t.ctx, orgA), await buildAlert(t.ctx, orgA), await buildAlert(t.ctx, orgA)].map((r) => r.id) as [string, string, string];
    const target = (await buildAlert(t.ctx, orgA)).id;
    await arrangeAlert(t.ownerDb, c, { state: 'duplicate', merged_into_id: a });
    const res = await bulk(officer, { ids: [a, b, c, target], action: { kind: 'merge', intoId: target } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      updated: 2,
      results: [
        { id: a, ok: true },
        { id: b, ok: true },
        { id: c, ok: false, code: 'alerts.already_merged', message: expect.any(String) },
        { id: target, ok: false, code: 'alerts.merge_into_self', message: expect.any(String) },
      ],
      conflicts: [],
    });
    expect((await rowsOf([a, b])).map((r) => [r.state, r.merged_into_id])).toEqual([['duplicate', target], ['duplicate', target]]);
    const onTarget = await t.ownerDb.selectFrom('alert_events').select('details').where('alert_id', '=', target).where('kind', '=', 'merged').executeTakeFirstOrThrow();
    expect(onTarget.details).toEqual({ mergedIds: expect.arrayContaining([a, b]) });
    expect((await auditRows(t.ctx, { action: 'alert.bulk', resourceId: target }))[0]!.details).toMatchObject({ kind: 'merge', mergedCount: 2 });

    const before = await countRows(t.ctx, TABLES);
    expectError(await bulk(officer, { ids: [b], action: { kind: 'merge', intoId: c } }), 400, { code: 'alerts.merge_target_duplicate', field: 'action.intoId' });
    expectError(await bulk(officer, { ids: [b], action: { kind: 'merge', intoId: (await buildAlertsInBulk(t.ownerDb, orgB, 1))[0] } }), 400, { code: 'alerts.merge_target_not_found', field: 'action.intoId' });
    expect((await countRows(t.ctx, TABLES)).alert_events).toBe(before.alert_events);
  });

  it('sets severity and assignment, reporting alerts already so as unchanged', async () => {
    const ids = await buildAlertsInBulk(t.ownerDb, orgA, 3);
    await arrangeAlert(t.ownerDb, ids[0]!, { severity: 'high' });
    const severity = await bulk(officer, { ids, action: { kind: 'severity', severity: 'high' } });
    expect((severity.json() as BulkAlertResult).updated).toBe(2);
    expect((severity.json() as BulkAlertResult).results[0]).toEqual({ id: ids[0], ok: true, code: 'alerts.unchanged' });
    const assign = await bulk(colleague, { ids, action: { kind: 'assign', assignedUserId: colleague.id, assignedTeam: 'Fictional team north' } });
    expect((assign.json() as BulkAlertResult).updated).toBe(3);
    expect((await rowsOf(ids)).every((r) => r.assigned_user_id === colleague.id && r.assigned_team === 'Fictional team north' && r.version === 3 - (r.id === ids[0] ? 1 : 0))).toBe(true);
    const audit = (await auditRows(t.ctx, { action: 'alert.bulk', resourceId: ids[1] }))[0]!;
    expect(JSON.stringify(audit.details)).not.toContain('Fictional team');
  });

  it('leaves alone, and reports as conflicts, alerts changed since the versions the officer saw', async () => {
    const ids = await buildAlertsInBulk(t.ownerDb, orgA, 4);
    // A colleague sets the severity of one while the officer's queue still shows version 1.
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/alerts/${ids[1]}`, headers: colleague.headers, payload: { version: 1, severity: 'low' } });
    expect(patched.statusCode, patched.body).toBe(200);
    const eventsBefore = (await countRows(t.ctx, ['alert_events'])).alert_events!;
    // ids[3] is given no version: it is not checked (the form of a request without versions).
    const versions = { [ids[0]!]: 1, [ids[1]!.toUpperCase()]: 1, [ids[2]!]: 1 };
    const res = await bulk(officer, { ids, action: { kind: 'severity', severity: 'critical' }, versions });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      updated: 3,
      results: [
        { id: ids[0], ok: true },
        { id: ids[1], ok: false, code: 'alerts.version_conflict', message: expect.stringContaining('now 2'), version: 2 },
        { id: ids[2], ok: true },
        { id: ids[3], ok: true },
      ],
      conflicts: [ids[1]],
    });
    const byId = new Map((await rowsOf(ids)).map((r) => [r.id, r]));
    expect(byId.get(ids[1]!)).toMatchObject({ severity: 'low', version: 2 });
    for (const id of [ids[0]!, ids[2]!, ids[3]!]) expect(byId.get(id)).toMatchObject({ severity: 'critical', version: 2 });
    expect((await countRows(t.ctx, ['alert_events'])).alert_events).toBe(eventsBefore + 3);
    expect(await auditRows(t.ctx, { action: 'alert.bulk', resourceId: ids[1] })).toHaveLength(0);

    // Versions that still hold change everything, as before.
    const again = await bulk(officer, { ids, action: { kind: 'severity', severity: 'high' }, versions: Object.fromEntries(ids.map((id) => [id, 2])) });
    expect(again.json()).toMatchObject({ updated: 4, conflicts: [] });
  });

  it('refuses bad bodies as a whole, naming the field, writing nothing', async () => {
    const ids = await buildAlertsInBulk(t.ownerDb, orgA, 2);
    const stranger = randomUUID();
    const before = await countRows(t.ctx, TABLES);
    const cases: [unknown, string][] = [
      [{ ids: [], action: { kind: 'severity', severity: 'low' } }, 'body.ids'],
      [{ ids: Array.from({ length: 1001 }, () => randomUUID()), action: { kind: 'severity', severity: 'low' } }, 'body.ids'],
      [{ ids: [ids[0], ids[0]], action: { kind: 'severity', severity: 'low' } }, 'body.ids'],
      [{ ids: ['A-ABCDEF'], action: { kind: 'severity', severity: 'low' } }, 'body.ids.0'],
      [{ ids, action: { kind: 'delete' } }, 'body.action.kind'],
      [{ ids, action: { kind: 'severity', severity: 'low', extra: 1 } }, 'body.action'],
      [{ ids, action: { kind: 'transition', to: 'dismissed' } }, 'action.reason'],
      [{ ids, action: { kind: 'transition', to: 'verifying', reason: 'other' } }, 'action.reason'],
      [{ ids, action: { kind: 'assign' } }, 'action'],
      [{ ids, action: { kind: 'assign', assignedUserId: worker.id } }, 'action.assignedUserId'],
      [{ ids, action: { kind: 'severity', severity: 'low' }, versions: { [ids[0]!]: 0 } }, `body.versions.${ids[0]}`],
      [{ ids, action: { kind: 'severity', severity: 'low' }, versions: { [ids[0]!]: '1' } }, `body.versions.${ids[0]}`],
      [{ ids, action: { kind: 'severity', severity: 'low' }, versions: { [stranger]: 1 } }, `body.versions.${stranger}`],
      [{ ids, action: { kind: 'severity', severity: 'low' }, versions: { 'not-an-id': 1 } }, 'body.versions.not-an-id'],
      [{ ids, action: { kind: 'severity', severity: 'low' }, versions: { [ids[0]!]: 1, [ids[0]!.toUpperCase()]: 1 } }, `body.versions.${ids[0]!.toUpperCase()}`],
    ];
    for (const [body, field] of cases) expectError(await bulk(officer, body), 400, { field });
    expect(await countRows(t.ctx, TABLES)).toEqual(before);
  });

  it('answers 404 to roles that do not triage', async () => {
    const ids = await buildAlertsInBulk(t.ownerDb, orgA, 1);
    expectError(await bulk(worker, { ids, action: { kind: 'severity', severity: 'low' } }), 404, { code: 'alert.not_found' });
    expect((await rowsOf(ids))[0]!.severity).toBeNull();
  });
});
