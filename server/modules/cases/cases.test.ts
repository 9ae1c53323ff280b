/** Cases through HTTP (issue 3 part 6): opening, plan approval, follow-ups, closure, lists. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSURE_CHECKLIST_ITEMS } from '../../../core/cases';
import type { CaseView } from '../../../core/schemas/cases';
import { auditRows, countRows, expectDeniedAudit, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { buildCaseSurvivor, canaryPlan } from '../../test/factories-cases';
import { buildIncident } from '../../test/factories-referrals';
import { buildSurvivor } from '../../test/factories-survivors';
import type { TestApp } from '../../test/runtime';
import type { Executor } from '../../db/database';
import { inSystemScope } from '../../db/scope';
import { createTestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let worker: SignedInUser;
let supervisor: SignedInUser;
let supervisor2: SignedInUser;
let analyst: SignedInUser;
let admin: SignedInUser;
let operator: SignedInUser;
let workerB: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  const orgB = (await buildOrganisation(t.ctx)).id;
  worker = await signInNew(t.app, t.ctx, 'case_worker', orgA);
  supervisor = await signInNew(t.app, t.ctx, 'supervisor', orgA);
  supervisor2 = await signInNew(t.app, t.ctx, 'supervisor', orgA);
  analyst = await signInNew(t.app, t.ctx, 'analyst', orgA);
  admin = await signInNew(t.app, t.ctx, 'admin', orgA);
  operator = await signInNew(t.app, t.ctx, 'hotline_operator', orgA);
  workerB = await signInNew(t.app, t.ctx, 'case_worker', orgB);
}, 60_000);
afterAll(async () => t?.close());

/** AUTHZ-2: the case tables answer only inside a scope; the tests read them as the system. */
const asSystem = <T>(work: (db: Executor) => Promise<T>) => inSystemScope(t.ownerDb, work);
const count = (tables: Parameters<typeof countRows>[1]) => asSystem((db) => countRows({ ...t.ctx, db: db as typeof t.ownerDb }, tables));

