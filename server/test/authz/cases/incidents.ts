/**
 * Incidents: non-identifying lists and views for 'incidents.read' (case workers, supervisors,
 * analysts) of the holding organisation; recording and editing for case work; the Incident
 * Recorder export for 'incidents.export' (supervisors, analysts). Another organisation's
 * incident answers 404 (AUTHZ-1).
 */
import { roleHasPermission, type Permission } from '../../../../core/auth/roles';
import { inOrganisationScope } from '../../../db/scope';
import type { AppContext } from '../../../platform/context';
import { createIncident } from '../../../modules/incidents/service';
import { registerSurvivor } from '../../../modules/survivors/service';
import { incidentBody } from '../../factories-incidents';
import { requestAs } from '../../factories-survivors';
import { everyone, isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Relation, type Target } from '../types';

/** Per organisation id: a survivor, an incident to read, fresh incidents (version 1) to edit. */
const fixtures = new Map<string, { survivorId: string; incidentId: string; fresh: string[] }>();
const POOL = 30;

const can = (a: MatrixActor, permission: Permission) => isUser(a) && roleHasPermission(a.role, permission);
const of = (t: Target) => fixtures.get(t.org.id)!;
const spend = <T>(pool: T[]): T => (pool.length > 1 ? pool.shift()! : pool[0]!);

/** Function-level permission on a route naming no record: 403 otherwise. */
const permitted = (permission: Permission) => (a: MatrixActor): Outcome => (can(a, permission) ? 'allow' : 'forbidden');
/** A record of the actor's organisation, with the permission; everything else 404. */
const onRecord = (permission: Permission) => (a: MatrixActor, relation: Relation): Outcome =>
  can(a, permission) && relation === 'same_org' ? 'allow' : 'not_found';

async function setup(ctx: AppContext) {
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const worker = await ctx.db.selectFrom('users').select('id').where('organisation_id', '=', org.id).where('role', '=', 'case_worker').executeTakeFirstOrThrow();
    const req = requestAs(worker.id, org.id);
    await inOrganisationScope(ctx.db, org.id, async (trx) => {
      const survivor = await registerSurvivor(ctx, trx, req, { sex: 'female', ageAtRegistration: 30, identity: { name: 'Fictional Matrix Survivor' } });
      const record = () => createIncident(ctx, trx, req, incidentBody(survivor.id, { narrative: 'Fictional matrix account' }));
      const main = await record();
      const fresh: string[] = [];
      for (let i = 0; i < POOL; i += 1) fresh.push((await record()).id);
      fixtures.set(org.id, { survivorId: survivor.id, incidentId: main.id, fresh });
    });
  }
}

const RECORD: readonly Relation[] = ['same_org', 'other_org', 'missing'];

export default defineCases(
  'incidents',
  [
    { method: 'GET', route: '/api/incidents/classification/questions', expect: everyone },
    {
      method: 'GET',
      route: '/api/incidents',
      expect: permitted('incidents.read'),
      verify: (t, res) => {
        const rows = (res.json() as { data: Array<{ id: string; narrative?: unknown; survivorId?: unknown }> }).data;
        const foreign = fixtures.get(t.other.id)!;
        if (rows.some((r) => r.id === foreign.incidentId || foreign.fresh.includes(r.id))) return 'lists another organisation’s incident';
        if (rows.some((r) => 'narrative' in r)) return 'a list carries the narrative';
        if (!can(t.actor, 'identifying.read') && rows.some((r) => 'survivorId' in r)) return 'a sensitive field reached a role without identifying.read';
        return null;
      },
    },
    {
      method: 'POST',
      route: '/api/incidents',
      body: (t) => incidentBody(fixtures.get(t.home.id)!.survivorId),
      // Without case work the survivor named is not visible: 404, as in the survivors module.
      expect: (a) => (can(a, 'cases.work') ? 'allow' : 'not_found'),
    },
    {
      // Matrix sessions signed in with a password moments ago: a fresh confirmation (SES-1).
      method: 'GET',
      route: '/api/incidents/export',
      url: () => '/api/incidents/export?format=csv&lang=fr',
      expect: permitted('incidents.export'),
      verify: (_t, res) => (res.body.includes('Fictional matrix account') ? 'the narrative reached the export' : null),
    },
    {
      method: 'GET',
      route: '/api/incidents/:id',
      relations: RECORD,
      id: (t) => of(t).incidentId,
      expect: onRecord('incidents.read'),
      verify: (t, res) => {
        const body = res.json() as { narrative?: unknown };
        return !can(t.actor, 'cases.work') && 'narrative' in body ? 'the narrative reached a role without case work' : null;
      },
    },
    {
      method: 'PATCH',
      route: '/api/incidents/:id',
      relations: RECORD,
      id: (t) => spend(of(t).fresh),
      body: () => ({ version: 1, placeType: 'road' }),
      expect: onRecord('cases.work'),
    },
  ],
  { setup },
);
