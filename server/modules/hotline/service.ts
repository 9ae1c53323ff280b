/**
 * Hotline intake (issue 3 part 8): a call log kept to the minimum, which may become an
 * incident, a referral, or nothing. Every read and write runs in the organisation's scope
 * (AUTHZ-2); a conversion runs in one transaction, so a refusal (no consent, bad incident)
 * leaves no survivor, consent or incident behind.
 */
import { transitionCall } from '../../../core/hotline';
import { CLOCK_SKEW_MS } from '../../../core/clinical';
import { conflict, forbidden, hiddenDenial, invalid, isDomainError } from '../../../core/errors';
import type { CallSummary, CallToIncidentInput, CallToReferralInput, CallView, ListCallsQuery, LogCallData } from '../../../core/schemas/hotline';
import type { Executor } from '../../db/database';
import type { Survivor } from '../../db/schema';
import { inOrganisationScope } from '../../db/scope';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { hotlineCallsSummary } from '../../platform/crypto/columns';
import { FieldDecryptionError } from '../../platform/crypto/field-cipher';
import { createIncident } from '../incidents/service';
import { createReferral } from '../referrals/service';
import { findServiceById } from '../services/service';
import { recordConsent } from '../survivors/consents';
import { findSurvivorForCaseWork, registerSurvivor } from '../survivors/service';
import { canReachCall, canRecordCallConsent, canReferCalls, canTakeCalls } from './policy';
import { presentCall, presentCallSummary } from './present';
import * as store from './store';

function callScope<T>(ctx: AppContext, req: RequestContext, work: (trx: Executor, actor: UserActor) => Promise<T>): Promise<T> {
  const actor = req.actor;
  // Without intake there is nothing to see: 404 before any query.
  if (!canTakeCalls(actor) || actor.kind !== 'user') throw hiddenDenial('hotline_call');
  return inOrganisationScope(ctx.db, actor.organisationId, (trx) => work(trx, actor));
}

async function findCallForIntake(trx: Executor, req: RequestContext, actor: UserActor, id: string): Promise<store.CallRow> {
  const row = await store.findCall(trx, actor.organisationId, id);
  if (!row || !canReachCall(req.actor, row)) throw hiddenDenial('hotline_call');
  return row;
}

const audit = (trx: Executor, req: RequestContext, action: string, id: string, details: Record<string, unknown>) =>
  recordAudit(trx, { ...auditActor(req.actor), action, resourceType: 'hotline_call', resourceId: id, requestId: req.requestId, details });

/**
 * Logs a call. The summary is sealed under a data key of the call's own, so the call can be
 * purged, or follow its survivor's erasure, by destroying one key (STO-3). A replayed
 * idempotency key returns the call logged the first time (REL-2).
 */
export function logCall(ctx: AppContext, req: RequestContext, input: LogCallData): Promise<CallSummary> {
  return callScope(ctx, req, async (trx, actor) => {
    const organisationId = actor.organisationId;
    if (input.idempotencyKey) {
      const existing = await store.findCallByIdempotencyKey(trx, organisationId, input.idempotencyKey);
      if (existing) return presentCallSummary(existing);
    }
    // Millisecond precision, as a JS Date holds it, so list cursors match exactly.
    const receivedAt = new Date(input.receivedAt);
    const now = new Date();
    if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid('hotline.received_in_future', 'receivedAt is in the future: check the date and time zone.', 'receivedAt');
    if (input.areaId && !(await store.areaExists(trx, input.areaId))) throw invalid('hotline.unknown_area', 'areaId is not an area of this deployment.', 'areaId');
    const id = crypto.randomUUID();
    const summary = input.summary ?? null;
    const keyId = summary === null ? null : await ctx.cipher.createRecordKey(trx, organisationId);
    const row = await store.insertCall(trx, {
      id,
      organisation_id: organisationId,
      code: await store.nextCallCode(trx, organisationId, now.getUTCFullYear()),
      operator_id: actor.userId,
      received_at: receivedAt,
      duration_minutes: input.durationMinutes ?? null,
      caller_kind: input.callerKind,
      language: input.language ?? null,
      area_id: input.areaId ?? null,
      topics: input.topics,
      is_urgent: input.isUrgent,
      summary_sealed: keyId === null ? null : await hotlineCallsSummary.sealForRecord(ctx.cipher, trx, keyId, id, summary!),
      summary_key_id: keyId,
      idempotency_key: input.idempotencyKey ?? null,
      created_at: now,
      updated_at: now,
    });
    if (!row) {
      const existing = await store.findCallByIdempotencyKey(trx, organisationId, input.idempotencyKey!);
      if (existing) return presentCallSummary(existing);
      throw conflict('hotline.idempotency_key', 'This idempotency key was used for another request.', 'idempotencyKey');
    }
    await audit(trx, req, 'hotline_call.create', id, { code: row.code, callerKind: row.caller_kind, topics: row.topics, urgent: row.is_urgent, fields: summary === null ? [] : ['summary'] });
    return presentCallSummary(row);
  });
}

