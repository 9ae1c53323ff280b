/** Response tasks through HTTP (issue 4 part 4): creation, partner view at area precision, moves, responded_at. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../../core/schemas/alert-response';
import { auditRows, expectError, signInNew } from '../../test/authz/helpers';
import { buildAlertChannel } from '../../test/factories-alerts';
import { buildResponseAlert } from '../../test/factories-alert-response';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let orgB: string;
let orgC: string;
let officer: SignedInUser;
let worker: SignedInUser;
let partner: SignedInUser;
let outsider: SignedInUser;
let areaId: string;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  orgC = (await buildOrganisation(t.ctx)).id;
  officer = await signInNew(t.app, t.ctx, 'coordinator', orgA);
  worker = await signInNew(t.app, t.ctx, 'case_worker', orgA);
  partner = await signInNew(t.app, t.ctx, 'coordinator', orgB);
  outsider = await signInNew(t.app, t.ctx, 'supervisor', orgC);
  const area = await t.ownerDb
    .insertInto('areas')
    .values({ code: 'ZZ7101', level: 2, level_name: 'territory', names: JSON.stringify({ en: 'Fictionalia North' }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  areaId = area.id;
}, 120_000);
afterAll(async () => t?.close());

const inject = (user: SignedInUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const alertOf = (options: Parameters<typeof buildResponseAlert>[3] = {}) => buildResponseAlert(t.ctx, t.ownerDb, orgA, { areaId, ...options });
const taskFor = async (alertId: string, body: Record<string, unknown> = {}) => {
  const res = await inject(officer, 'POST', `/api/alerts/${alertId}/tasks`, { title: 'Patrol the market road', dueInMinutes: 120, assignee: { organisationId: orgB }, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TaskView;
};
const countOf = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(t.ownerDb)).rows[0]!.n);

describe('giving a task', () => {
  it('creates the task, records a task event, notifies the partner’s responders and queues the contact’s SMS', async () => {
    const alert = await alertOf();
    const res = await inject(officer, 'POST', `/api/alerts/${alert.id}/tasks`, {
      title: 'Patrol the market road',
      instructions: 'Ask for Marie Kabila at the market, call +1 555 0100 123',
      dueInMinutes: 90,
      assignee: { organisationId: orgB },
      contactPhone: '+15550100123',
    });
    expect(res.statusCode, res.body).toBe(201);
    const task = res.json() as TaskView;
    expect(task).toMatchObject({ viewer: 'owner', alertId: alert.id, status: 'open', contactPhoneSet: true, assignee: { organisationId: orgB, component: null, userId: null } });
    expect(task.warnings).toEqual(expect.arrayContaining(['identifying_text.phone_number']));
    expect(JSON.stringify(task)).not.toContain('15550100123'.slice(-7) + '"');
    const events = await t.ownerDb.selectFrom('alert_events').selectAll().where('alert_id', '=', alert.id).where('kind', '=', 'task').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ taskId: task.id, action: 'created', assignee: 'organisationId' });
    const notes = await t.ownerDb.selectFrom('notifications').selectAll().where('user_id', '=', partner.id).where('kind', '=', 'alert_task_assigned').execute();
    expect(notes.map((n) => (n.data as { taskId: string }).taskId)).toContain(task.id);
    const outbox = await t.ownerDb.selectFrom('sms_outbox').selectAll().where('task_id', '=', task.id).execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ purpose: 'task', status: 'pending', organisation_id: orgA });
    // STO-1: the number is sealed in the task and the outbox, never stored plain.
    const raw = await sql<{ row: string }>`select (t.*)::text || (o.*)::text as row from alert_tasks t join sms_outbox o on o.task_id = t.id where t.id = ${task.id}`.execute(t.ownerDb);
    expect(raw.rows[0]!.row).not.toContain('5550100123');
    expect(await countOf(sql`select count(*)::int as n from jobs where queue = 'alerts.outbox' and payload->>'id' = ${outbox[0]!.id}`)).toBe(1);
    expect((await auditRows(t.ctx, { action: 'alert_task.create', resourceId: task.id })).length).toBe(1);
  });

  it('gives tasks to a mission component or to an officer of the organisation', async () => {
    const alert = await alertOf({ state: 'verified' });
    expect((await taskFor(alert.id, { assignee: { component: 'police' } })).assignee.component).toBe('police');
    expect((await taskFor(alert.id, { assignee: { userId: officer.id } })).assignee.userId).toBe(officer.id);
    const listed = await inject(officer, 'GET', `/api/alerts/${alert.id}/tasks`);
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as { data: TaskView[] }).data).toHaveLength(2);
  });

  it('refuses bad bodies with the field named, writing nothing', async () => {
    const alert = await alertOf();
    const before = await countOf(sql`select count(*)::int as n from alert_tasks`);
    const post = (body: Record<string, unknown>) => inject(officer, 'POST', `/api/alerts/${alert.id}/tasks`, { title: 'Patrol', dueInMinutes: 60, assignee: { component: 'force' }, ...body });
    expectError(await post({ title: 'x'.repeat(121) }), 400, { field: 'body.title' });
    expectError(await post({ dueInMinutes: undefined, dueAt: new Date(Date.now() - 60_000).toISOString() }), 400, { field: 'dueAt' });
    expectError(await post({ dueAt: new Date(Date.now() + 60_000).toISOString() }), 400, { field: 'body.dueAt' });
    expectError(await post({ assignee: { organisationId: crypto.randomUUID() } }), 400, { field: 'assignee.organisationId' });
    expectError(await post({ assignee: { userId: worker.id } }), 400, { field: 'assignee.userId' });
    expectError(await post({ assignee: { component: 'navy' } }), 400);
    expectError(await post({ contactPhone: '0812345678' }), 400, { field: 'body.contactPhone' });
    expectError(await post({ extra: true }), 400);
    expect(await countOf(sql`select count(*)::int as n from alert_tasks`)).toBe(before);
  });

  it('refuses tasks on new, dismissed or closed alerts (409) and hides other organisations’ alerts (404)', async () => {
    for (const state of ['new', 'dismissed', 'closed']) {
      const alert = await alertOf({ state });
      expectError(await inject(officer, 'POST', `/api/alerts/${alert.id}/tasks`, { title: 'Patrol', dueInMinutes: 60, assignee: { component: 'force' } }), 409, { field: 'state' });
    }
    const alert = await alertOf();
    expectError(await inject(partner, 'POST', `/api/alerts/${alert.id}/tasks`, { title: 'Patrol', dueInMinutes: 60, assignee: { component: 'force' } }), 404);
    expectError(await inject(worker, 'POST', `/api/alerts/${alert.id}/tasks`, { title: 'Patrol', dueInMinutes: 60, assignee: { component: 'force' } }), 404);
    expectError(await inject(partner, 'GET', `/api/alerts/${alert.id}/tasks`), 404);
  });
});

describe('a partner’s view', () => {
  it('lists the tasks given to the partner with the alert at area precision only', async () => {
    const alert = await alertOf({ text: 'Fictional secret text of the alert' });
    const task = await taskFor(alert.id, { contactPhone: '+15550100124' });
    const res = await inject(partner, 'GET', '/api/alerts/tasks?mine=true');
    expect(res.statusCode).toBe(200);
    const mine = (res.json() as { data: TaskView[] }).data.find((row) => row.id === task.id)!;
    expect(mine).toMatchObject({ viewer: 'assignee', alertId: null, alert: { reference: alert.reference, areaId, severity: 'high', categories: ['threat'], state: 'acknowledged' } });
    expect(Object.keys(mine.alert).sort()).toEqual(['areaId', 'categories', 'receivedAt', 'reference', 'severity', 'state']);
    const keys = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          walk(inner);
        }
    };
    walk(res.json());
    for (const key of ['text', 'location', 'sender', 'senderIdentity', 'lat', 'lon', 'point']) expect(keys.has(key), key).toBe(false);
    for (const leak of ['Fictional secret text', '15555550142', alert.id]) expect(res.body).not.toContain(leak);
    // Another organisation, neither owner nor assignee, sees none of it.
    const others = await inject(outsider, 'GET', '/api/alerts/tasks');
    expect((others.json() as { data: TaskView[] }).data.map((row) => row.id)).not.toContain(task.id);
    expectError(await inject(outsider, 'PATCH', `/api/alerts/tasks/${task.id}`, { version: 1, status: 'accepted' }), 404);
    expectError(await inject(worker, 'GET', '/api/alerts/tasks'), 404);
  });

  it('lets the officer list what the organisation gave, filtered by status, page by page', async () => {
    const alert = await alertOf();
    for (let i = 0; i < 3; i++) await taskFor(alert.id, { dueInMinutes: 500 + i });
    const first = await inject(officer, 'GET', '/api/alerts/tasks?status=open&limit=2');
    const page = first.json() as { data: TaskView[]; nextCursor: string | null };
    expect(page.data).toHaveLength(2);
    expect(page.data.every((row) => row.viewer === 'owner' && row.status === 'open')).toBe(true);
    const next = await inject(officer, 'GET', `/api/alerts/tasks?status=open&limit=2&cursor=${page.nextCursor}`);
    const ids = new Set([...page.data, ...(next.json() as { data: TaskView[] }).data].map((row) => row.id));
    expect(ids.size).toBe(page.data.length + (next.json() as { data: TaskView[] }).data.length);
    expectError(await inject(officer, 'GET', '/api/alerts/tasks?cursor=bogus'), 400, { field: 'query.cursor' });
  });
});

describe('working a task', () => {
  it('moves open -> accepted -> in_progress -> done, and the first done task sets responded_at once', async () => {
    const alert = await alertOf({ state: 'verified' });
    const first = await taskFor(alert.id);
    const second = await taskFor(alert.id);
    const patch = (user: SignedInUser, id: string, body: Record<string, unknown>) => inject(user, 'PATCH', `/api/alerts/tasks/${id}`, body);

    let res = await patch(partner, first.id, { version: 1, status: 'accepted' });
    expect(res.statusCode, res.body).toBe(200);
    expectError(await patch(partner, first.id, { version: 1, status: 'in_progress' }), 409, { field: 'version' });
    res = await patch(partner, first.id, { version: 2, status: 'in_progress' });
    expect((res.json() as TaskView).status).toBe('in_progress');
    expectError(await patch(partner, first.id, { version: 3, status: 'done' }), 400, { field: 'body.outcome' });
    expectError(await patch(partner, first.id, { version: 3, status: 'open' }), 409, { field: 'status' });
    expectError(await patch(partner, first.id, { version: 3, status: 'cancelled' }), 403);
    expectError(await patch(partner, first.id, { version: 3, dueAt: new Date(Date.now() + 3_600_000).toISOString() }), 403);
    expectError(await patch(partner, first.id, { version: 3, outcome: 'resolved' }), 400, { field: 'outcome' });
    res = await patch(partner, first.id, { version: 3, status: 'done', outcome: 'resolved', outcomeNote: 'Patrol went; calm.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'done', outcome: 'resolved', viewer: 'assignee', alertId: null });
    const responded = await t.ownerDb.selectFrom('alerts').select('responded_at').where('id', '=', alert.id).executeTakeFirstOrThrow();
    expect(responded.responded_at).not.toBeNull();
    expectError(await patch(partner, first.id, { version: 4, status: 'cancelled' }), 409, { field: 'status' });

    res = await patch(officer, second.id, { version: 1, status: 'done', outcome: 'no_action_needed' });
    expect(res.statusCode, res.body).toBe(200);
    const after = await t.ownerDb.selectFrom('alerts').select('responded_at').where('id', '=', alert.id).executeTakeFirstOrThrow();
    expect(after.responded_at?.getTime()).toBe(responded.responded_at!.getTime());
    const events = await t.ownerDb.selectFrom('alert_events').select('details').where('alert_id', '=', alert.id).where('kind', '=', 'task').execute();
    expect(events.filter((e) => (e.details as { responded?: boolean }).responded === true)).toHaveLength(1);
  });

  it('lets the owner cancel and move the due time', async () => {
    const alert = await alertOf();
    const task = await taskFor(alert.id);
    const due = new Date(Date.now() + 5 * 3_600_000).toISOString();
    let res = await inject(officer, 'PATCH', `/api/alerts/tasks/${task.id}`, { version: 1, dueAt: due });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as TaskView).dueAt).toBe(due);
    expectError(await inject(officer, 'PATCH', `/api/alerts/tasks/${task.id}`, { version: 2, dueAt: new Date(Date.now() - 1000).toISOString() }), 400, { field: 'dueAt' });
    res = await inject(officer, 'PATCH', `/api/alerts/tasks/${task.id}`, { version: 2, status: 'cancelled' });
    expect((res.json() as TaskView).status).toBe('cancelled');
  });
});

describe('targets and settings', () => {
  it('shows Weft’s defaults, then the organisation’s own targets', async () => {
    const res = await inject(officer, 'GET', '/api/alerts/response-targets');
    expect(res.json()).toMatchObject({ targets: { critical: { acknowledgeMinutes: 15, verifyMinutes: 60, respondMinutes: 240, source: 'default' } } });
    const put = await inject(officer, 'PUT', '/api/alerts/response-targets', { targets: { critical: { acknowledgeMinutes: 10, verifyMinutes: 30, respondMinutes: 120 } } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ targets: { critical: { acknowledgeMinutes: 10, source: 'organisation' }, high: { acknowledgeMinutes: 30, source: 'default' } } });
    const partnerView = await inject(partner, 'GET', '/api/alerts/response-targets');
    expect(partnerView.json()).toMatchObject({ targets: { critical: { acknowledgeMinutes: 15, source: 'default' } } });
    expectError(await inject(officer, 'PUT', '/api/alerts/response-targets', { targets: { low: { acknowledgeMinutes: 100, verifyMinutes: 50, respondMinutes: 200 } } }), 400, { field: 'body.targets.low.verifyMinutes' });
    expectError(await inject(officer, 'PUT', '/api/alerts/response-targets', { targets: { low: { acknowledgeMinutes: 0, verifyMinutes: 50, respondMinutes: 200 } } }), 400, { field: 'body.targets.low.acknowledgeMinutes' });
    expectError(await inject(worker, 'GET', '/api/alerts/response-targets'), 404);
  });

  it('keeps on-call numbers sealed and masked, and takes only a channel that can send', async () => {
    const admin = await signInNew(t.app, t.ctx, 'admin', orgA);
    const twilio = await buildAlertChannel(t.ctx, orgA, 'twilio', { accountId: 'AC0123456789abcdef0123456789abcdef' });
    const put = (body: unknown) => inject(officer, 'PUT', '/api/alerts/response-settings', body);
    const refused = await put({ outboundChannelId: twilio.id, onCallPhones: [] });
    expectError(refused, 400, { field: 'outboundChannelId' });
    expect(refused.json().error.message).toContain('senderId');
    expectError(await put({ outboundChannelId: null, onCallPhones: ['not a number'] }), 400, { field: 'body.onCallPhones.0' });

    const outbound = await inject(admin, 'PUT', `/api/alerts/channels/${twilio.id}/outbound`, { senderId: '+15550100100' });
    expect(outbound.json()).toMatchObject({ canSend: true, missing: [], senderId: '+15550100100' });
    expectError(await inject(admin, 'PUT', `/api/alerts/channels/${twilio.id}/outbound`, { outboundUrl: 'https://relay.example.org/out' }), 400, { field: 'outboundUrl' });
    expectError(await inject(officer, 'PUT', `/api/alerts/channels/${twilio.id}/outbound`, { senderId: '+15550100100' }), 404);

    const saved = await put({ outboundChannelId: twilio.id, onCallPhones: ['+15550100131', '+15550100132'] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ outboundChannelId: twilio.id, onCallPhones: [{ masked: '+155••••••31' }, { masked: '+155••••••32' }] });
    const read = await inject(officer, 'GET', '/api/alerts/response-settings');
    expect(read.body).not.toContain('0100131');
    expect((await auditRows(t.ctx, { action: 'alert_response_settings.read' })).length).toBeGreaterThan(0);
    const stored = await sql<{ row: string }>`select (s.*)::text as row from alert_response_settings s where organisation_id = ${orgA}`.execute(t.ownerDb);
    expect(stored.rows[0]!.row).not.toContain('0100131');
    expectError(await inject(partner, 'PUT', '/api/alerts/response-settings', { outboundChannelId: twilio.id, onCallPhones: [] }), 400, { field: 'outboundChannelId' });
  });
});
