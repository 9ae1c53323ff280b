/**
 * Referrals (REF-1): seen only by the case workers and supervisors of the referring and of the
 * receiving organisation; everyone else (analysts, administrators, a third party) is told the
 * referral does not exist (404). The receiving side accepts, declines, delivers and closes;
 * the referring side revokes; the wrong side is refused 403. A recipient whose consent was
 * withdrawn still reads the referral, without any identifying section (CON-4).
 */
import { roleHasPermission } from '../../../../core/auth/roles';
import type { ReferralAction } from '../../../../core/referrals';
import { inOrganisationScope } from '../../../db/scope';
import type { AppContext } from '../../../platform/context';
import { createReferral, transitionReferral } from '../../../modules/referrals/service';
import { withdrawConsentRequest } from '../../../modules/survivors/consents';
import { buildCase, buildIncident, buildService } from '../../factories-referrals';
import { buildConsent, buildSurvivor, requestAs } from '../../factories-survivors';
import { isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Relation, type Target } from '../types';

interface OrgReferrals {
  /** A case (with its incident) of this organisation, whose survivor consented to referral to the other. */
  caseId: string;
  incidentId: string;
  /** This organisation's service, which the other refers to. */
  serviceId: string;
  /** Sent by this organisation to the other ('sent'), to read or to act on as the wrong side. */
  outgoing: string;
  revocable: string[];
  /** Sent by the other organisation to this one. */
  incoming: string;
  acceptable: string[];
  declinable: string[];
  deliverable: string[];
  closable: string[];
  /** Sent by the other organisation to this one; the survivor then withdrew her consent. */
  withdrawn: string;
  /** Sent by this organisation to its own service: a third party's referral for the other. */
  internal: string;
}

const fixtures = new Map<string, OrgReferrals>();
const POOL = 12;
const spend = (pool: string[]): string => (pool.length > 1 ? pool.shift()! : pool[0]!);
const today = () => new Date().toISOString().slice(0, 10);

async function setup(ctx: AppContext) {
  const orgs = [];
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const worker = await ctx.db.selectFrom('users').select('id').where('organisation_id', '=', org.id).where('role', '=', 'case_worker').executeTakeFirstOrThrow();
    const service = await buildService(ctx, org.id, { name: `Matrix Fictional Referral Desk ${name}` });
    orgs.push({ id: org.id, workerId: worker.id, serviceId: service.id });
  }
  for (const [index, home] of orgs.entries()) {
    const other = orgs[1 - index]!;
    const req = requestAs(home.workerId, home.id);
    const scene = async (recipient: { id: string; serviceId: string }) => {
      const built = await buildSurvivor(ctx, home.id, {}, home.workerId);
      const consent = await buildConsent(ctx, built, { purpose: 'referral', recipientOrganisationId: recipient.id });
      const incident = await buildIncident(ctx, built);
      const caseRow = await buildCase(ctx, built, [incident.id]);
      const send = async () =>
        (await inOrganisationScope(ctx.db, home.id, (trx) =>
          createReferral(ctx, trx, req, { caseId: caseRow.id, incidentId: incident.id, serviceId: recipient.serviceId, sections: ['profile', 'contact', 'narrative', 'clinical_clock'] }),
        )).id;
      return { built, consent, incident, caseRow, send };
    };
    const main = await scene(other);
    const recipientReq = requestAs(other.workerId, other.id);
    const moved = async (steps: ReferralAction[]) => {
      const id = await main.send();
      for (const step of steps) await transitionReferral(ctx, recipientReq, id, step, { deliveredOn: today() });
      return id;
    };
    const pool = async (steps: ReferralAction[]) => {
      const ids: string[] = [];
      for (let i = 0; i < POOL; i += 1) ids.push(await moved(steps));
      return ids;
    };
    const withdrawing = await scene(other);
    const withdrawn = await withdrawing.send();
    await transitionReferral(ctx, recipientReq, withdrawn, 'accept', {});
    await withdrawConsentRequest(ctx, req, withdrawing.built.survivor.id, withdrawing.consent.id);
    const internal = await (await scene(home)).send();

    // Stored under the RECIPIENT for the incoming pools, so a case's `t.home` finds them.
    const mine = fixtures.get(home.id) ?? ({} as OrgReferrals);
    Object.assign(mine, { caseId: main.caseRow.id, incidentId: main.incident.id, serviceId: home.serviceId, outgoing: await main.send(), revocable: await pool([]), internal });
    fixtures.set(home.id, mine);
    const theirs = fixtures.get(other.id) ?? ({} as OrgReferrals);
    Object.assign(theirs, {
      incoming: await main.send(),
      acceptable: await pool([]),
      declinable: await pool([]),
      deliverable: await pool(['accept']),
      closable: await pool(['accept', 'deliver']),
      withdrawn,
    });
    fixtures.set(other.id, theirs);
  }
}