const decodeCursor = (cursor: string): { at: Date; id: string } => {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    const at = new Date(String(value.at));
    if (typeof value.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(value.id) || Number.isNaN(at.getTime())) throw new Error('bad cursor');
    return { at, id: value.id };
  } catch {
    throw invalid('hotline.cursor_invalid', 'cursor is not one this list gave: start again from the first page.', 'query.cursor');
  }
};

/** The organisation's calls, newest first, never with their summaries. */
export function listCalls(ctx: AppContext, req: RequestContext, query: ListCallsQuery): Promise<{ data: CallSummary[]; nextCursor: string | null }> {
  return callScope(ctx, req, async (trx, actor) => {
    const rows = await store.listCalls(trx, actor.organisationId, { outcome: query.outcome, urgent: query.urgent }, {
      ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map(presentCallSummary),
      nextCursor: rows.length > query.limit && last ? Buffer.from(JSON.stringify({ at: last.received_at.toISOString(), id: last.id })).toString('base64url') : null,
    };
  });
}

/** One call with its summary opened; the read is audited (AUD-1). */
export function readCall(ctx: AppContext, req: RequestContext, id: string): Promise<CallView> {
  return callScope(ctx, req, async (trx, actor) => {
    const row = await findCallForIntake(trx, req, actor, id);
    let summary: { value: string | null; erased: boolean };
    try {
      summary = { value: await hotlineCallsSummary.open(ctx.cipher, trx, row.organisation_id, row.id, row.summary_sealed), erased: false };
    } catch (error) {
      // STO-3: the call's key was destroyed; the summary is gone, the call's facts remain.
      if (!(error instanceof FieldDecryptionError) && !(isDomainError(error) && error.code === 'crypto.key_destroyed')) throw error;
      summary = { value: null, erased: true };
    }
    await audit(trx, req, 'hotline_call.read', id, { fields: row.summary_sealed ? ['summary'] : [], summaryErased: summary.erased });
    return presentCall(row, summary);
  });
}

/** The caller got information and nothing else follows. */
export function recordInformationGiven(ctx: AppContext, req: RequestContext, id: string): Promise<CallSummary> {
  return callScope(ctx, req, async (trx, actor) => {
    const call = await findCallForIntake(trx, req, actor, id);
    if (call.outcome === 'none') return presentCallSummary(call);
    const outcome = transitionCall(call.outcome, 'information_given');
    const row = await store.updateCall(trx, call.organisation_id, id, call.outcome, { outcome });
    if (!row) throw conflict('hotline.outcome_changed', 'Someone else recorded an outcome for this call; reload it.', 'outcome');
    await audit(trx, req, 'hotline_call.outcome', id, { outcome });
    return presentCallSummary(row);
  });
}

/** The call's survivor: already linked, one of the organisation's, or a new one with minimum data. */
async function survivorOfCall(
  ctx: AppContext,
  trx: Executor,
  req: RequestContext,
  call: store.CallRow,
  input: Pick<CallToIncidentInput, 'survivorId' | 'newSurvivor'>,
): Promise<{ survivor: Survivor; registered: boolean }> {
  if (input.survivorId && input.newSurvivor) throw invalid('hotline.survivor_choice', 'Give either survivorId (already registered) or newSurvivor, not both.', 'survivorId');
  if (call.survivor_id) {
    if (input.survivorId && input.survivorId !== call.survivor_id) throw invalid('hotline.survivor_mismatch', 'This call is already linked to another survivor.', 'survivorId');
    return { survivor: await findSurvivorForCaseWork(trx, req, call.survivor_id, { permission: 'hotline.intake' }), registered: false };
  }
  if (input.survivorId) return { survivor: await findSurvivorForCaseWork(trx, req, input.survivorId, { permission: 'hotline.intake' }), registered: false };
  const survivor = await registerSurvivor(
    ctx,
    trx,
    req,
    // MIN-1: no name, no contact: the code is enough to continue; a case worker completes the rest.
    { sex: input.newSurvivor?.sex ?? null, ageAtRegistration: input.newSurvivor?.ageAtRegistration ?? null, idempotencyKey: `hotline:${call.id}` },
    { permission: 'hotline.intake' },
  );
  return { survivor, registered: true };
}

type VerbalConsent = NonNullable<CallToReferralInput['consent']>;

/** CHD-1: consent rules depend on age, so a consent on the phone needs at least an estimate. */
function requireAgeForConsent(survivor: Survivor, registered: boolean): void {
  if (survivor.age_at_registration !== null) return;
  throw invalid(
    'hotline.age_required',
    "Ask the caller the survivor's age (an estimate will do) before recording her consent: the rules for children depend on it.",
    registered ? 'newSurvivor.ageAtRegistration' : 'survivorId',
  );
}

const consentFields = (call: store.CallRow, consent: VerbalConsent) => ({
  givenBy: consent.givenBy,
  childAssent: consent.childAssent ?? null,
  guardianNotAskedReason: consent.guardianNotAskedReason ?? null,
  method: 'verbal' as const,
  legalBasis: 'consent' as const,
  // Given on the phone, when the call came in.
  givenAt: call.received_at.toISOString(),
});

/**
 * Turns the call into an incident: the survivor (linked or registered with minimum data),
 * the verbal consent the caller gave, and the incident through the incidents module
 * (source 'hotline'). A repeat returns the call as converted the first time.
 */
export function convertCallToIncident(ctx: AppContext, req: RequestContext, id: string, input: CallToIncidentInput): Promise<CallSummary> {
  return callScope(ctx, req, async (trx, actor) => {
    const call = await findCallForIntake(trx, req, actor, id);
    if (call.incident_id) return presentCallSummary(call);
    const outcome = transitionCall(call.outcome, 'to_incident');
    if (input.consent && !canRecordCallConsent(actor)) {
      throw forbidden('hotline.consent_needs_case_work', 'A case worker or supervisor records the consent the caller gave: convert the call without consent, or ask one.');
    }
    const { survivor, registered } = await survivorOfCall(ctx, trx, req, call, input);
    if (input.consent) requireAgeForConsent(survivor, registered);
    for (const purpose of input.consent?.purposes ?? []) {
      await recordConsent(ctx, trx, req, survivor.id, { purpose, ...consentFields(call, input.consent!) }, { permission: 'hotline.intake' });
    }
    const incident = await createIncident(ctx, trx, req, { ...input.incident, survivorId: survivor.id, idempotencyKey: `hotline:${call.id}` }, { source: 'hotline' });
    const row = await store.updateCall(trx, call.organisation_id, id, call.outcome, { outcome, survivor_id: survivor.id, incident_id: incident.id });
    if (!row) throw conflict('hotline.outcome_changed', 'Someone else recorded an outcome for this call; reload it.', 'outcome');
    await audit(trx, req, 'hotline_call.to_incident', id, { survivorId: survivor.id, survivorRegistered: registered, incidentId: incident.id, consentPurposes: input.consent?.purposes ?? [] });
    return presentCallSummary(row);
  });
}

/**
 * Turns the call into a referral to a service of the directory, through the referrals module
 * and its consent gate (CON-2): the caller's verbal consent to that recipient is recorded
 * first when given, otherwise one already on record must cover it.
 */
export function convertCallToReferral(ctx: AppContext, req: RequestContext, id: string, input: CallToReferralInput): Promise<CallSummary> {
  return callScope(ctx, req, async (trx, actor) => {
    const call = await findCallForIntake(trx, req, actor, id);
    if (!canReferCalls(actor)) throw forbidden('hotline.referral_needs_case_work', 'A referral discloses the survivor’s record: a case worker or supervisor sends it.');
    if (call.referral_id) return presentCallSummary(call);
    const outcome = transitionCall(call.outcome, 'to_referral');
    const service = await findServiceById(trx, input.serviceId);
    if (!service || service.disabled_at !== null) throw invalid('hotline.unknown_service', 'serviceId is not an active service of the directory.', 'serviceId');
    const { survivor, registered } = await survivorOfCall(ctx, trx, req, call, input);
    if (input.consent) {
      requireAgeForConsent(survivor, registered);
      await recordConsent(ctx, trx, req, survivor.id, {
        purpose: 'referral',
        recipientOrganisationId: service.organisation_id,
        serviceId: service.id,
        ...consentFields(call, input.consent),
      });
    }
    const referral = await createReferral(ctx, trx, req, {
      survivorId: survivor.id,
      serviceId: service.id,
      incidentId: call.incident_id,
      sections: input.sections,
      urgent: call.is_urgent,
      idempotencyKey: `hotline:${call.id}`,
    });
    const row = await store.updateCall(trx, call.organisation_id, id, call.outcome, { outcome, survivor_id: survivor.id, referral_id: referral.id });
    if (!row) throw conflict('hotline.outcome_changed', 'Someone else recorded an outcome for this call; reload it.', 'outcome');
    await audit(trx, req, 'hotline_call.to_referral', id, { survivorId: survivor.id, survivorRegistered: registered, referralId: referral.id, serviceId: service.id, consentRecorded: Boolean(input.consent) });
    return presentCallSummary(row);
  });
}
