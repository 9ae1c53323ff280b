/**
 * Rapid response (issue 4 part 4). Tasks are given by alert officers ('alerts.triage') and
 * worked by the assignee organisation's responders ('alerts.respond'): a task the other
 * organisation gave to the actor's ('recipient') is theirs to move; one it kept is hidden
 * (404). Targets are read by officers and set by 'alerts.targets', as are the outbound
 * settings and the names of the channels to send through; channel outbound configuration is
 * 'alerts.configure'; the outbox is read by either.
 * SMSSync's pull is public with the channel's secret, which the matrix never has (401).
 */
import { randomUUID } from 'node:crypto';
import { roleHasPermission, type Permission } from '../../../../core/auth/roles';
import type { AppContext } from '../../../platform/context';
import { buildAlert } from '../../factories-alert-triage';
import { buildAlertChannel } from '../../factories-alerts';
import { isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Relation, type Target } from '../types';

interface Fixture {
  alertId: string;
  smsSyncChannelId: string;
  twilioChannelId: string;
  /** Given by this organisation to a mission component: only its officers see it. */
  ownTaskId: string;
  /** Given by this organisation to the other one. */
  givenTaskId: string;
}
const fixtures = new Map<string, Fixture>();
const of = (t: Target) => fixtures.get(t.org.id)!;
const versions = new Map<string, number>();

