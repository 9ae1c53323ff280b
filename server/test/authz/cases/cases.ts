/**
 * Cases: case work of the holding organisation ('cases.work'); supervisors decide on plans,
 * closures and reopening ('cases.supervise'), a case worker of the holder is refused 403.
 * Everyone else, the other organisation and roles without case work alike, is told the case
 * does not exist (404). Writes spend a record from a pool only when the actor may write, so
 * refused requests never use one up.
 */
import { roleHasPermission, type Permission } from '../../../../core/auth/roles';
import { CLOSURE_CHECKLIST_ITEMS } from '../../../../core/cases';
import type { AppContext } from '../../../platform/context';
import { approveClosure, openCase, requestClosure, submitPlan } from '../../../modules/cases/service';
import { canaryPlan, buildCaseSurvivor } from '../../factories-cases';
import { buildIncident } from '../../factories-referrals';
import { requestAs } from '../../factories-survivors';
import { everyone, isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Relation, type Target } from '../types';

interface Pools {
  caseId: string;
  survivors: string[];
  patch: string[];
  link: Array<{ caseId: string; incidentId: string }>;
  submit: string[];
  closure: string[];
  approvePlan: string[];
  returnPlan: string[];
  approveClosure: string[];
  returnClosure: string[];
  reopen: string[];
}
const fixtures = new Map<string, Pools>();
/** The case a link request's body chose, for its URL. */
const linkTargets = new WeakMap<Target, string>();
const POOL = 3;

const has = (a: MatrixActor, permission: Permission) => isUser(a) && roleHasPermission(a.role, permission);
const caseWork = (a: MatrixActor, relation: Relation): Outcome => (has(a, 'cases.work') && relation === 'same_org' ? 'allow' : 'not_found');
const caseWorkList = (a: MatrixActor): Outcome => (has(a, 'cases.work') ? 'allow' : 'not_found');
const supervisors = (a: MatrixActor, relation: Relation): Outcome => {
  if (!has(a, 'cases.work') || relation !== 'same_org') return 'not_found';
  return has(a, 'cases.supervise') ? 'allow' : 'forbidden';
};

const of = (t: Target) => fixtures.get(t.org.id)!;
/** The next unused record for an actor who will write; the main case for everyone else. */
const spendIf = <T>(t: Target, allowed: boolean, pool: T[], fallback: T): T => (allowed && t.relation === 'same_org' && pool.length > 0 ? pool.shift()! : fallback);
const writer = (t: Target) => has(t.actor, 'cases.work');
const supervisor = (t: Target) => has(t.actor, 'cases.supervise');
const allYes = Object.fromEntries(CLOSURE_CHECKLIST_ITEMS.map((i) => [i, 'yes']));

async function setup(ctx: AppContext) {
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const userOf = async (role: string) =>
      (await ctx.db.selectFrom('users').select('id').where('organisation_id', '=', org.id).where('role', '=', role).executeTakeFirstOrThrow()).id;
    const worker = requestAs(await userOf('case_worker'), org.id);
    const lead = requestAs(await userOf('supervisor'), org.id, 'supervisor');
    const open = async (withIncident = false) => {
      const built = await buildCaseSurvivor(ctx, org.id, (worker.actor as { userId: string }).userId);
      const incident = withIncident ? await buildIncident(ctx, built) : null;
      const row = await openCase(ctx, worker, { survivorId: built.survivor.id, riskLevel: 'medium', incidentIds: incident ? [incident.id] : [], plan: canaryPlan() });
      return { row, built };
    };
    const sequential = async <T>(make: () => Promise<T>) => {
      const out: T[] = [];
      for (let i = 0; i < POOL; i += 1) out.push(await make());
      return out;
    };
    const main = await open(true);
    const submitted = () => open().then(({ row }) => submitPlan(ctx, worker, row.id, row.version)).then((r) => r.id);
    const closing = () => open().then(({ row }) => requestClosure(ctx, worker, row.id, { version: row.version, reason: 'needs_met', checklist: allYes })).then((r) => r.id);
    fixtures.set(org.id, {
      caseId: main.row.id,
      survivors: await sequential(() => buildCaseSurvivor(ctx, org.id, (worker.actor as { userId: string }).userId).then((b) => b.survivor.id)),
      patch: await sequential(() => open().then(({ row }) => row.id)),
      link: await sequential(async () => {
        const { row, built } = await open();
        return { caseId: row.id, incidentId: (await buildIncident(ctx, built)).id };
      }),
      submit: await sequential(() => open().then(({ row }) => row.id)),
      closure: await sequential(() => open().then(({ row }) => row.id)),
      approvePlan: await sequential(submitted),
      returnPlan: await sequential(submitted),
      approveClosure: await sequential(closing),
      returnClosure: await sequential(closing),
      reopen: await sequential(async () => {
        const id = await closing();
        return (await approveClosure(ctx, lead, id, 2)).id;
      }),
    });
  }
}

