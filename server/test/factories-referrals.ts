/**
 * Factories for the service directory and referrals: a service of an organisation, an incident
 * and a case of a survivor, and the two-organisation scene most referral tests start from.
 * Values are obviously fictional; canaries are unique per call.
 */
import { randomUUID } from 'node:crypto';
import type { CreateIncidentInput } from '../../core/schemas/incidents';
import type { CreateServiceBody } from '../../core/schemas/services';
import { inOrganisationScope } from '../db/scope';
import type { Case, Incident } from '../db/schema';
import { systemRequest, type AppContext } from '../platform/context';
import { createIncident } from '../modules/incidents/service';
import { insertServiceEntry } from '../modules/services/service';
import { buildOrganisation } from './factories';
import { buildConsent, buildSurvivor, canaryIdentity, requestAs, type BuiltSurvivor } from './factories-survivors';

export async function buildService(ctx: AppContext, organisationId: string, overrides: Partial<Omit<CreateServiceBody, 'organisationId'>> = {}) {
  return ctx.db.transaction().execute((trx) =>
    insertServiceEntry(trx, systemRequest(), organisationId, {
      name: `Fictional Clinic ${randomUUID().slice(0, 6)}`,
      type: 'clinical_management_of_rape',
      areaIds: [],
      languages: ['fr', 'sw'],
      acceptsReferrals: true,
      ...overrides,
    }),
  );
}

/** A rape recorded `hoursAgo` hours ago, with a canary narrative and exact location. */
export async function buildIncident(ctx: AppContext, built: BuiltSurvivor, overrides: Partial<CreateIncidentInput> & { hoursAgo?: number } = {}): Promise<Incident> {
  const { hoursAgo = 10, ...rest } = overrides;
  const { survivor, userId } = built;
  const tag = randomUUID().slice(0, 8);
  return inOrganisationScope(ctx.db, survivor.organisation_id, (trx) =>
    createIncident(ctx, trx, requestAs(userId, survivor.organisation_id), {
      survivorId: survivor.id,
      incidentTime: { precision: 'exact', at: new Date(Date.now() - hoursAgo * 3_600_000).toISOString() },
      classificationAnswers: { penetration: 'yes' },
      acts: ['rape'],
      narrative: `CANARY-narrative-${tag}`,
      exactLocation: `CANARY-exactLocation-${tag}`,
      ...rest,
    }),
  );
}

/**
 * A case of the survivor linked to the incidents. Written in SQL: the cases module's own
 * creation path belongs to it, and a referral needs only the row and its links.
 */
export async function buildCase(ctx: AppContext, built: BuiltSurvivor, incidentIds: readonly string[] = [], needs: string[] = ['health']): Promise<Case> {
  const { survivor, userId } = built;
  return inOrganisationScope(ctx.db, survivor.organisation_id, async (trx) => {
    const row = await trx
      .insertInto('cases')
      .values({
        organisation_id: survivor.organisation_id,
        survivor_id: survivor.id,
        code: `C-${randomUUID().slice(0, 8).toUpperCase()}`,
        needs,
        created_by: userId,
        assigned_to: userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const incidentId of incidentIds) await trx.insertInto('case_incidents').values({ case_id: row.id, incident_id: incidentId }).execute();
    return row;
  });
}

/**
 * The scene: organisation A holds a survivor (every identifying field a canary), her rape
 * incident (canary narrative and location) and a case; organisation B offers a service;
 * organisation C is a bystander. With `consent`, the survivor consented to a referral to B.
 */
export async function buildReferralScene(ctx: AppContext, options: { consent?: 'organisation' | 'service' | 'none' } = {}) {
  const orgA = await buildOrganisation(ctx, { name: `Fictional Holder ${randomUUID().slice(0, 4)}` });
  const orgB = await buildOrganisation(ctx, { name: `Fictional Provider ${randomUUID().slice(0, 4)}` });
  const orgC = await buildOrganisation(ctx, { name: `Fictional Bystander ${randomUUID().slice(0, 4)}` });
  const identity = canaryIdentity();
  const built = await buildSurvivor(ctx, orgA.id, { identity });
  const narrative = `CANARY-narrative-${randomUUID().slice(0, 8)}`;
  const exactLocation = `CANARY-exactLocation-${randomUUID().slice(0, 8)}`;
  const incident = await buildIncident(ctx, built, { narrative, exactLocation });
  const caseRow = await buildCase(ctx, built, [incident.id]);
  const serviceB = await buildService(ctx, orgB.id);
  const consent = options.consent ?? 'organisation';
  const consentRecord =
    consent === 'none'
      ? null
      : await buildConsent(ctx, built, { purpose: 'referral', recipientOrganisationId: orgB.id, serviceId: consent === 'service' ? serviceB.id : null });
  const canaries = [...Object.values(identity).filter((v): v is string => typeof v === 'string'), narrative, exactLocation];
  return { orgA, orgB, orgC, built, survivor: built.survivor, identity, incident, caseRow, serviceB, consent: consentRecord, canaries };
}

export type ReferralScene = Awaited<ReturnType<typeof buildReferralScene>>;