const inject = (user: SignedInUser | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({ method, url, ...(user ? { headers: user.headers } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });

const survivorOfA = () => buildCaseSurvivor(t.ctx, orgA, worker.id);

async function openCase(body: Record<string, unknown> = {}, as: SignedInUser = worker): Promise<CaseView> {
  const survivorId = (body.survivorId as string | undefined) ?? (await survivorOfA()).survivor.id;
  const res = await inject(as, 'POST', '/api/cases', { survivorId, riskLevel: 'medium', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as CaseView;
}

const allYes = () => Object.fromEntries(CLOSURE_CHECKLIST_ITEMS.map((i) => [i, 'yes']));

describe('POST /api/cases', () => {
  it('answers 401 without a session and 404 to roles without case work (analyst, admin, operator)', async () => {
    const { survivor } = await survivorOfA();
    expectError(await inject(null, 'POST', '/api/cases', { survivorId: survivor.id }), 401);
    for (const user of [analyst, admin, operator]) {
      const res = await inject(user, 'POST', '/api/cases', { survivorId: survivor.id });
      expectError(res, 404, { code: 'case.not_found' });
      await expectDeniedAudit(t.ctx, res);
    }
  });

  it('CON-1/CON-2: refuses without a live services consent (422), writing nothing', async () => {
    const built = await buildSurvivor(t.ctx, orgA, {}, worker.id);
    const before = await count(['cases', 'case_incidents', 'audit_log']);
    const res = await inject(worker, 'POST', '/api/cases', { survivorId: built.survivor.id });
    expectError(res, 422, { code: 'case.services_consent_required', field: 'survivorId' });
    expect(res.json().error.message).toMatch(/consent/);
    const after = await count(['cases', 'case_incidents']);
    expect(after.cases).toBe(before.cases);
  });

  it('400 naming the field for bad input, nothing written', async () => {
    const { survivor } = await survivorOfA();
    const before = await count(['cases']);
    expectError(await inject(worker, 'POST', '/api/cases', { survivorId: survivor.id, riskLevel: 'extreme' }), 400, { field: 'body.riskLevel' });
    expectError(await inject(worker, 'POST', '/api/cases', { survivorId: 'nope' }), 400, { field: 'body.survivorId' });
    expectError(await inject(worker, 'POST', '/api/cases', { survivorId: survivor.id, colour: 'red' }), 400);
    const badPlan = { needs: [{ category: 'shoes', description: 'x', actions: [] }], strengths: [] };
    expectError(await inject(worker, 'POST', '/api/cases', { survivorId: survivor.id, plan: badPlan }), 400, { field: 'body.plan.needs.0.category' });
    expectError(await inject(worker, 'POST', '/api/cases', { survivorId: survivor.id, nextFollowUpOn: '2026-13-40' }), 400, { field: 'body.nextFollowUpOn' });
    expect((await count(['cases'])).cases).toBe(before.cases);
  });

  it('opens a case with a code, the plan sealed, the incident linked, and audits it', async () => {
    const built = await survivorOfA();
    const incident = await buildIncident(t.ctx, built, { hoursAgo: 5 });
    const plan = canaryPlan();
    const view = await openCase({ survivorId: built.survivor.id, incidentIds: [incident.id], plan, riskLevel: 'high' });
    expect(view.code).toMatch(/^CASE-\d{4}-\d{4}$/);
    expect(view).toMatchObject({ status: 'open', riskLevel: 'high', planStatus: 'draft', assignedTo: worker.id, needs: ['medical'], strengthKinds: ['survivor_group'], version: 1 });
    expect(view.plan).toEqual(plan);
    expect(view.incidentIds).toEqual([incident.id]);
    expect(view.clinicalClock?.incidentId).toBe(incident.id);
    expect(view.clinicalClock?.windows.find((w) => w.kind === 'pep')?.state).toBe('open');
    expect(await auditRows(t.ctx, { action: 'case.create', resourceId: view.id })).toHaveLength(1);
  });

  it('numbers the cases of an organisation one after another', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await openCase({ survivorId: (await survivorOfA()).survivor.id })).code);
    const numbers = codes.map((code) => Number(code.slice(-4)));
    expect(new Set(codes).size).toBe(3);
    expect(numbers[1]).toBe(numbers[0]! + 1);
    expect(numbers[2]).toBe(numbers[0]! + 2);
  });

  it('REL-2: a replayed idempotency key returns the same case; a second open case of one survivor is 409', async () => {
    const { survivor } = await survivorOfA();
    const key = `case-${randomUUID()}`;
    const first = await openCase({ survivorId: survivor.id, idempotencyKey: key });
    const again = await openCase({ survivorId: survivor.id, idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expectError(await inject(worker, 'POST', '/api/cases', { survivorId: survivor.id }), 409, { code: 'case.already_open' });
  });

  it("404 for another organisation's survivor or incident; 422 for another survivor's incident", async () => {
    const builtB = await buildCaseSurvivor(t.ctx, workerB.organisationId, workerB.id);
    expectError(await inject(worker, 'POST', '/api/cases', { survivorId: builtB.survivor.id }), 404);
    const incidentB = await buildIncident(t.ctx, builtB);
    const { survivor } = await survivorOfA();
    expectError(await inject(worker, 'POST', '/api/cases', { survivorId: survivor.id, incidentIds: [incidentB.id] }), 404);
    const other = await survivorOfA();
    const otherIncident = await buildIncident(t.ctx, other);
    expectError(await inject(worker, 'POST', '/api/cases', { survivorId: survivor.id, incidentIds: [otherIncident.id] }), 422, { code: 'case.incident_other_survivor', field: 'incidentIds.0' });
  });

  it('MIN-2: a case worker cannot assign a case to someone else (ignored); a supervisor can, to case workers only', async () => {
    const mine = await openCase({ assignedTo: supervisor.id });
    expect(mine.assignedTo).toBe(worker.id);
    const assigned = await openCase({ assignedTo: worker.id }, supervisor);
    expect(assigned.assignedTo).toBe(worker.id);
    const { survivor } = await survivorOfA();
    expectError(await inject(supervisor, 'POST', '/api/cases', { survivorId: survivor.id, assignedTo: analyst.id }), 400, { field: 'assignedTo' });
  });
});

describe('GET and PATCH /api/cases/:id', () => {
  it('reads the case with its plan (audited case.read); 404 to other organisations and roles without case work', async () => {
    const view = await openCase({ plan: canaryPlan() });
    const res = await inject(worker, 'GET', `/api/cases/${view.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json().plan.needs[0].description).toMatch(/^CANARY-need-/);
    const reads = await auditRows(t.ctx, { action: 'case.read', resourceId: view.id });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]!.details).toMatchObject({ fields: ['plan'] });
    for (const user of [workerB, analyst, admin, operator]) expectError(await inject(user, 'GET', `/api/cases/${view.id}`), 404);
    expectError(await inject(worker, 'GET', `/api/cases/${randomUUID()}`), 404);
  });

  it('REL-2: a stale version is 409 with the current version in the message', async () => {
    const view = await openCase();
    const ok = await inject(worker, 'PATCH', `/api/cases/${view.id}`, { version: 1, riskLevel: 'high' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ riskLevel: 'high', version: 2 });
    const stale = await inject(worker, 'PATCH', `/api/cases/${view.id}`, { version: 1, riskLevel: 'low' });
    expectError(stale, 409, { code: 'case.version_conflict', field: 'version' });
    expect(stale.json().error.message).toMatch(/version 2/);
    expectError(await inject(worker, 'PATCH', `/api/cases/${view.id}`, { riskLevel: 'low' }), 400, { field: 'body.version' });
  });

  it('links one more of the survivor’s incidents', async () => {
    const built = await survivorOfA();
    const view = await openCase({ survivorId: built.survivor.id });
    const incident = await buildIncident(t.ctx, built);
    const res = await inject(worker, 'POST', `/api/cases/${view.id}/incidents`, { incidentId: incident.id, version: view.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().incidentIds).toEqual([incident.id]);
  });
});

describe('the plan: draft → submitted → approved / returned', () => {
  it('refuses an incomplete plan (422 naming the part), then goes through approval by another supervisor', async () => {
    const view = await openCase({ plan: { needs: [{ category: 'legal', description: 'Fictional need', actions: [] }], strengths: [] } });
    expectError(await inject(worker, 'POST', `/api/cases/${view.id}/plan/submit`, { version: view.version }), 422, { code: 'case.plan_incomplete', field: 'plan.needs.0.actions' });
    const edited = await inject(worker, 'PATCH', `/api/cases/${view.id}`, { version: view.version, plan: canaryPlan() });
    const v2 = edited.json() as CaseView;
    expectError(await inject(worker, 'POST', `/api/cases/${view.id}/plan/approve`, { version: v2.version }), 403);
    expectError(await inject(supervisor, 'POST', `/api/cases/${view.id}/plan/approve`, { version: v2.version }), 422, { code: 'case.plan_approve_not_allowed' });
    const submitted = (await inject(worker, 'POST', `/api/cases/${view.id}/plan/submit`, { version: v2.version })).json() as CaseView;
    expect(submitted).toMatchObject({ planStatus: 'submitted', planSubmittedBy: worker.id });
    expectError(await inject(worker, 'POST', `/api/cases/${view.id}/plan/submit`, { version: submitted.version }), 422);
    const listed = (await inject(supervisor, 'GET', '/api/cases?planAwaitingApproval=true&limit=200')).json().data as Array<{ id: string }>;
    expect(listed.map((c) => c.id)).toContain(view.id);
    expectError(await inject(supervisor, 'POST', `/api/cases/${view.id}/plan/approve`, { version: v2.version }), 409);
    const approved = (await inject(supervisor, 'POST', `/api/cases/${view.id}/plan/approve`, { version: submitted.version })).json() as CaseView;
    expect(approved).toMatchObject({ planStatus: 'approved', planApprovedBy: supervisor.id });
    // Editing an approved plan sends it back to draft.
    const reedited = (await inject(worker, 'PATCH', `/api/cases/${view.id}`, { version: approved.version, plan: canaryPlan() })).json() as CaseView;
    expect(reedited.planStatus).toBe('draft');
    expect(await auditRows(t.ctx, { action: 'case.plan_approve', resourceId: view.id })).toHaveLength(1);
  });

  it('returns a plan with a reason, and keeps a supervisor from approving their own submission', async () => {
    const view = await openCase({ plan: canaryPlan() }, supervisor);
    const submitted = (await inject(supervisor, 'POST', `/api/cases/${view.id}/plan/submit`, { version: view.version })).json() as CaseView;
    expectError(await inject(supervisor, 'POST', `/api/cases/${view.id}/plan/approve`, { version: submitted.version }), 422, { code: 'case.four_eyes' });
    expectError(await inject(supervisor2, 'POST', `/api/cases/${view.id}/plan/return`, { version: submitted.version }), 400, { field: 'body.reason' });
    const returned = (await inject(supervisor2, 'POST', `/api/cases/${view.id}/plan/return`, { version: submitted.version, reason: 'Add the safety need' })).json() as CaseView;
    expect(returned).toMatchObject({ planStatus: 'returned', planReturnReason: 'Add the safety need' });
    const resubmitted = await inject(supervisor, 'POST', `/api/cases/${view.id}/plan/submit`, { version: returned.version });
    expect(resubmitted.json().planStatus).toBe('submitted');
  });
});

describe('follow-ups', () => {
  it('records a visit with a sealed note, moves the risk and next date, lists them (audited)', async () => {
    const view = await openCase();
    const note = `CANARY-note-${randomUUID().slice(0, 8)}`;
    const key = `fu-${randomUUID()}`;
    const body = { happenedOn: new Date().toISOString().slice(0, 10), kind: 'visit', note, riskLevel: 'high', nextFollowUpOn: '2020-01-01', idempotencyKey: key };
    const res = await inject(worker, 'POST', `/api/cases/${view.id}/follow-ups`, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'visit', note, riskLevel: 'high', erased: false });
    const replay = await inject(worker, 'POST', `/api/cases/${view.id}/follow-ups`, body);
    expect(replay.json().id).toBe(res.json().id);
    const after = (await inject(worker, 'GET', `/api/cases/${view.id}`)).json() as CaseView;
    expect(after).toMatchObject({ riskLevel: 'high', nextFollowUpOn: '2020-01-01', followUpOverdue: true });
    const list = await inject(worker, 'GET', `/api/cases/${view.id}/follow-ups`);
    expect(list.json().data).toHaveLength(1);
    expect(await auditRows(t.ctx, { action: 'case.follow_ups_read', resourceId: view.id })).toHaveLength(1);
    const overdue = (await inject(worker, 'GET', '/api/cases?followUpOverdue=true&limit=200')).json().data as Array<{ id: string }>;
    expect(overdue.map((c) => c.id)).toContain(view.id);
    expectError(await inject(worker, 'POST', `/api/cases/${view.id}/follow-ups`, { ...body, idempotencyKey: undefined, happenedOn: '2999-01-01' }), 400, { field: 'happenedOn' });
    expectError(await inject(worker, 'POST', `/api/cases/${view.id}/follow-ups`, { ...body, kind: 'séance' }), 400, { field: 'body.kind' });
    expectError(await inject(workerB, 'POST', `/api/cases/${view.id}/follow-ups`, body), 404);
  });
});

describe('closure', () => {
  it('needs every checklist item (400), no blocking answer (422), a supervisor, and keeps closed cases read-only', async () => {
    const view = await openCase();
    const url = `/api/cases/${view.id}/closure`;
    const partial = allYes();
    delete partial.referrals_closed;
    expectError(await inject(worker, 'POST', url, { version: view.version, reason: 'needs_met', checklist: partial }), 400, { code: 'case.closure_checklist_incomplete', field: 'checklist.referrals_closed' });
    expectError(await inject(worker, 'POST', url, { version: view.version, reason: 'needs_met', checklist: { ...allYes(), survivor_informed: 'no' } }), 422, { code: 'case.closure_checklist_blocking' });
    expectError(await inject(worker, 'POST', url, { version: view.version, reason: 'bored', checklist: allYes() }), 400, { field: 'body.reason' });
    expectError(await inject(supervisor, 'POST', `/api/cases/${view.id}/closure/approve`, { version: view.version }), 422, { code: 'case.approve_closure_not_allowed' });

    const requested = (await inject(worker, 'POST', url, { version: view.version, reason: 'lost_contact', checklist: { ...allYes(), survivor_informed: 'no' } })).json() as CaseView;
    expect(requested).toMatchObject({ status: 'closure_requested', closureReason: 'lost_contact', closureRequestedBy: worker.id });
    expectError(await inject(worker, 'PATCH', `/api/cases/${view.id}`, { version: requested.version, riskLevel: 'low' }), 422, { code: 'case.read_only' });
    expectError(await inject(worker, 'POST', `/api/cases/${view.id}/closure/approve`, { version: requested.version }), 403);
    const returned = (await inject(supervisor, 'POST', `/api/cases/${view.id}/closure/return`, { version: requested.version, reason: 'Try one more visit' })).json() as CaseView;
    expect(returned).toMatchObject({ status: 'open', closureReturnReason: 'Try one more visit' });
    const again = (await inject(worker, 'POST', url, { version: returned.version, reason: 'needs_met', checklist: allYes() })).json() as CaseView;
    const closed = (await inject(supervisor, 'POST', `/api/cases/${view.id}/closure/approve`, { version: again.version })).json() as CaseView;
    expect(closed).toMatchObject({ status: 'closed', closureApprovedBy: supervisor.id });
    expect(closed.closedAt).not.toBeNull();

    const today = new Date().toISOString().slice(0, 10);
    expectError(await inject(worker, 'POST', `/api/cases/${view.id}/follow-ups`, { happenedOn: today, kind: 'call' }), 422, { code: 'case.read_only' });
    expectError(await inject(worker, 'PATCH', `/api/cases/${view.id}`, { version: closed.version, plan: canaryPlan() }), 422, { code: 'case.read_only' });
    expectError(await inject(worker, 'POST', `/api/cases/${view.id}/reopen`, { version: closed.version }), 403);
    const reopened = (await inject(supervisor, 'POST', `/api/cases/${view.id}/reopen`, { version: closed.version })).json() as CaseView;
    expect(reopened).toMatchObject({ status: 'open', closedAt: null });
    expect(await auditRows(t.ctx, { action: 'case.reopen', resourceId: view.id })).toHaveLength(1);
  });
});

describe('GET /api/cases', () => {
  it('lists only the organisation’s cases, with filters and keyset pages', async () => {
    const orgC = (await buildOrganisation(t.ctx)).id;
    const w = await signInNew(t.app, t.ctx, 'case_worker', orgC);
    const s = await signInNew(t.app, t.ctx, 'supervisor', orgC);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const built = await buildCaseSurvivor(t.ctx, orgC, w.id);
      ids.push((await openCase({ survivorId: built.survivor.id, riskLevel: i === 0 ? 'high' : 'low' }, i < 2 ? s : w)).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await inject(w, 'GET', `/api/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { data: Array<{ id: string; survivorCode: string; organisationId: string }>; nextCursor: string | null };
      expect(body.data.every((c) => c.organisationId === orgC && c.survivorCode.length > 0)).toBe(true);
      seen.push(...body.data.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect((await inject(w, 'GET', '/api/cases?riskLevel=high')).json().data.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    // Opened by the supervisor, so assigned to them.
    expect((await inject(w, 'GET', '/api/cases?assignedToMe=true')).json().data).toHaveLength(3);
    expect((await inject(w, 'GET', '/api/cases?status=closed')).json().data).toHaveLength(0);
    expectError(await inject(w, 'GET', '/api/cases?cursor=garbage'), 400, { field: 'query.cursor' });
    expectError(await inject(w, 'GET', '/api/cases?riskLevel=extreme'), 400, { field: 'query.riskLevel' });
    expectError(await inject(w, 'GET', '/api/cases?limit=0'), 400, { field: 'query.limit' });
    for (const user of [analyst, admin, operator]) expectError(await inject(user, 'GET', '/api/cases'), 404);
  });

  it('sorts open cases with a rape or sexual assault by clinical time left (issue 3 part 5)', async () => {
    const orgD = (await buildOrganisation(t.ctx)).id;
    const w = await signInNew(t.app, t.ctx, 'case_worker', orgD);
    const make = async (hoursAgo: number | null) => {
      const built = await buildCaseSurvivor(t.ctx, orgD, w.id);
      const incident = hoursAgo === null ? null : await buildIncident(t.ctx, built, { hoursAgo });
      return (await openCase({ survivorId: built.survivor.id, incidentIds: incident ? [incident.id] : [] }, w)).id;
    };
    const recent = await make(2);
    const old = await make(200);
    const urgent = await make(60);
    const none = await make(null);
    const res = await inject(w, 'GET', '/api/cases?sort=clinical');
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json().data as Array<{ id: string }>).map((c) => c.id);
    expect(ids).toEqual([urgent, recent, old]);
    expect(ids).not.toContain(none);
  });
});

describe('erasure (STO-3)', () => {
  it('shows the plan and notes as erased, never a 500, and refuses to seal anything new', async () => {
    const view = await openCase({ plan: canaryPlan() });
    const today = new Date().toISOString().slice(0, 10);
    await inject(worker, 'POST', `/api/cases/${view.id}/follow-ups`, { happenedOn: today, kind: 'call', note: 'Fictional note' });
    // SES-1: erasure needs a fresh password confirmation.
    expect((await inject(supervisor, 'POST', '/api/auth/reauthenticate', { password: supervisor.password })).statusCode).toBe(204);
    const erasure = await inject(supervisor, 'POST', `/api/survivors/${view.survivorId}/erasure`, { reason: 'survivor_request' });
    expect(erasure.statusCode, erasure.body).toBe(200);
    const read = await inject(worker, 'GET', `/api/cases/${view.id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ plan: null, planErased: true });
    const notes = await inject(worker, 'GET', `/api/cases/${view.id}/follow-ups`);
    expect(notes.json().data[0]).toMatchObject({ note: null, erased: true });
    const current = read.json() as CaseView;
    expectError(await inject(worker, 'PATCH', `/api/cases/${view.id}`, { version: current.version, plan: canaryPlan() }), 409, { code: 'survivor.erased' });
  });
});

describe('canaries (STO-1, AUD-1, MIN-2)', () => {
  it('never stores plan text or notes in clear, never audits them, never answers them to others', async () => {
    const plan = canaryPlan();
    const view = await openCase({ plan });
    const note = `CANARY-note-${randomUUID().slice(0, 8)}`;
    await inject(worker, 'POST', `/api/cases/${view.id}/follow-ups`, { happenedOn: new Date().toISOString().slice(0, 10), kind: 'call', note });
    await inject(worker, 'GET', `/api/cases/${view.id}`);
    const canaries = [plan.needs[0]!.description, plan.needs[0]!.actions[0]!.action, plan.strengths[0]!.description, plan.goals!, note];
    for (const table of ['cases', 'case_follow_ups', 'audit_log'] as const) {
      const { rows } = await asSystem((db) => sql<{ j: string }>`select row_to_json(x)::text as j from ${sql.table(table)} x`.execute(db));
      const dump = rows.map((r) => r.j).join('\n');
      for (const canary of canaries) expect(dump, `${canary} in ${table}`).not.toContain(canary);
    }
    for (const user of [workerB, analyst, admin, operator]) {
      for (const url of [`/api/cases/${view.id}`, `/api/cases/${view.id}/follow-ups`, '/api/cases']) {
        const body = (await inject(user, 'GET', url)).body;
        for (const canary of canaries) expect(body).not.toContain(canary);
      }
    }
    // The list never opens plans, even for the case worker.
    const list = (await inject(worker, 'GET', '/api/cases?limit=200')).body;
    for (const canary of canaries) expect(list).not.toContain(canary);
  });
});
