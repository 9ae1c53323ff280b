/**
 * Referrals (REF-1): a disclosure of the chosen sections of a survivor's record to a service in
 * the directory, gated by her consent for that recipient (CON-2) or a supervisor's override
 * (CON-3), followed through its states by both organisations. Reads live in reads.ts.
 */
import { decideDisclosure, type DisclosureDecision } from '../../../core/consent';
import { conflict, forbidden, hiddenDenial, invalid, reauthenticationRequired, ruleViolation } from '../../../core/errors';
import { CASE_SECTIONS, INCIDENT_SECTIONS, decideTransition, normaliseSections, type ReferralAction, type ReferralParty } from '../../../core/referrals';
import type { CreateReferralBody } from '../../../core/schemas/referrals';
import type { Executor } from '../../db/database';
import type { Case, Incident, Referral, Survivor } from '../../db/schema';
import { inOrganisationScope } from '../../db/scope';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { referralsOutcomeNote, referralsShared } from '../../platform/crypto/columns';
import { findCaseForCaseWork, listCaseIncidentIds } from '../cases/service';
import { findIncidentForCaseWork } from '../incidents/service';
import { findServiceById } from '../services/service';
import { listSurvivorConsents } from '../survivors/consents';
import { findSurvivorById, findSurvivorForCaseWork } from '../survivors/service';
import { canConfirmOverride, canWorkOnReferrals, partiesOf } from './policy';
import { buildSnapshot } from './snapshot';
import * as store from './store';

export { getReferral, listReferrals } from './reads';

/**
 * What a referral is created from. From a case (the HTTP route), or from a survivor directly
 * (a hotline call turned into a referral): exactly one of `caseId` and `survivorId`.
 */
export type CreateReferralInput = Omit<CreateReferralBody, 'caseId' | 'sections' | 'urgent'> & {
  sections?: CreateReferralBody['sections'] | undefined;
  urgent?: boolean | undefined;
} & ({ caseId: string; survivorId?: undefined } | { caseId?: undefined; survivorId: string });

/** The reasons the gate gives, turned into what the worker must do. */
function refuse(decision: Extract<DisclosureDecision, { allowed: false }>, recipientName: string): never {
  switch (decision.reason) {
    case 'no_consent':
      throw ruleViolation('referral.consent_required', `Record the survivor's consent to a referral to ${recipientName} first (consent purpose "referral", naming that organisation or this service).`, 'serviceId');
    case 'consent_withdrawn':
      throw ruleViolation('referral.consent_withdrawn', `The survivor withdrew her consent to a referral to ${recipientName}. Ask her again and record her consent before referring.`, 'serviceId');
    case 'override_role_not_allowed':
      throw forbidden('referral.override_forbidden', 'Only a supervisor may override a missing consent (CON-3).');
    case 'override_justification_too_short':
      throw invalid('referral.override_justification', 'override.justification must explain the risk in at least 30 characters.', 'override.justification');
    case 'override_reason_not_allowed':
      throw invalid('referral.override_reason', 'override.reasonCode must be imminent_risk or mandatory_reporting.', 'override.reasonCode');
    default:
      throw ruleViolation('referral.disclosure_denied', 'This referral cannot be sent.', 'serviceId');
  }
}

interface Origin {
  survivor: Survivor;
  caseRow: Case | null;
  incident: Incident | null;
}

async function loadOrigin(trx: Executor, req: RequestContext, input: CreateReferralInput): Promise<Origin> {
  let caseRow: Case | null = null;
  let survivor: Survivor;
  if (input.caseId !== undefined) {
    caseRow = await findCaseForCaseWork(trx, req, input.caseId);
    survivor = await findSurvivorForCaseWork(trx, req, caseRow.survivor_id);
  } else {
    survivor = await findSurvivorForCaseWork(trx, req, input.survivorId);
  }
  let incident: Incident | null = null;
  if (input.incidentId) {
    incident = await findIncidentForCaseWork(trx, req, input.incidentId);
    const belongs = caseRow ? (await listCaseIncidentIds(trx, caseRow.id)).includes(incident.id) : incident.survivor_id === survivor.id;
    if (!belongs || incident.survivor_id !== survivor.id) {
      throw invalid('referral.incident_not_in_case', 'incidentId is not an incident of this case.', 'incidentId');
    }
  }
  return { survivor, caseRow, incident };
}

/**
 * Sends a referral (REF-1) in the caller's transaction and organisation scope. The gate runs
 * first; nothing is written when it refuses. A replayed idempotency key returns the first
 * referral (REL-2). Also called by the hotline module.
 */
