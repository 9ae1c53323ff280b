/**
 * Survivors, consents and erasure: case work of the holding organisation. Everyone else,
 * the other organisation and roles without 'cases.work' alike, is told the survivor does not
 * exist (404). Erasure is a supervisor's, after a fresh password.
 */
import { randomUUID } from 'node:crypto';
import { roleHasPermission } from '../../../../core/auth/roles';
import { inOrganisationScope } from '../../../db/scope';
import type { AppContext } from '../../../platform/context';
import { recordConsent } from '../../../modules/survivors/consents';
import { registerSurvivor } from '../../../modules/survivors/service';
import { requestAs } from '../../factories-survivors';
import { everyone, isUser, platformAdminsOnly } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Relation, type Target } from '../types';

/** Per organisation id: one survivor to read, and fresh ones (version 1) and consents to spend. */
const fixtures = new Map<string, { survivorId: string; fresh: string[]; erasable: string[]; consents: Array<{ survivorId: string; consentId: string }> }>();
const POOL = 30;

const doesCaseWork = (a: MatrixActor) => isUser(a) && roleHasPermission(a.role, 'cases.work');

/** Case workers and supervisors of the holder; everyone else 404. */
const caseWork = (a: MatrixActor, relation: Relation): Outcome => (doesCaseWork(a) && relation === 'same_org' ? 'allow' : 'not_found');
/** Routes naming no record: case workers allowed, others 404. */
const caseWorkList = (a: MatrixActor): Outcome => (doesCaseWork(a) ? 'allow' : 'not_found');

const of = (t: Target) => fixtures.get(t.org.id)!;
/** A record no other request used: writes that change a version or withdraw stay repeatable. */
const spend = <T>(pool: T[]): T => (pool.length > 1 ? pool.shift()! : pool[0]!);

async function setup(ctx: AppContext) {
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const worker = await ctx.db.selectFrom('users').select('id').where('organisation_id', '=', org.id).where('role', '=', 'case_worker').executeTakeFirstOrThrow();
    const req = requestAs(worker.id, org.id);
    await inOrganisationScope(ctx.db, org.id, async (trx) => {
      const register = () => registerSurvivor(ctx, trx, req, { sex: 'female', ageAtRegistration: 25, identity: { name: 'Fictional Matrix Survivor' } });
      const main = await register();
      const fresh: string[] = [];
      const erasable: string[] = [];
      const consents: Array<{ survivorId: string; consentId: string }> = [];
      for (let i = 0; i < POOL; i += 1) {
        fresh.push((await register()).id);
        erasable.push((await register()).id);
        const consent = await recordConsent(ctx, trx, req, main.id, { purpose: 'services', givenBy: 'survivor', method: 'verbal', legalBasis: 'consent' });
        consents.push({ survivorId: main.id, consentId: consent.id });
      }
      fixtures.set(org.id, { survivorId: main.id, fresh, erasable, consents });
    });
  }
}

const RECORD: readonly Relation[] = ['same_org', 'other_org', 'missing'];

export default defineCases(
  'survivors',
  [
    { method: 'GET', route: '/api/survivors/vocabularies', expect: everyone },
    { method: 'PUT', route: '/api/survivors/vocabularies', body: () => ({}), expect: platformAdminsOnly },
    {
      method: 'GET',
      route: '/api/survivors',
      expect: caseWorkList,
      verify: (t, res) => {
        const rows = (res.json() as { data: Array<{ organisationId: string }> }).data;
        return rows.every((r) => r.organisationId === t.home.id) ? null : 'lists another organisation’s survivor';
      },
    },
    { method: 'POST', route: '/api/survivors', body: () => ({ sex: 'male', ageAtRegistration: 40 }), expect: caseWorkList },
    { method: 'GET', route: '/api/survivors/:id', relations: RECORD, id: (t) => of(t).survivorId, expect: caseWork },
    { method: 'PATCH', route: '/api/survivors/:id', relations: RECORD, id: (t) => spend(of(t).fresh), body: () => ({ version: 1, nationality: 'Fictional Land' }), expect: caseWork },
    { method: 'GET', route: '/api/survivors/:id/consents', relations: RECORD, id: (t) => of(t).survivorId, expect: caseWork },
    { method: 'POST', route: '/api/survivors/:id/consents', relations: RECORD, id: (t) => of(t).survivorId, body: () => ({ purpose: 'statistics', givenBy: 'survivor', method: 'verbal' }), expect: caseWork },
    {
      method: 'POST',
      route: '/api/survivors/:id/consents/:consentId/withdraw',
      relations: RECORD,
      url: (t) => {
        if (t.relation === 'missing') return `/api/survivors/${randomUUID()}/consents/${randomUUID()}/withdraw`;
        const { survivorId, consentId } = spend(of(t).consents);
        return `/api/survivors/${survivorId}/consents/${consentId}/withdraw`;
      },
      expect: caseWork,
    },
    {
      // Matrix sessions signed in with a password moments ago, which counts as a fresh
      // confirmation (SES-1): a supervisor of the holder erases; a case worker of the holder is
      // refused 403; everyone else never sees the survivor. Each request spends a survivor.
      method: 'POST',
      route: '/api/survivors/:id/erasure',
      relations: RECORD,
      id: (t) => spend(of(t).erasable),
      body: () => ({ reason: 'survivor_request' }),
      expect: (a, relation) => {
        if (!doesCaseWork(a) || relation !== 'same_org') return 'not_found';
        return isUser(a) && roleHasPermission(a.role, 'cases.supervise') ? 'allow' : 'forbidden';
      },
    },
  ],
  { setup },
);