async function insertTask(ctx: AppContext, organisationId: string, alertId: string, assignee: { organisationId?: string; component?: string }): Promise<string> {
  const row = await ctx.db
    .insertInto('alert_tasks')
    .values({
      organisation_id: organisationId,
      alert_id: alertId,
      assignee_organisation_id: assignee.organisationId ?? null,
      assignee_component: assignee.component ?? null,
      title: 'Matrix task',
      due_at: new Date(Date.now() + 24 * 3_600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  versions.set(row.id, 1);
  return row.id;
}

async function setup(ctx: AppContext) {
  const orgs = [];
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) orgs.push((await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id);
  for (const [index, orgId] of orgs.entries()) {
    const otherId = orgs[1 - index]!;
    const smsSync = await buildAlertChannel(ctx, orgId, 'smssync', { name: `Matrix response SMSSync ${randomUUID().slice(0, 8)}` });
    const twilio = await buildAlertChannel(ctx, orgId, 'twilio', { name: `Matrix response Twilio ${randomUUID().slice(0, 8)}`, accountId: 'AC00000000000000000000000000000009' });
    const alert = await buildAlert(ctx, orgId, { text: 'Fictional matrix alert for response' });
    // Tasks go to alerts an officer has seen.
    await ctx.db.updateTable('alerts').set({ state: 'acknowledged', acknowledged_at: new Date() }).where('id', '=', alert.id).execute();
    fixtures.set(orgId, {
      alertId: alert.id,
      smsSyncChannelId: smsSync.id,
      twilioChannelId: twilio.id,
      ownTaskId: await insertTask(ctx, orgId, alert.id, { component: 'police' }),
      givenTaskId: await insertTask(ctx, orgId, alert.id, { organisationId: otherId }),
    });
  }
}

const has = (a: MatrixActor, permission: Permission) => isUser(a) && roleHasPermission(a.role, permission);
const anyOf = (...permissions: Permission[]) => (a: MatrixActor): Outcome => (permissions.some((p) => has(a, p)) ? 'allow' : 'not_found');
const record = (permission: Permission) => (a: MatrixActor, relation: Relation): Outcome => (has(a, permission) && relation === 'same_org' ? 'allow' : 'not_found');
const RECORD: readonly Relation[] = ['same_org', 'other_org', 'missing'];

/** The task a relation points at: own (same_org), the other's kept task (other_org), or one the other gave to the actor's organisation (recipient). */
const taskOf = (t: Target) => (t.relation === 'recipient' ? of(t).givenTaskId : of(t).ownTaskId);

export default defineCases(
  'alert-response',
  [
    {
      method: 'GET',
      route: '/api/alerts/tasks',
      expect: anyOf('alerts.triage', 'alerts.respond'),
      verify: (t, res) => {
        const rows = (res.json() as { data: Array<{ organisationId: string; assignee: { organisationId: string | null } }> }).data;
        return rows.some((r) => r.organisationId !== t.home.id && r.assignee.organisationId !== t.home.id) ? 'lists a task neither given by nor to the organisation' : null;
      },
    },
    {
      method: 'PATCH',
      route: '/api/alerts/tasks/:taskId',
      relations: ['same_org', 'other_org', 'recipient', 'missing'],
      url: (t) => `/api/alerts/tasks/${t.relation === 'missing' ? randomUUID() : taskOf(t)}`,
      body: (t) => ({ version: t.relation === 'missing' ? 1 : (versions.get(taskOf(t)) ?? 1), outcomeNote: `Matrix note ${t.unique}` }),
      expect: (a, relation) =>
        relation === 'same_org' && has(a, 'alerts.triage') ? 'allow' : relation === 'recipient' && has(a, 'alerts.respond') ? 'allow' : 'not_found',
      after: (_t, res) => {
        if (res.statusCode === 200) {
          const task = res.json() as { id: string; version: number };
          versions.set(task.id, task.version);
        }
      },
    },
    { method: 'GET', route: '/api/alerts/:id/tasks', relations: RECORD, id: (t) => of(t).alertId, expect: record('alerts.triage') },
    {
      method: 'POST',
      route: '/api/alerts/:id/tasks',
      relations: RECORD,
      id: (t) => of(t).alertId,
      body: (t) => ({ title: `Matrix task ${t.unique}`, dueInMinutes: 60, assignee: { component: 'force' } }),
      expect: record('alerts.triage'),
    },
    { method: 'GET', route: '/api/alerts/response-targets', expect: anyOf('alerts.triage', 'alerts.targets') },
    {
      method: 'PUT',
      route: '/api/alerts/response-targets',
      body: () => ({ targets: { low: { acknowledgeMinutes: 240, verifyMinutes: 1440, respondMinutes: 4320 } } }),
      expect: anyOf('alerts.targets'),
    },
    { method: 'GET', route: '/api/alerts/response-settings', expect: anyOf('alerts.targets') },
    { method: 'PUT', route: '/api/alerts/response-settings', body: () => ({ outboundChannelId: null, onCallPhones: ['+15550100190'] }), expect: anyOf('alerts.targets') },
    {
      // Whoever sets the response settings picks the outbound channel: names only, no configuration.
      method: 'GET',
      route: '/api/alerts/response-settings/channels',
      expect: anyOf('alerts.targets'),
      verify: (t, res) => {
        const rows = (res.json() as { data: Array<Record<string, unknown>> }).data;
        const ids = rows.map((r) => r.id);
        if (!ids.includes(of(t).twilioChannelId)) return "misses a channel of the actor's organisation";
        if (ids.includes(fixtures.get(t.other.id)!.twilioChannelId)) return "lists the other organisation's channel";
        const extra = rows.flatMap((r) => Object.keys(r)).filter((k) => !['id', 'name', 'provider', 'enabled', 'canSend'].includes(k));
        return extra.length > 0 ? `shows channel configuration: ${[...new Set(extra)].join(', ')}` : null;
      },
    },
    { method: 'GET', route: '/api/alerts/channels/:id/outbound', relations: RECORD, id: (t) => of(t).twilioChannelId, expect: record('alerts.configure') },
    {
      method: 'PUT',
      route: '/api/alerts/channels/:id/outbound',
      relations: RECORD,
      id: (t) => of(t).twilioChannelId,
      body: () => ({ senderId: '+15550100100' }),
      expect: record('alerts.configure'),
    },
    { method: 'GET', route: '/api/alerts/outbox', expect: anyOf('alerts.targets', 'alerts.configure') },
    {
      method: 'GET',
      route: '/api/alerts/sms/:channelId/smssync',
      relations: ['same_org', 'missing'],
      url: (t) => `/api/alerts/sms/${t.relation === 'missing' ? randomUUID() : of(t).smsSyncChannelId}/smssync?task=send`,
      expect: (_a, relation) => (relation === 'missing' ? 'not_found' : 'unauthenticated'),
    },
  ],
  { setup },
);
