/**
 * Hotline calls: intake of the holding organisation ('hotline.intake': operators, case workers,
 * supervisors); everyone else is told the call does not exist (404). Turning a call into a
 * referral is a disclosure, so it needs case work: an operator is refused 403.
 */
import { roleHasPermission, type Permission } from '../../../../core/auth/roles';
import type { AppContext } from '../../../platform/context';
import { logCall } from '../../../modules/hotline/service';
import { buildService } from '../../factories-referrals';
import { requestAs } from '../../factories-survivors';
import { everyone, isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Relation, type Target } from '../types';

interface Pools {
  callId: string;
  serviceId: string;
  outcome: string[];
  incident: string[];
  referral: string[];
}
const fixtures = new Map<string, Pools>();
const POOL = 4;

const has = (a: MatrixActor, permission: Permission) => isUser(a) && roleHasPermission(a.role, permission);
const intake = (a: MatrixActor, relation: Relation): Outcome => (has(a, 'hotline.intake') && relation === 'same_org' ? 'allow' : 'not_found');
const intakeList = (a: MatrixActor): Outcome => (has(a, 'hotline.intake') ? 'allow' : 'not_found');
const referrers = (a: MatrixActor, relation: Relation): Outcome => {
  if (!has(a, 'hotline.intake') || relation !== 'same_org') return 'not_found';
  return has(a, 'cases.work') ? 'allow' : 'forbidden';
};

const of = (t: Target) => fixtures.get(t.org.id)!;
const spendIf = (t: Target, allowed: boolean, pool: string[]) => (allowed && t.relation === 'same_org' && pool.length > 1 ? pool.shift()! : pool[0] ?? of(t).callId);

async function setup(ctx: AppContext) {
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const operator = await ctx.db.selectFrom('users').select('id').where('organisation_id', '=', org.id).where('role', '=', 'hotline_operator').executeTakeFirstOrThrow();
    const req = requestAs(operator.id, org.id, 'hotline_operator');
    const call = async () =>
      (await logCall(ctx, req, { receivedAt: new Date(Date.now() - 600_000).toISOString(), callerKind: 'survivor', topics: ['sexual_violence'], isUrgent: false, summary: 'Fictional matrix summary' })).id;
    const pool = async () => {
      const out: string[] = [];
      for (let i = 0; i < POOL; i += 1) out.push(await call());
      return out;
    };
    const service = await buildService(ctx, org.id);
    fixtures.set(org.id, { callId: await call(), serviceId: service.id, outcome: await pool(), incident: await pool(), referral: await pool() });
  }
}

const RECORD: readonly Relation[] = ['same_org', 'other_org', 'missing'];
const rapeIncident = () => ({ incidentTime: { precision: 'exact', at: new Date(Date.now() - 3_600_000).toISOString() }, classificationAnswers: { penetration: 'yes' }, acts: ['rape'] });

export default defineCases(
  'hotline',
  [
    { method: 'GET', route: '/api/hotline/vocabularies', expect: everyone },
    {
      method: 'GET',
      route: '/api/hotline/calls',
      expect: intakeList,
      verify: (t, res) => {
        const rows = (res.json() as { data: Array<{ organisationId: string; summary?: unknown }> }).data;
        if (rows.some((r) => 'summary' in r)) return 'a listed call carries its summary';
        return rows.every((r) => r.organisationId === t.home.id) ? null : 'lists another organisation’s call';
      },
    },
    {
      method: 'POST',
      route: '/api/hotline/calls',
      body: () => ({ receivedAt: new Date(Date.now() - 60_000).toISOString(), callerKind: 'witness', topics: ['information_request'] }),
      expect: intakeList,
      verify: (t, res) => ((res.json() as { organisationId: string }).organisationId === t.home.id ? null : 'logged in another organisation'),
    },
    { method: 'GET', route: '/api/hotline/calls/:id', relations: RECORD, id: (t) => of(t).callId, expect: intake },
    {
      method: 'POST',
      route: '/api/hotline/calls/:id/outcome',
      relations: RECORD,
      id: (t) => spendIf(t, has(t.actor, 'hotline.intake'), of(t).outcome),
      body: () => ({ outcome: 'none' }),
      expect: intake,
    },
    {
      method: 'POST',
      route: '/api/hotline/calls/:id/incident',
      relations: RECORD,
      id: (t) => spendIf(t, has(t.actor, 'hotline.intake'), of(t).incident),
      body: () => ({ newSurvivor: { sex: 'female', ageAtRegistration: 30 }, incident: rapeIncident() }),
      expect: intake,
    },
    {
      method: 'POST',
      route: '/api/hotline/calls/:id/referral',
      relations: RECORD,
      id: (t) => spendIf(t, has(t.actor, 'cases.work'), of(t).referral),
      // The service of the other organisation, with the caller's consent to it recorded on the way.
      body: (t) => ({ newSurvivor: { ageAtRegistration: 30 }, serviceId: fixtures.get(t.other.id)!.serviceId, consent: { givenBy: 'survivor' } }),
      expect: referrers,
    },
  ],
  { setup },
);