export async function createReferral(ctx: AppContext, trx: Executor, req: RequestContext, input: CreateReferralInput): Promise<Referral> {
  const actor = req.actor;
  // Without case work there is no case to refer from: 404, as for any case (AUTHZ-1).
  if (!canWorkOnReferrals(actor) || actor.kind !== 'user') throw hiddenDenial('case');
  if (input.idempotencyKey) {
    const existing = await store.findReferralByIdempotencyKey(trx, actor.organisationId, input.idempotencyKey);
    if (existing) return existing;
  }
  const sections = normaliseSections(input.sections ?? []);
  const origin = await loadOrigin(trx, req, input);
  const { survivor, caseRow, incident } = origin;
  if (survivor.erased_at || !survivor.record_key_id) throw ruleViolation('referral.survivor_erased', 'This survivor was erased; her record cannot be referred.', 'caseId');
  const incidentSection = sections.find((s) => INCIDENT_SECTIONS.includes(s));
  if (incidentSection && !incident) throw invalid('referral.incident_required', `The section ${incidentSection} needs incidentId: name the incident the referral carries.`, 'incidentId');
  const caseSection = sections.find((s) => CASE_SECTIONS.includes(s));
  if (caseSection && !caseRow) throw invalid('referral.case_required', `The section ${caseSection} needs a case.`, 'sections');

  const service = await findServiceById(trx, input.serviceId);
  if (!service || service.disabled_at !== null || service.organisation_disabled_at !== null) {
    throw invalid('referral.service_unknown', 'serviceId is not an active service of the directory.', 'serviceId');
  }
  if (!service.accepts_referrals) throw ruleViolation('referral.service_closed', `${service.name} does not accept referrals.`, 'serviceId');

  // CON-2: the one gate, fresh consents, this recipient and this service, now.
  const now = new Date();
  const override = input.override ? { reasonCode: input.override.reasonCode, justification: input.override.justification, actorRole: actor.role } : null;
  const decision = decideDisclosure({
    purpose: 'referral',
    recipient: { organisationId: service.organisation_id, serviceId: service.id },
    consents: await listSurvivorConsents(trx, survivor.id),
    at: now,
    override,
  });
  if (!decision.allowed) refuse(decision, service.organisation_name);
  // SES-1: an override also needs a fresh password confirmation.
  if (decision.basis === 'override' && !canConfirmOverride(actor, now)) throw reauthenticationRequired();

  const id = crypto.randomUUID();
  const snapshot = await buildSnapshot(ctx, trx, sections, { survivor, incident, caseRow });
  const sharedSealed = snapshot ? await referralsShared.sealForRecord(ctx.cipher, trx, survivor.record_key_id, id, JSON.stringify(snapshot)) : null;
  const row = await store.insertReferral(trx, {
    id,
    organisation_id: actor.organisationId,
    recipient_organisation_id: service.organisation_id,
    service_id: service.id,
    survivor_id: survivor.id,
    case_id: caseRow?.id ?? null,
    incident_id: incident?.id ?? null,
    urgent: input.urgent ?? false,
    shared_sections: sections,
    shared_sealed: sharedSealed,
    consent_id: decision.basis === 'consent' ? decision.consentId : null,
    override_reason_code: decision.basis === 'override' ? decision.reasonCode : null,
    override_justification: decision.basis === 'override' ? input.override!.justification : null,
    override_by: decision.basis === 'override' ? actor.userId : null,
    idempotency_key: input.idempotencyKey ?? null,
    created_by: actor.userId,
  });
  if (!row) {
    // A parallel replay won the insert: theirs is the referral.
    const existing = await store.findReferralByIdempotencyKey(trx, actor.organisationId, input.idempotencyKey!);
    if (existing) return existing;
    throw conflict('referral.idempotency_key', 'This idempotency key was used for another request.', 'idempotencyKey');
  }
  await store.insertReferralEvent(trx, { referral_id: id, organisation_id: actor.organisationId, status: 'sent', note: null, actor_user_id: actor.userId });
  const base = { ...auditActor(actor), resourceType: 'referral', resourceId: id, requestId: req.requestId };
  await recordAudit(trx, {
    ...base,
    action: 'referral.create',
    details: {
      survivorId: survivor.id, caseId: caseRow?.id ?? null, incidentId: incident?.id ?? null, serviceId: service.id,
      recipientOrganisationId: service.organisation_id, sections, urgent: row.urgent, basis: decision.basis,
      consentId: decision.basis === 'consent' ? decision.consentId : null,
    },
  });
  // CON-3: the override is its own audit row, so a review of overrides finds every one.
  if (decision.basis === 'override') {
    await recordAudit(trx, { ...base, action: 'referral.override', details: { reasonCode: decision.reasonCode, survivorId: survivor.id, recipientOrganisationId: service.organisation_id } });
  }
  return row;
}

/** POST /api/referrals: a referral from a case, in the actor's organisation scope. */
export function createReferralRequest(ctx: AppContext, req: RequestContext, body: CreateReferralBody): Promise<Referral> {
  if (!canWorkOnReferrals(req.actor) || req.actor.kind !== 'user') throw hiddenDenial('case');
  return inOrganisationScope(ctx.db, req.actor.organisationId, (trx) => createReferral(ctx, trx, req, body));
}

export interface TransitionInput {
  version?: number | undefined;
  reason?: string | undefined;
  deliveredOn?: string | undefined;
  outcomeNote?: string | null | undefined;
}