const doesCaseWork = (a: MatrixActor) => isUser(a) && roleHasPermission(a.role, 'cases.work');
const of = (t: Target) => fixtures.get(t.home.id)!;
/** For the other_org relation: a referral the other organisation sent to itself. */
const theirs = (t: Target) => fixtures.get(t.other.id)!;

/** Referrer or recipient with case work reads; everyone else 404. */
const readable = (a: MatrixActor, relation: Relation): Outcome =>
  doesCaseWork(a) && (relation === 'same_org' || relation === 'recipient' || relation === 'recipient_withdrawn') ? 'allow' : 'not_found';
/** The receiving side acts; the referring side is refused 403; everyone else 404. */
const recipientActs = (a: MatrixActor, relation: Relation): Outcome => {
  if (!doesCaseWork(a)) return 'not_found';
  if (relation === 'recipient') return 'allow';
  return relation === 'same_org' ? 'forbidden' : 'not_found';
};
const referrerActs = (a: MatrixActor, relation: Relation): Outcome => {
  if (!doesCaseWork(a)) return 'not_found';
  if (relation === 'same_org') return 'allow';
  return relation === 'recipient' ? 'forbidden' : 'not_found';
};

const ACT_RELATIONS: readonly Relation[] = ['same_org', 'other_org', 'recipient', 'missing'];
const READ_RELATIONS: readonly Relation[] = ['same_org', 'other_org', 'recipient', 'recipient_withdrawn', 'missing'];

/** The id for a transition: a fresh referral in the right state for the side the relation names. */
const actionId = (pool: (f: OrgReferrals) => string[] | string, referrerPool?: (f: OrgReferrals) => string[]) => (t: Target) => {
  if (t.relation === 'other_org') return theirs(t).internal;
  if (t.relation === 'same_org') return referrerPool ? spend(referrerPool(of(t))) : of(t).outgoing;
  const chosen = pool(of(t));
  return Array.isArray(chosen) ? spend(chosen) : chosen;
};

function verifyList(t: Target, body: string): string | null {
  const rows = (JSON.parse(body) as { data: Array<{ referringOrganisationId: string; service: { organisationId: string } }> }).data;
  return rows.every((r) => r.referringOrganisationId === t.home.id || r.service.organisationId === t.home.id) ? null : 'lists a referral of a third party';
}

export default defineCases(
  'referrals',
  [
    { method: 'GET', route: '/api/referrals', url: () => '/api/referrals?direction=incoming', expect: (a) => (doesCaseWork(a) ? 'allow' : 'not_found'), verify: (t, res) => verifyList(t, res.body) },
    { method: 'GET', route: '/api/referrals', url: () => '/api/referrals?direction=outgoing', expect: (a) => (doesCaseWork(a) ? 'allow' : 'not_found'), verify: (t, res) => verifyList(t, res.body) },
    {
      method: 'POST',
      route: '/api/referrals',
      relations: ['same_org', 'other_org'],
      body: (t) => {
        const holder = fixtures.get(t.org.id)!;
        const recipient = fixtures.get(t.org.id === t.home.id ? t.other.id : t.home.id)!;
        return { caseId: holder.caseId, incidentId: holder.incidentId, serviceId: recipient.serviceId, sections: ['profile'] };
      },
      expect: (a, relation) => (doesCaseWork(a) && relation === 'same_org' ? 'allow' : 'not_found'),
    },
    {
      method: 'GET',
      route: '/api/referrals/:id',
      relations: READ_RELATIONS,
      id: (t) => (t.relation === 'other_org' ? theirs(t).internal : t.relation === 'recipient' ? of(t).incoming : t.relation === 'recipient_withdrawn' ? of(t).withdrawn : of(t).outgoing),
      expect: readable,
      verify: (t, res) => {
        const body = res.json() as { consentWithdrawn: boolean; shared: unknown };
        if (t.relation === 'recipient_withdrawn') return body.consentWithdrawn && body.shared === null ? null : 'CON-4: identifying sections after withdrawal';
        return body.shared !== null ? null : 'the chosen sections are missing while consent is live';
      },
    },
    { method: 'POST', route: '/api/referrals/:id/accept', relations: ACT_RELATIONS, id: actionId((f) => f.acceptable), body: () => ({}), expect: recipientActs },
    { method: 'POST', route: '/api/referrals/:id/decline', relations: ACT_RELATIONS, id: actionId((f) => f.declinable), body: () => ({ reason: 'no_capacity' }), expect: recipientActs },
    { method: 'POST', route: '/api/referrals/:id/deliver', relations: ACT_RELATIONS, id: actionId((f) => f.deliverable), body: () => ({ deliveredOn: today() }), expect: recipientActs },
    { method: 'POST', route: '/api/referrals/:id/close', relations: ACT_RELATIONS, id: actionId((f) => f.closable), body: () => ({}), expect: recipientActs },
    { method: 'POST', route: '/api/referrals/:id/revoke', relations: ACT_RELATIONS, id: actionId((f) => f.incoming, (f) => f.revocable), body: () => ({}), expect: referrerActs },
  ],
  { setup },
);
