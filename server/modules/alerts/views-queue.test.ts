/** The alert queue's filters, orders and keyset pages through HTTP (issue 4 part 5). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { severityRank } from '../../../core/alerts/map';
import type { AlertSummary } from '../../../core/schemas/alerts';
import { expectError, signInNew } from '../../test/authz/helpers';
import { buildAreaTree, buildViewAlert, type AreaTree, type ViewAlertSpec } from '../../test/factories-alert-views';
import { buildAlertChannel, buildFocalPoint } from '../../test/factories-alerts';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let orgB: string;
let coordinator: SignedInUser;
let supervisor: SignedInUser;
let analyst: SignedInUser;
let coordinatorB: SignedInUser;
let areas: AreaTree;
/** Every alert of organisation A as built, with its id: the model the answers are checked against. */
const model: (ViewAlertSpec & { id: string })[] = [];
const foreignIds: string[] = [];

const BASE = Date.parse('2026-03-01T00:00:00.000Z');
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  coordinator = await signInNew(t.app, t.ctx, 'coordinator', orgA);
  supervisor = await signInNew(t.app, t.ctx, 'supervisor', orgA);
  analyst = await signInNew(t.app, t.ctx, 'analyst', orgA);
  coordinatorB = await signInNew(t.app, t.ctx, 'coordinator', orgB);
  areas = await buildAreaTree(t);
  await buildAlertChannel(t.ctx, orgA, 'generic');
  const focalPoint = await buildFocalPoint(t.ctx, orgA);
  const states = ['new', 'acknowledged', 'verifying', 'verified', 'dismissed', 'closed'] as const;
  const severities = [null, 'low', 'medium', 'high', 'critical'] as const;
  const places = [areas.p1.code, areas.p2.code, areas.p.code, areas.q1.code, null];
  for (let i = 0; i < 30; i++) {
    const spec: ViewAlertSpec = {
      organisationId: orgA,
      channel: i % 3 === 0 ? 'hotline' : 'web',
      areaCode: places[i % places.length]!,
      // Three alerts share each minute: the keyset must break ties on the id.
      receivedAt: at(Math.floor(i / 3)),
      state: states[i % states.length]!,
      severity: severities[i % severities.length]!,
      assignedUserId: i % 4 === 0 ? coordinator.id : i % 4 === 1 ? supervisor.id : null,
      team: i % 5 === 0 ? 'protection' : null,
      escalationLevel: i % 7 === 0 ? 1 : 0,
      focalPointId: i % 2 === 0 ? focalPoint.id : null,
    };
    model.push({ ...spec, id: await buildViewAlert(t, spec) });
  }
  // Microseconds the browser never sees: a cursor must still land between them.
  const fine = { organisationId: orgA, channel: 'web' as const, areaCode: areas.q1.code, state: 'new' as const, severity: 'high' as const };
  for (const receivedAt of ['2026-03-02T00:00:00.000100Z', '2026-03-02T00:00:00.000200Z', '2026-03-02T00:00:00.000300Z']) {
    model.push({ ...fine, receivedAt, id: await buildViewAlert(t, { ...fine, receivedAt }) });
  }
  for (let i = 0; i < 3; i++) foreignIds.push(await buildViewAlert(t, { organisationId: orgB, areaCode: areas.p1.code, state: 'new', severity: 'critical', receivedAt: at(i) }));
}, 180_000);
afterAll(async () => t?.close());

const get = (user: SignedInUser, url: string) => t.app.inject({ method: 'GET', url, headers: user.headers });