const DONE: Record<ReferralAction, string> = { accept: 'accepted', decline: 'declined', deliver: 'marked as delivered', close: 'closed', revoke: 'revoked' };
const PARTY_OF: Record<ReferralAction, ReferralParty> = { accept: 'recipient', decline: 'recipient', deliver: 'recipient', close: 'recipient', revoke: 'referrer' };

/** Moves a referral through its states (REF-1); anything the state machine refuses is a 422. */
export function transitionReferral(ctx: AppContext, req: RequestContext, id: string, action: ReferralAction, input: TransitionInput): Promise<Referral> {
  const actor = req.actor;
  if (!canWorkOnReferrals(actor) || actor.kind !== 'user') throw hiddenDenial('referral');
  return inOrganisationScope(ctx.db, actor.organisationId, async (trx) => {
    const referral = await store.findVisibleReferral(trx, actor.organisationId, id);
    const parties = referral ? partiesOf(actor, referral) : [];
    if (!referral || parties.length === 0) throw hiddenDenial('referral');
    if (!parties.includes(PARTY_OF[action])) {
      throw forbidden('referral.wrong_party', action === 'revoke' ? 'Only the referring organisation revokes a referral.' : `Only the receiving organisation may ${action} a referral.`);
    }
    const decision = decideTransition(referral.status, action, PARTY_OF[action]);
    if (!decision.ok) throw ruleViolation('referral.invalid_transition', `A referral that is ${referral.status} cannot be ${DONE[action]}.`, 'status');
    if (input.version !== undefined && input.version !== referral.version) throw versionConflict(referral.version);

    const changes: Parameters<typeof store.updateReferral>[3] = { status: decision.to };
    if (action === 'decline') changes.decline_reason = input.reason ?? null;
    if (action === 'deliver') {
      const deliveredOn = input.deliveredOn!;
      if (deliveredOn > new Date().toISOString().slice(0, 10)) throw invalid('referral.delivered_in_future', 'deliveredOn is in the future.', 'deliveredOn');
      if (deliveredOn < referral.created_at.toISOString().slice(0, 10)) throw invalid('referral.delivered_before_sent', 'deliveredOn is before the referral was sent.', 'deliveredOn');
      changes.service_delivered_on = deliveredOn;
      if (input.outcomeNote) {
        const keyId = await survivorRecordKey(trx, referral.survivor_id);
        // Under the survivor's key, like everything about her: erasure destroys it too (STO-3).
        if (!keyId) throw ruleViolation('referral.survivor_erased', 'This survivor was erased; no note can be kept about her.', 'outcomeNote');
        changes.outcome_note_sealed = await referralsOutcomeNote.sealForRecord(ctx.cipher, trx, keyId, referral.id, input.outcomeNote);
      }
    }
    const row = await store.updateReferral(trx, referral.id, { status: referral.status, version: input.version }, changes);
    if (!row) throw versionConflict((await store.findVisibleReferral(trx, actor.organisationId, id))?.version ?? referral.version);
    await store.insertReferralEvent(trx, { referral_id: row.id, organisation_id: actor.organisationId, status: row.status, note: action === 'decline' ? (input.reason ?? null) : null, actor_user_id: actor.userId });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: `referral.${action}`,
      resourceType: 'referral',
      resourceId: row.id,
      requestId: req.requestId,
      details: { from: referral.status, to: row.status, ...(action === 'decline' ? { reason: input.reason } : {}), ...(action === 'deliver' ? { outcomeNote: Boolean(input.outcomeNote) } : {}) },
    });
    return row;
  });
}

async function survivorRecordKey(trx: Executor, survivorId: string): Promise<string | null> {
  const survivor = await findSurvivorById(trx, survivorId);
  return survivor && !survivor.erased_at ? survivor.record_key_id : null;
}

const versionConflict = (version: number) =>
  Object.assign(conflict('referral.version_conflict', 'Someone else changed this referral since you opened it; reload and try again.', 'version'), { details: { version } });

/**
 * CON-4: when the survivor withdraws her referral consent for a recipient, referrals to it
 * still waiting ('sent') are revoked at once; accepted ones stay, but the recipient loses every
 * identifying section on its next read. Returns how many were revoked. Runs in the holder's
 * scope and transaction (the survivors module calls it on withdrawal).
 */
export async function revokeOpenReferralsAfterWithdrawal(trx: Executor, req: RequestContext, survivorId: string, recipientOrganisationId: string): Promise<number> {
  const actor = req.actor;
  if (actor.kind !== 'user') throw forbidden();
  const open = await store.listReferralsToRecipient(trx, actor.organisationId, survivorId, recipientOrganisationId, ['sent']);
  let revoked = 0;
  for (const referral of open) {
    const row = await store.updateReferral(trx, referral.id, { status: 'sent' }, { status: 'revoked' });
    if (!row) continue;
    revoked += 1;
    await store.insertReferralEvent(trx, { referral_id: row.id, organisation_id: actor.organisationId, status: 'revoked', note: 'consent_withdrawn', actor_user_id: actor.userId });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'referral.revoke',
      resourceType: 'referral',
      resourceId: row.id,
      requestId: req.requestId,
      details: { from: 'sent', to: 'revoked', reason: 'consent_withdrawn' },
    });
  }
  return revoked;
}
