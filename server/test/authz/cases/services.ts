/**
 * The service directory: read by every signed-in user (referrals from any organisation need
 * it); kept by 'services.manage' of the service's organisation, or a platform administrator.
 */
import { roleHasPermission } from '../../../../core/auth/roles';
import type { AppContext } from '../../../platform/context';
import { buildService } from '../../factories-referrals';
import { isPlatformAdmin, isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Relation, type Target } from '../types';

/** One directory entry per organisation id. */
const entries = new Map<string, string>();

async function setup(ctx: AppContext) {
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    entries.set(org.id, (await buildService(ctx, org.id, { name: `Matrix Fictional Clinic ${name}` })).id);
  }
}

const manages = (a: MatrixActor) => isUser(a) && roleHasPermission(a.role, 'services.manage');
const RECORD: readonly Relation[] = ['same_org', 'other_org', 'missing'];
const entryOf = (t: Target) => entries.get(t.org.id)!;

const readable = (_a: MatrixActor, relation: Relation): Outcome => (relation === 'missing' ? 'not_found' : 'allow');
const changeable = (a: MatrixActor, relation: Relation): Outcome => {
  if (relation === 'missing') return 'not_found';
  if (relation === 'other_org') return isPlatformAdmin(a) ? 'allow' : 'forbidden';
  return manages(a) ? 'allow' : 'forbidden';
};

export default defineCases(
  'services',
  [
    { method: 'GET', route: '/api/services', expect: () => 'allow' },
    { method: 'GET', route: '/api/services/:id', relations: RECORD, id: entryOf, expect: readable },
    {
      method: 'POST',
      route: '/api/services',
      body: (t) => ({ name: `Matrix Fictional Service ${t.unique}`, type: 'legal', areaIds: [], languages: ['fr'] }),
      expect: (a) => (manages(a) ? 'allow' : 'forbidden'),
    },
    { method: 'PATCH', route: '/api/services/:id', relations: RECORD, id: entryOf, body: () => ({ hours: 'Mon-Fri 8-16' }), expect: changeable },
  ],
  { setup },
);
