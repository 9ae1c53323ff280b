/**
 * Consent records of the organisation's survivors (CON-1, CHD-1): recording, listing and
 * withdrawal (CON-4: read fresh on every call; a withdrawn referral consent stops the
 * referrals that recipient had not accepted yet, REF-1).
 */
import type { Permission } from '../../../core/auth/roles';
import { isConsentLive, validateConsent, withdrawConsent, type ConsentRecord } from '../../../core/consent';
import { conflict, forbidden, hiddenDenial, invalid } from '../../../core/errors';
import type { RecordConsentInput } from '../../../core/schemas/consents';
import type { Executor } from '../../db/database';
import type { Consent } from '../../db/schema';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { organisationExists } from '../organisations/service';
import { revokeOpenReferralsAfterWithdrawal } from '../referrals/service';
import { findServiceById } from '../services/service';
import { toConsentRecord } from './present';
import { findSurvivorForCaseWork, scope } from './service';
import * as store from './store';

export type { RecordConsentInput };

/** Every consent of the survivor, withdrawn ones included (CON-4: read fresh on each call). */
export async function listSurvivorConsents(trx: Executor, survivorId: string): Promise<ConsentRecord[]> {
  return (await store.listConsents(trx, survivorId)).map(toConsentRecord);
}

/** Records a consent for the actor's organisation's survivor (CON-1, CHD-1). */
export async function recordConsent(
  ctx: AppContext,
  trx: Executor,
  req: RequestContext,
  survivorId: string,
  input: RecordConsentInput,
  options: { permission?: Permission } = {},
): Promise<ConsentRecord> {
  // A green-line operator ('hotline.intake') records the verbal consent a caller gives.
  const survivor = await findSurvivorForCaseWork(trx, req, survivorId, options);
  if (survivor.erased_at) throw conflict('survivor.erased', 'This survivor was erased; no consent can be recorded.', 'survivorId');
  if (req.actor.kind !== 'user') throw forbidden();
  const now = new Date();
  const record = validateConsent(
    {
      id: crypto.randomUUID(),
      survivorId: survivor.id,
      purpose: input.purpose,
      recipientOrganisationId: input.recipientOrganisationId ?? null,
      serviceId: input.serviceId ?? null,
      givenBy: input.givenBy,
      childAssent: input.childAssent ?? null,
      guardianNotAskedReason: input.guardianNotAskedReason ?? null,
      method: input.method,
      legalBasis: input.legalBasis,
      givenAt: input.givenAt ?? now.toISOString(),
      recordedBy: req.actor.userId,
      withdrawnAt: null,
      withdrawalRecordedBy: null,
    },
    // CHD-1 follows the age at the incident; the profile holds the age at registration,
    // the closest the survivor record knows.
    { id: survivor.id, ageAtIncident: survivor.age_at_registration },
    now,
  );
  if (record.recipientOrganisationId && !(await organisationExists(trx, record.recipientOrganisationId))) {
    throw invalid('consent.unknown_recipient', 'recipientOrganisationId is not an organisation of this deployment.', 'recipientOrganisationId');
  }
  if (record.serviceId && (await findServiceById(trx, record.serviceId))?.organisation_id !== record.recipientOrganisationId) {
    throw invalid('consent.unknown_service', "serviceId is not one of the recipient organisation's services.", 'serviceId');
  }
  const row = await store.insertConsent(trx, {
    organisation_id: survivor.organisation_id,
    survivor_id: survivor.id,
    purpose: record.purpose,
    recipient_organisation_id: record.recipientOrganisationId,
    service_id: record.serviceId,
    given_by: record.givenBy,
    child_assent: record.childAssent,
    guardian_not_asked_reason: record.guardianNotAskedReason,
    method: record.method,
    legal_basis: record.legalBasis,
    given_at: new Date(record.givenAt),
    recorded_by: record.recordedBy,
  });
  await recordAudit(trx, {
    ...auditActor(req.actor),
    action: 'consent.create',
    resourceType: 'consent',
    resourceId: row.id,
    requestId: req.requestId,
    details: { survivorId: survivor.id, purpose: row.purpose, recipientOrganisationId: row.recipient_organisation_id, givenBy: row.given_by },
  });
  return toConsentRecord(row);
}

export function recordConsentRequest(ctx: AppContext, req: RequestContext, survivorId: string, input: RecordConsentInput) {
  return scope(ctx, req, async (trx, org) => {
    const record = await recordConsent(ctx, trx, req, survivorId, input);
    return (await store.findConsent(trx, org, survivorId, record.id))!;
  });
}

export function listConsentsRequest(ctx: AppContext, req: RequestContext, survivorId: string): Promise<Consent[]> {
  return scope(ctx, req, async (trx) => {
    const survivor = await findSurvivorForCaseWork(trx, req, survivorId);
    return store.listConsents(trx, survivor.id);
  });
}

/** CON-4: from this instant every disclosure check sees the consent withdrawn. */
export function withdrawConsentRequest(ctx: AppContext, req: RequestContext, survivorId: string, consentId: string) {
  return scope(ctx, req, async (trx) => {
    const survivor = await findSurvivorForCaseWork(trx, req, survivorId);
    const row = await store.findConsent(trx, survivor.organisation_id, survivor.id, consentId);
    if (!row || req.actor.kind !== 'user') throw hiddenDenial('consent');
    const now = new Date();
    withdrawConsent(toConsentRecord(row), now, req.actor.userId);
    const updated = await store.markConsentWithdrawn(trx, row.id, now, req.actor.userId);
    if (!updated) throw conflict('consent.already_withdrawn', 'This consent was already withdrawn.', 'withdrawnAt');
    await recordAudit(trx, {
      ...auditActor(req.actor),
      action: 'consent.withdraw',
      resourceType: 'consent',
      resourceId: row.id,
      requestId: req.requestId,
      details: { survivorId: survivor.id, purpose: row.purpose, recipientOrganisationId: row.recipient_organisation_id },
    });
    // REF-1: referrals not yet accepted by that recipient stop, unless another live consent
    // still names the organisation. Accepted ones stay, but their next read is gated (CON-4).
    const recipient = row.recipient_organisation_id;
    if (row.purpose === 'referral' && recipient) {
      const stillCovered = (await listSurvivorConsents(trx, survivor.id)).some(
        (consent) => consent.purpose === 'referral' && consent.recipientOrganisationId === recipient && isConsentLive(consent, now),
      );
      if (!stillCovered) await revokeOpenReferralsAfterWithdrawal(trx, req, survivor.id, recipient);
    }
    return updated;
  });
}