const RECORD: readonly Relation[] = ['same_org', 'other_org', 'missing'];
const sameOrgOnly = (t: Target, rows: Array<{ organisationId: string }>) => (rows.every((r) => r.organisationId === t.home.id) ? null : 'lists another organisation’s case');

export default defineCases(
  'cases',
  [
    { method: 'GET', route: '/api/cases/vocabularies', expect: everyone },
    { method: 'GET', route: '/api/cases', expect: caseWorkList, verify: (t, res) => sameOrgOnly(t, (res.json() as { data: Array<{ organisationId: string }> }).data) },
    {
      method: 'GET',
      route: '/api/cases',
      url: () => '/api/cases?sort=clinical',
      expect: caseWorkList,
      verify: (t, res) => sameOrgOnly(t, (res.json() as { data: Array<{ organisationId: string }> }).data),
    },
    {
      method: 'POST',
      route: '/api/cases',
      // A survivor has one open case at a time: each writer gets a consenting survivor of their own.
      body: (t) => ({ survivorId: writer(t) && of(t).survivors.length > 1 ? of(t).survivors.shift()! : of(t).survivors[0] }),
      expect: caseWorkList,
      verify: (t, res) => ((res.json() as { organisationId: string }).organisationId === t.home.id ? null : 'opened in another organisation'),
    },
    { method: 'GET', route: '/api/cases/:id', relations: RECORD, id: (t) => of(t).caseId, expect: caseWork },
    { method: 'PATCH', route: '/api/cases/:id', relations: RECORD, id: (t) => spendIf(t, writer(t), of(t).patch, of(t).caseId), body: () => ({ version: 1, riskLevel: 'high' }), expect: caseWork },
    {
      method: 'POST',
      route: '/api/cases/:id/incidents',
      relations: RECORD,
      // The harness builds the body before the URL: the body spends the pair, the URL follows it.
      body: (t) => {
        const pair = spendIf(t, writer(t), of(t).link, of(t).link[0] ?? { caseId: of(t).caseId, incidentId: of(t).caseId });
        linkTargets.set(t, pair.caseId);
        return { incidentId: pair.incidentId, version: 1 };
      },
      url: (t) => `/api/cases/${t.relation === 'missing' ? crypto.randomUUID() : (linkTargets.get(t) ?? of(t).caseId)}/incidents`,
      expect: caseWork,
    },
    { method: 'POST', route: '/api/cases/:id/plan/submit', relations: RECORD, id: (t) => spendIf(t, writer(t), of(t).submit, of(t).caseId), body: () => ({ version: 1 }), expect: caseWork },
    { method: 'POST', route: '/api/cases/:id/plan/approve', relations: RECORD, id: (t) => spendIf(t, supervisor(t), of(t).approvePlan, of(t).caseId), body: () => ({ version: 2 }), expect: supervisors },
    {
      method: 'POST',
      route: '/api/cases/:id/plan/return',
      relations: RECORD,
      id: (t) => spendIf(t, supervisor(t), of(t).returnPlan, of(t).caseId),
      body: () => ({ version: 2, reason: 'Fictional matrix reason' }),
      expect: supervisors,
    },
    {
      method: 'POST',
      route: '/api/cases/:id/closure',
      relations: RECORD,
      id: (t) => spendIf(t, writer(t), of(t).closure, of(t).caseId),
      body: () => ({ version: 1, reason: 'needs_met', checklist: allYes }),
      expect: caseWork,
    },
    { method: 'POST', route: '/api/cases/:id/closure/approve', relations: RECORD, id: (t) => spendIf(t, supervisor(t), of(t).approveClosure, of(t).caseId), body: () => ({ version: 2 }), expect: supervisors },
    {
      method: 'POST',
      route: '/api/cases/:id/closure/return',
      relations: RECORD,
      id: (t) => spendIf(t, supervisor(t), of(t).returnClosure, of(t).caseId),
      body: () => ({ version: 2, reason: 'Fictional matrix reason' }),
      expect: supervisors,
    },
    { method: 'POST', route: '/api/cases/:id/reopen', relations: RECORD, id: (t) => spendIf(t, supervisor(t), of(t).reopen, of(t).caseId), body: () => ({ version: 3 }), expect: supervisors },
    { method: 'GET', route: '/api/cases/:id/follow-ups', relations: RECORD, id: (t) => of(t).caseId, expect: caseWork },
    {
      method: 'POST',
      route: '/api/cases/:id/follow-ups',
      relations: RECORD,
      id: (t) => of(t).caseId,
      body: () => ({ happenedOn: new Date().toISOString().slice(0, 10), kind: 'call', note: 'Fictional matrix note' }),
      expect: caseWork,
    },
  ],
  { setup },
);
