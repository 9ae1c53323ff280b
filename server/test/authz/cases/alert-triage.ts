/**
 * Triage of community alerts: alert officers (alerts.triage: coordinators, supervisors) of the
 * alert's own organisation; everyone else, and every other organisation, is told the alert does
 * not exist (404). Writes carry a version, and two officers must not trip over each other's
 * changes or locks, so each allowed request gets a fresh alert of its own from a pool built in
 * setup (state new, version 1; duplicates for unmerge).
 */
import { roleHasPermission } from '../../../../core/auth/roles';
import type { AppContext } from '../../../platform/context';
import { buildAlert } from '../../factories-alert-triage';
import { isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Relation, type Target } from '../types';

const POOLS = ['transition', 'patch', 'lock', 'merge', 'unmerge'] as const;
type Pool = (typeof POOLS)[number];
/** Allowed requests per organisation and case: its coordinator and supervisor, with room to spare. */
const POOL_SIZE = 4;

interface Fixture {
  /** Never changed by a case: the target of merges, the object of reads and bulk. */
  sharedAlertId: string;
  pools: Record<Pool, string[]>;
}
const fixtures = new Map<string, Fixture>();
const of = (t: Target) => fixtures.get(t.org.id)!;

async function setup(ctx: AppContext) {
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const sharedAlertId = (await buildAlert(ctx, org.id)).id;
    const pools = {} as Record<Pool, string[]>;
    for (const pool of POOLS) {
      pools[pool] = [];
      for (let i = 0; i < POOL_SIZE; i++) pools[pool].push((await buildAlert(ctx, org.id)).id);
    }
    await ctx.db.updateTable('alerts').set({ state: 'duplicate', merged_into_id: sharedAlertId }).where('id', 'in', pools.unmerge).execute();
    fixtures.set(org.id, { sharedAlertId, pools });
  }
}

const triages = (a: MatrixActor) => isUser(a) && roleHasPermission(a.role, 'alerts.triage');
const list = (a: MatrixActor): Outcome => (triages(a) ? 'allow' : 'not_found');
const record = (a: MatrixActor, relation: Relation): Outcome => (triages(a) && relation === 'same_org' ? 'allow' : 'not_found');
const RECORD: readonly Relation[] = ['same_org', 'other_org', 'missing'];

/** A fresh alert for a request that will change it; the shared one for requests refused before any change. */
function alertFor(pool: Pool) {
  return (t: Target): string => {
    if (record(t.actor, t.relation) !== 'allow') return of(t).sharedAlertId;
    const id = of(t).pools[pool].shift();
    if (!id) throw new Error(`the ${pool} pool of alert-triage matrix alerts ran dry: raise POOL_SIZE`);
    return id;
  };
}

export default defineCases(
  'alert-triage',
  [
    {
      method: 'GET',
      route: '/api/alerts/assignees',
      expect: list,
      verify: async (t, res) => {
        const ids = (res.json() as { data: { id: string }[] }).data.map((u) => u.id);
        if (ids.length === 0) return 'lists no colleague';
        const foreign = await t.ctx.db.selectFrom('users').select('id').where('id', 'in', ids).where('organisation_id', '<>', t.home.id).execute();
        return foreign.length > 0 ? 'lists a user of another organisation' : null;
      },
    },
    { method: 'POST', route: '/api/alerts/:id/transition', relations: RECORD, id: alertFor('transition'), body: () => ({ to: 'acknowledged', version: 1 }), expect: record },
    { method: 'PATCH', route: '/api/alerts/:id', relations: RECORD, id: alertFor('patch'), body: () => ({ version: 1, severity: 'high' }), expect: record },
    { method: 'POST', route: '/api/alerts/:id/lock', relations: RECORD, id: alertFor('lock'), expect: record },
    { method: 'DELETE', route: '/api/alerts/:id/lock', relations: RECORD, id: (t) => of(t).sharedAlertId, expect: record },
    { method: 'POST', route: '/api/alerts/:id/merge', relations: RECORD, id: alertFor('merge'), body: (t) => ({ intoId: of(t).sharedAlertId, version: 1 }), expect: record },
    { method: 'POST', route: '/api/alerts/:id/unmerge', relations: RECORD, id: alertFor('unmerge'), body: () => ({ version: 1 }), expect: record },
    {
      method: 'POST',
      route: '/api/alerts/bulk',
      body: (t) => ({ ids: [fixtures.get(t.home.id)!.sharedAlertId, fixtures.get(t.other.id)!.sharedAlertId], action: { kind: 'severity', severity: 'low' } }),
      expect: list,
      verify: (t, res) => {
        const { results } = res.json() as { results: { id: string; ok: boolean; code?: string }[] };
        const foreign = results.find((r) => r.id === fixtures.get(t.other.id)!.sharedAlertId);
        return foreign?.ok === false && foreign.code === 'alerts.not_found' ? null : 'changed or revealed another organisation’s alert';
      },
    },
  ],
  { setup },
);