/** Every page of the queue for `query`, following nextCursor. */
async function walk(user: SignedInUser, query: string, limit = 4): Promise<AlertSummary[]> {
  const seen: AlertSummary[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const res = await get(user, `/api/alerts?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { data: AlertSummary[]; nextCursor: string | null };
    seen.push(...body.data);
    cursor = body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('the queue never ended');
}

const idsOf = (rows: readonly { id: string }[]) => rows.map((r) => r.id).sort();
/** An alert's receipt as stored, to the microsecond (answers show milliseconds). */
const storedAt = (id: string) => {
  const iso = model.find((a) => a.id === id)!.receivedAt!;
  return iso.replace(/\.(\d{3})Z$/, '.$1000Z');
};
/** Whether a comes strictly before b: newer, or as new with the greater id. */
const newerFirst = (a: { id: string }, b: { id: string }) => storedAt(a.id) > storedAt(b.id) || (storedAt(a.id) === storedAt(b.id) && a.id > b.id);
const expected = (keep: (a: (typeof model)[number]) => boolean) => idsOf(model.filter(keep));

describe('GET /api/alerts filters', () => {
  it('filters by one or several states, severities (with none) and channels', async () => {
    expect(idsOf(await walk(coordinator, 'state=new'))).toEqual(expected((a) => a.state === 'new'));
    expect(idsOf(await walk(coordinator, 'state=new,acknowledged,verifying'))).toEqual(expected((a) => ['new', 'acknowledged', 'verifying'].includes(a.state!)));
    expect(idsOf(await walk(coordinator, 'state=new&state=closed'))).toEqual(expected((a) => ['new', 'closed'].includes(a.state!)));
    expect(idsOf(await walk(coordinator, 'severity=none'))).toEqual(expected((a) => a.severity === null));
    expect(idsOf(await walk(coordinator, 'severity=critical,none'))).toEqual(expected((a) => a.severity === null || a.severity === 'critical'));
    expect(idsOf(await walk(coordinator, 'channel=hotline&severity=high'))).toEqual(expected((a) => a.channel === 'hotline' && a.severity === 'high'));
  });

  it('filters by an area with the areas inside it, and the locating queue', async () => {
    const inP = [areas.p.code, areas.p1.code, areas.p2.code];
    expect(idsOf(await walk(coordinator, `areaId=${areas.p.id}`))).toEqual(expected((a) => !!a.areaCode && inP.includes(a.areaCode)));
    expect(idsOf(await walk(coordinator, `areaId=${areas.p1.id}&state=new,verified`))).toEqual(expected((a) => a.areaCode === areas.p1.code && ['new', 'verified'].includes(a.state!)));
    const locating = await walk(coordinator, 'needsLocating=true');
    expect(idsOf(locating)).toEqual(expected((a) => !a.areaCode));
    expect(locating.every((a) => a.needsLocating && a.areaId === null)).toBe(true);
    expect(idsOf(await walk(coordinator, 'needsLocating=false'))).toEqual(expected((a) => !!a.areaCode));
  });

  it('filters by time, assignment (me, none, a person), team, sender and escalation', async () => {
    expect(idsOf(await walk(coordinator, `from=${at(2)}&to=${at(5)}`))).toEqual(expected((a) => a.receivedAt! >= at(2) && a.receivedAt! < at(5)));
    expect(idsOf(await walk(coordinator, 'assignedTo=me'))).toEqual(expected((a) => a.assignedUserId === coordinator.id));
    expect(idsOf(await walk(supervisor, 'assignedTo=me'))).toEqual(expected((a) => a.assignedUserId === supervisor.id));
    expect(idsOf(await walk(supervisor, `assignedTo=${coordinator.id}&state=new`))).toEqual(expected((a) => a.assignedUserId === coordinator.id && a.state === 'new'));
    expect(idsOf(await walk(coordinator, 'assignedTo=none'))).toEqual(expected((a) => !a.assignedUserId));
    expect(idsOf(await walk(coordinator, 'team=protection'))).toEqual(expected((a) => a.team === 'protection'));
    expect(idsOf(await walk(coordinator, 'unknownSender=true'))).toEqual(expected((a) => !a.focalPointId));
    expect(idsOf(await walk(coordinator, 'escalated=true'))).toEqual(expected((a) => (a.escalationLevel ?? 0) > 0));
    expect(idsOf(await walk(coordinator, 'escalated=false&unknownSender=false'))).toEqual(expected((a) => !a.escalationLevel && !!a.focalPointId));
  });

  it('never lists another organisation’s alerts', async () => {
    const all = await walk(coordinator, 'state=new', 100);
    expect(all.some((a) => foreignIds.includes(a.id))).toBe(false);
    expect(idsOf(await walk(coordinatorB, 'state=new'))).toEqual([...foreignIds].sort());
    expectError(await get(analyst, '/api/alerts'), 404);
  });
});

describe('GET /api/alerts pages', () => {
  it('pages newest first without gaps or repeats, ties and microseconds included', async () => {
    for (const limit of [1, 4, 7]) {
      const rows = await walk(coordinator, 'sort=received', limit);
      expect(idsOf(rows)).toEqual(expected(() => true));
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      for (let i = 1; i < rows.length; i++) expect(newerFirst(rows[i - 1]!, rows[i]!), `${rows[i - 1]!.id} before ${rows[i]!.id}`).toBe(true);
    }
  });

  it('pages critical first, unrated last, then newest, without gaps or repeats', async () => {
    for (const query of ['sort=severity', 'sort=severity&state=new,acknowledged,verifying', `sort=severity&areaId=${areas.p.id}`, 'sort=severity&assignedTo=none']) {
      const rows = await walk(coordinator, query, 3);
      const all = await walk(coordinator, query.replace('sort=severity', 'sort=received'), 100);
      expect(idsOf(rows)).toEqual(idsOf(all));
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1]!, rows[i]!];
        const [ra, rb] = [severityRank(a.severity), severityRank(b.severity)];
        expect(ra > rb || (ra === rb && newerFirst(a, b))).toBe(true);
      }
    }
  });

  it('refuses bad filters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['state=open', 'query.state'],
      ['state=new,,closed', 'query.state'],
      ['severity=urgent', 'query.severity'],
      ['channel=pigeon', 'query.channel'],
      ['areaId=nowhere', 'query.areaId'],
      [`areaId=${crypto.randomUUID()}`, 'query.areaId'],
      ['from=yesterday', 'query.from'],
      [`from=${at(10)}&to=${at(1)}`, 'query.to'],
      ['assignedTo=bob', 'query.assignedTo'],
      ['needsLocating=yes', 'query.needsLocating'],
      ['escalated=1', 'query.escalated'],
      ['sort=oldest', 'query.sort'],
      ['limit=101', 'query.limit'],
      ['cursor=zzz', 'query.cursor'],
    ];
    for (const [query, field] of cases) expectError(await get(coordinator, `/api/alerts?${query}`), 400, { field });
    // A cursor of one order is refused in the other.
    const first = (await get(coordinator, '/api/alerts?sort=received&limit=1')).json() as { nextCursor: string };
    expectError(await get(coordinator, `/api/alerts?sort=severity&cursor=${first.nextCursor}`), 400, { field: 'query.cursor' });
  });
});
