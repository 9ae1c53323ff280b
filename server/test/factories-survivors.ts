/**
 * Factories for survivor records, written through the survivors service as a case worker of
 * the organisation would. Values are obviously fictional; canaries are unique per call.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../core/auth/roles';
import type { RecordConsentInput } from '../../core/schemas/consents';
import type { RegisterSurvivorInput, SurvivorIdentity } from '../../core/schemas/survivors';
import { inOrganisationScope } from '../db/scope';
import type { Survivor } from '../db/schema';
import type { AppContext, RequestContext } from '../platform/context';
import { recordConsent } from '../modules/survivors/consents';
import { registerSurvivor } from '../modules/survivors/service';
import { buildUser } from './factories';

/** A request as a signed-in user of the role (no HTTP session: for factories only). */
export function requestAs(userId: string, organisationId: string, role: Role = 'case_worker', reauthenticatedAt: Date | null = null): RequestContext {
  return {
    actor: { kind: 'user', userId, organisationId, role, isPlatformOperator: false, sessionId: randomUUID(), stage: 'complete', reauthenticatedAt },
    requestId: randomUUID(),
    ip: null,
    userAgent: null,
  };
}

/** Every identifying field filled with a distinct, greppable canary. */
export function canaryIdentity(tag = randomUUID().slice(0, 8)): SurvivorIdentity {
  const c = (field: string) => `CANARY-${field}-${tag}`;
  return {
    name: c('name'),
    otherNames: c('otherNames'),
    phone: c('phone'),
    address: c('address'),
    safeContactInstructions: c('safeContact'),
    currentLocation: c('location'),
    caregiverName: c('caregiverName'),
    caregiverRelationship: c('caregiverRel'),
    caregiverContact: c('caregiverContact'),
  };
}

export interface BuiltSurvivor {
  survivor: Survivor;
  /** The case worker who registered her. */
  userId: string;
}

export async function buildSurvivor(
  ctx: AppContext,
  organisationId: string,
  input: Partial<RegisterSurvivorInput> = {},
  userId?: string,
): Promise<BuiltSurvivor> {
  const registrar = userId ?? (await buildUser(ctx, { role: 'case_worker', organisationId })).id;
  const req = requestAs(registrar, organisationId);
  const survivor = await inOrganisationScope(ctx.db, organisationId, (trx) =>
    registerSurvivor(ctx, trx, req, {
      sex: 'female',
      ageAtRegistration: 27,
      identity: { name: `Fictional Survivor ${randomUUID().slice(0, 6)}` },
      ...input,
    }),
  );
  return { survivor, userId: registrar };
}

export async function buildConsent(ctx: AppContext, built: BuiltSurvivor, input: Partial<RecordConsentInput> = {}) {
  const { survivor, userId } = built;
  return inOrganisationScope(ctx.db, survivor.organisation_id, (trx) =>
    recordConsent(ctx, trx, requestAs(userId, survivor.organisation_id), survivor.id, {
      purpose: 'services',
      givenBy: 'survivor',
      method: 'verbal',
      legalBasis: 'consent',
      ...input,
    }),
  );
}
