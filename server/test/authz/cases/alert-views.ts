/**
 * The alert map and response-time figures (issue 4 part 5). Alert officers ('alerts.triage')
 * and analysts ('alerts.aggregates') reach both; everyone else is told alerts do not exist
 * (404). The answers are the actor's organisation's own: another organisation's alert is never
 * counted, and its id never appears (verify). The queue's filters ride on GET /api/alerts,
 * declared in cases/alerts.ts.
 */
import { roleHasPermission } from '../../../../core/auth/roles';
import type { AppContext } from '../../../platform/context';
import { buildAlert } from '../../factories-alert-triage';
import { isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Target } from '../types';

/** Per organisation: the id of an alert with a point on the map. */
const fixtures = new Map<string, { alertId: string }>();

async function setup(ctx: AppContext) {
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const alert = await buildAlert(ctx, org.id, { text: 'Fictional matrix alert on the map', location: { lat: -1.5, lon: 29.2 } });
    fixtures.set(org.id, { alertId: alert.id });
  }
}

const seesViews = (a: MatrixActor): Outcome =>
  isUser(a) && (roleHasPermission(a.role, 'alerts.triage') || roleHasPermission(a.role, 'alerts.aggregates')) ? 'allow' : 'not_found';

/** No id of the other organisation's alert, and for analysts no alert id at all (MIN-2). */
const ownOnly = (t: Target, res: { body: string }): string | null => {
  const foreign = fixtures.get(t.other.id);
  if (foreign && res.body.includes(foreign.alertId)) return 'shows another organisation’s alert';
  const own = fixtures.get(t.home.id);
  const triage = isUser(t.actor) && roleHasPermission(t.actor.role, 'alerts.triage');
  if (own && !triage && res.body.includes(own.alertId)) return 'shows an alert id to a role that sees aggregates only';
  return null;
};

export default defineCases(
  'alert-views',
  [
    { method: 'GET', route: '/api/alerts/map', url: () => '/api/alerts/map?bbox=29,-2,29.5,-1&zoom=18', expect: seesViews, verify: ownOnly },
    { method: 'GET', route: '/api/alerts/metrics', url: () => '/api/alerts/metrics?groupBy=week', expect: seesViews, verify: ownOnly },
  ],
  { setup },
);
