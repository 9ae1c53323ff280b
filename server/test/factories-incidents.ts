/**
 * Factories for incidents, written through the incidents service as a case worker of the
 * organisation would. Values are fictional; canaries are unique per call.
 */
import { randomUUID } from 'node:crypto';
import type { CreateIncidentInput } from '../../core/schemas/incidents';
import { inOrganisationScope } from '../db/scope';
import type { Incident } from '../db/schema';
import type { AppContext } from '../platform/context';
import { createIncident } from '../modules/incidents/service';
import { buildSurvivor, requestAs, type BuiltSurvivor } from './factories-survivors';

/** The narrative and exact location of an incident, each a distinct greppable canary. */
export function incidentCanaries(tag = randomUUID().slice(0, 8)) {
  return { narrative: `CANARY-narrative-${tag}`, exactLocation: `CANARY-exactLocation-${tag}` };
}

/** Answers that classify as rape (the first question). */
export const RAPE_ANSWERS = { penetration: 'yes' } as const;

/** A body for POST /api/incidents: a rape two days ago, no identifying field unless given. */
export function incidentBody(survivorId: string, overrides: Partial<CreateIncidentInput> = {}): CreateIncidentInput {
  return {
    survivorId,
    incidentTime: { precision: 'exact', at: new Date(Date.now() - 48 * 3_600_000).toISOString() },
    classificationAnswers: { ...RAPE_ANSWERS },
    ageAtIncident: 24,
    ...overrides,
  };
}

export interface BuiltIncident extends BuiltSurvivor {
  incident: Incident;
}

/** An incident of `built` (or of a new survivor of the organisation). */
export async function buildIncident(
  ctx: AppContext,
  organisationId: string,
  input: Partial<CreateIncidentInput> = {},
  built?: BuiltSurvivor,
): Promise<BuiltIncident> {
  const owner = built ?? (await buildSurvivor(ctx, organisationId));
  const req = requestAs(owner.userId, organisationId);
  const incident = await inOrganisationScope(ctx.db, organisationId, (trx) =>
    createIncident(ctx, trx, req, incidentBody(owner.survivor.id, input)),
  );
  return { ...owner, incident };
}
