/**
 * Alerts sent by form ('alerts.report': focal points, hotline operators, coordinators,
 * supervisors; via hotline also needs 'hotline.intake', else 403), the reporter's own list,
 * and alert-to-incident conversion ('alerts.triage' and 'cases.work': supervisors, in the
 * alert's organisation). Everyone else, and every other organisation, gets 404.
 */
import { randomUUID } from 'node:crypto';
import { roleHasPermission, type Permission } from '../../../../core/auth/roles';
import { inOrganisationScope } from '../../../db/scope';
import type { AppContext } from '../../../platform/context';
import { receiveAlert } from '../../../modules/alerts/service';
import { createIncident } from '../../../modules/incidents/service';
import { registerSurvivor } from '../../../modules/survivors/service';
import { incidentBody } from '../../factories-incidents';
import { requestAs } from '../../factories-survivors';
import { isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Relation, type Target } from '../types';

interface Fixture {
  /** A verified alert for the draft. */
  verifiedAlertId: string;
  /** Verified alerts not linked yet, one spent per successful link. */
  fresh: string[];
  incidentId: string;
}
const fixtures = new Map<string, Fixture>();
const POOL = 8;
const of = (t: Target) => fixtures.get(t.org.id)!;
const spend = <T>(pool: T[]): T => (pool.length > 1 ? pool.shift()! : pool[0]!);

async function verifiedAlert(ctx: AppContext, organisationId: string): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const { alert } = await receiveAlert(ctx, trx, {
      organisationId,
      channel: 'web',
      channelId: null,
      providerMessageId: randomUUID(),
      senderIdentity: null,
      focalPointId: null,
      text: 'Fictional matrix alert to convert',
      raw: '{}',
      areaCode: null,
      location: null,
      observedAt: null,
      categories: ['looting'],
      peopleAtRisk: null,
      perpetratorType: 'unknown',
      warnings: [],
    });
    await trx.updateTable('alerts').set({ state: 'verified', acknowledged_at: new Date(), verified_at: new Date() }).where('id', '=', alert.id).execute();
    return alert.id;
  });
}

async function setup(ctx: AppContext) {
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const worker = await ctx.db.selectFrom('users').select('id').where('organisation_id', '=', org.id).where('role', '=', 'case_worker').executeTakeFirstOrThrow();
    const req = requestAs(worker.id, org.id);
    const incidentId = await inOrganisationScope(ctx.db, org.id, async (trx) => {
      const survivor = await registerSurvivor(ctx, trx, req, { sex: 'female', ageAtRegistration: 31, identity: { name: 'Fictional Matrix Survivor' } });
      return (await createIncident(ctx, trx, req, incidentBody(survivor.id))).id;
    });
    const fresh: string[] = [];
    for (let i = 0; i < POOL; i++) fresh.push(await verifiedAlert(ctx, org.id));
    fixtures.set(org.id, { verifiedAlertId: await verifiedAlert(ctx, org.id), fresh, incidentId });
  }
}

const has = (a: MatrixActor, permission: Permission) => isUser(a) && roleHasPermission(a.role, permission);
const reporters = (a: MatrixActor): Outcome => (has(a, 'alerts.report') ? 'allow' : 'not_found');
const hotlineReporters = (a: MatrixActor): Outcome => (!has(a, 'alerts.report') ? 'not_found' : has(a, 'hotline.intake') ? 'allow' : 'forbidden');
const converters = (a: MatrixActor, relation: Relation): Outcome =>
  has(a, 'alerts.triage') && has(a, 'cases.work') && relation === 'same_org' ? 'allow' : 'not_found';
const RECORD: readonly Relation[] = ['same_org', 'other_org', 'missing'];
/** What an incident draft must never carry from the alert (MIN-1). */
const IDENTIFYING_KEYS = new Set(['text', 'raw', 'sender', 'senderIdentity', 'focalPointId', 'location', 'lat', 'lon', 'point']);

export default defineCases(
  'alert-reports',
  [
    {
      method: 'POST',
      route: '/api/alerts/reports',
      body: () => ({ via: 'web', idempotencyKey: randomUUID(), text: 'Fictional matrix report: armed men near the market' }),
      expect: reporters,
    },
    {
      method: 'POST',
      route: '/api/alerts/reports',
      body: () => ({ via: 'hotline', idempotencyKey: randomUUID(), text: 'Fictional matrix call: a village fears an attack' }),
      expect: hotlineReporters,
    },
    {
      method: 'GET',
      route: '/api/alerts/reports/mine',
      expect: reporters,
      verify: (t, res) => {
        const rows = (res.json() as { data: Array<{ id: string }> }).data;
        const foreign = fixtures.get(t.other.id);
        return foreign && rows.some((r) => r.id === foreign.verifiedAlertId || foreign.fresh.includes(r.id)) ? 'lists another organisation’s alert' : null;
      },
    },
    {
      method: 'GET',
      route: '/api/alerts/:id/incident-draft',
      relations: RECORD,
      id: (t) => of(t).verifiedAlertId,
      expect: converters,
      verify: (_t, res) => (Object.keys(res.json() as object).some((key) => IDENTIFYING_KEYS.has(key)) ? 'the draft carries an identifying key' : null),
    },
    {
      method: 'POST',
      route: '/api/alerts/:id/incident',
      relations: RECORD,
      // Only a link that may succeed spends an alert; refused ones leave it unlinked anyway.
      id: (t) => (t.relation === 'same_org' ? spend(of(t).fresh) : of(t).verifiedAlertId),
      body: (t) => ({ incidentId: fixtures.get(t.home.id)!.incidentId }),
      expect: converters,
    },
  ],
  { setup },
);
