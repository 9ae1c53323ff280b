/**
 * Community alerts. Gateway webhooks are public: the credential is the channel's signature or
 * shared secret, which the matrix never has, so an existing channel answers 401 to everyone
 * and a missing one 404. Channels are configured by admins ('alerts.configure'), the focal
 * point register kept by admins and coordinators ('alerts.focal_points'), alerts read by
 * coordinators and supervisors ('alerts.triage'); everyone else, and every other
 * organisation, is told the record does not exist (404).
 */
import { randomUUID } from 'node:crypto';
import { roleHasPermission, type Permission } from '../../../../core/auth/roles';
import type { AppContext } from '../../../platform/context';
import { receiveAlert } from '../../../modules/alerts/service';
import { buildAlertChannel, buildFocalPoint } from '../../factories-alerts';
import { isUser } from '../rules';
import { defineCases, type MatrixActor, type MatrixCase, type Outcome, type Relation, type Target } from '../types';

interface Fixture {
  channels: Record<string, string>;
  focalPointId: string;
  alertId: string;
}
const fixtures = new Map<string, Fixture>();
const of = (t: Target) => fixtures.get(t.org.id)!;

const GATEWAYS = [
  ['twilio', 'twilio'],
  ['vonage', 'vonage'],
  ['africas_talking', 'africas-talking'],
  ['frontlinesms', 'frontlinesms'],
  ['smssync', 'smssync'],
  ['generic', 'generic'],
] as const;

async function setup(ctx: AppContext) {
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const channels: Record<string, string> = {};
    for (const [provider] of GATEWAYS) channels[provider] = (await buildAlertChannel(ctx, org.id, provider)).id;
    const focalPoint = await buildFocalPoint(ctx, org.id);
    const { alert } = await ctx.db.transaction().execute((trx) =>
      receiveAlert(ctx, trx, {
        organisationId: org.id,
        channel: 'generic',
        channelId: channels.generic!,
        providerMessageId: `matrix-${randomUUID()}`,
        senderIdentity: '+15555550111',
        focalPointId: null,
        text: 'Fictional matrix alert',
        raw: '{}',
        areaCode: null,
        location: null,
        observedAt: null,
        categories: [],
        peopleAtRisk: null,
        perpetratorType: null,
        warnings: [],
      }),
    );
    fixtures.set(org.id, { channels, focalPointId: focalPoint.id, alertId: alert.id });
  }
}

const has = (a: MatrixActor, permission: Permission) => isUser(a) && roleHasPermission(a.role, permission);
const list = (permission: Permission) => (a: MatrixActor): Outcome => (has(a, permission) ? 'allow' : 'not_found');
const record = (permission: Permission) => (a: MatrixActor, relation: Relation): Outcome => (has(a, permission) && relation === 'same_org' ? 'allow' : 'not_found');
const RECORD: readonly Relation[] = ['same_org', 'other_org', 'missing'];

const onlyHome = (key: 'organisationId' | null) => (t: Target, res: { json: () => unknown }) => {
  const rows = (res.json() as { data: Array<{ id: string }> }).data;
  const foreign = fixtures.get(t.other.id);
  if (!foreign || key !== null) return null;
  return rows.some((r) => r.id === foreign.alertId || r.id === foreign.focalPointId || Object.values(foreign.channels).includes(r.id)) ? 'lists another organisation’s record' : null;
};

const webhooks: MatrixCase[] = GATEWAYS.map(([provider, segment]) => ({
  method: 'POST',
  route: `/api/alerts/sms/:channelId/${segment}`,
  relations: ['same_org', 'missing'],
  url: (t) => `/api/alerts/sms/${t.relation === 'missing' ? randomUUID() : of(t).channels[provider]}/${segment}`,
  expect: (_a, relation) => (relation === 'missing' ? 'not_found' : 'unauthenticated'),
}));

export default defineCases(
  'alerts',
  [
    ...webhooks,
    { method: 'GET', route: '/api/alerts/channels', expect: list('alerts.configure'), verify: onlyHome(null) },
    {
      method: 'POST',
      route: '/api/alerts/channels',
      body: (t) => ({ provider: 'generic', name: `Matrix relay ${t.unique}`, signatureSecret: 'matrix-secret-000' }),
      expect: list('alerts.configure'),
    },
    { method: 'PATCH', route: '/api/alerts/channels/:id', relations: RECORD, id: (t) => of(t).channels.generic!, body: () => ({ replyLanguage: 'fr' }), expect: record('alerts.configure') },
    { method: 'GET', route: '/api/alerts/focal-points', expect: list('alerts.focal_points'), verify: onlyHome(null) },
    { method: 'POST', route: '/api/alerts/focal-points', body: (t) => ({ displayName: `Matrix focal point ${t.unique}` }), expect: list('alerts.focal_points') },
    { method: 'GET', route: '/api/alerts/focal-points/:id', relations: RECORD, id: (t) => of(t).focalPointId, expect: record('alerts.focal_points') },
    { method: 'PATCH', route: '/api/alerts/focal-points/:id', relations: RECORD, id: (t) => of(t).focalPointId, body: () => ({ network: 'Matrix network' }), expect: record('alerts.focal_points') },
    { method: 'GET', route: '/api/alerts', expect: list('alerts.triage'), verify: onlyHome(null) },
    { method: 'GET', route: '/api/alerts/:id', relations: RECORD, id: (t) => of(t).alertId, expect: record('alerts.triage') },
  ],
  { setup },
);
