/**
 * Incidents (issue 3 parts 3, 4, 5 and 10): record, classify, read, list and export.
 * Every read and write runs in the organisation's scope (AUTHZ-2); every mutation and every
 * read of the narrative or exact location writes an audit row in the same transaction (AUD-1)
 * with field names only, never a value.
 */
import { randomUUID } from 'node:crypto';
import type {
  ClassificationAnswers,
  CrsvActId,
  GbvType,
  PerpetratorCategory,
  PerpetratorRelationship,
  AbductionType,
} from '../../../core/classify';
import { clinicalWindows, type ClinicalClock, type IncidentTime } from '../../../core/clinical';
import { conflict, hiddenDenial } from '../../../core/errors';
import { incidentTimeColumns } from '../../../core/gbvims/derive';
import type { CreateIncidentInput, UpdateIncidentInput } from '../../../core/schemas/incidents';
import type { Executor } from '../../db/database';
import type { Incident } from '../../db/schema';
import { inOrganisationScope } from '../../db/scope';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { incidentsLocation, incidentsNarrative, type SealedColumn } from '../../platform/crypto/columns';
import { FieldDecryptionError } from '../../platform/crypto/field-cipher';
import { isSignedInUser } from '../../platform/policy';
import { countNarrativeEntry, findSurvivorForCaseWork } from '../survivors/service';
import {
  canCreateIncident,
  canListIncidents,
  canReadIncident,
  canWorkOnIncident,
  readsSensitiveIncidentFields,
  settableIncidentFields,
  type IncidentSource,
} from './policy';
import { presentIncident, type Sealed } from './present';
import { checkIncidentTime, checkReportDate, derivedColumns, givenFields, newIncidentCode, resolveArea, seal, todayUtc } from './recording';
import * as store from './store';

export type { CreateIncidentInput, UpdateIncidentInput };

export const organisationOf = (req: RequestContext): string => {
  if (req.actor.kind === 'anonymous') throw hiddenDenial('incident');
  return req.actor.organisationId;
};

// ---- For other modules -------------------------------------------------------------------

/** The actor's organisation's incident, for case work; anything else is a 404 (AUTHZ-1). */
export async function findIncidentForCaseWork(trx: Executor, req: RequestContext, incidentId: string): Promise<Incident> {
  const organisationId = organisationOf(req);
  return inOrganisationScope(trx, organisationId, async (scoped) => {
    const row = await store.findIncident(scoped, organisationId, incidentId);
    if (!row || !canWorkOnIncident(req.actor, row)) throw hiddenDenial('incident');
    return row;
  });
}

/** No policy: for modules that already authorised the access (referral recipients). */
export function findIncidentById(trx: Executor, id: string): Promise<Incident | undefined> {
  return store.findIncidentById(trx, id);
}

/** Part 5: the clinical clock of an incident (PEP 72 h, EC 120 h); pure over core/clinical. */
export function clinicalClockOf(
  incident: Pick<Incident, 'incident_time' | 'gbv_type'>,
  now: Date,
  survivorSex: string | null = null,
): ClinicalClock {
  return clinicalWindows(incident.incident_time as unknown as IncidentTime, now, { type: incident.gbv_type as GbvType, survivorSex });
}

async function openSealed(ctx: AppContext, trx: Executor, column: SealedColumn, incident: Incident, stored: Uint8Array | null): Promise<Sealed> {
  try {
    return { value: await column.open(ctx.cipher, trx, incident.organisation_id, incident.id, stored), erased: false };
  } catch (error) {
    // STO-3: the survivor's record key was destroyed by an erasure: the field is gone.
    if (error instanceof FieldDecryptionError) return { value: null, erased: true };
    throw error;
  }
}

/** The narrative in clear, or null (none, or erased). The caller audits the read (AUD-1). */
export async function openIncidentNarrative(ctx: AppContext, trx: Executor, incident: Incident): Promise<string | null> {
  return (await openSealed(ctx, trx, incidentsNarrative, incident, incident.narrative_sealed)).value;
}

/** The exact location in clear, or null (none, or erased). The caller audits the read (AUD-1). */
export async function openIncidentLocation(ctx: AppContext, trx: Executor, incident: Incident): Promise<string | null> {
  return (await openSealed(ctx, trx, incidentsLocation, incident, incident.location_sealed)).value;
}

// ---- Recording ---------------------------------------------------------------------------

/**
 * Records an incident of one of the organisation's survivors: classified from the yes/no
 * answers (part 4), narrative and exact location sealed, a narrative entry counted (ONCE-1).
 * A replayed idempotency key returns the incident recorded the first time (REL-2).
 */
export async function createIncident(
  ctx: AppContext,
  trx: Executor,
  req: RequestContext,
  input: CreateIncidentInput,
  options: { source?: IncidentSource } = {},
): Promise<Incident> {
  const source = options.source ?? 'case_worker';
  if (!canCreateIncident(req.actor, source)) throw hiddenDenial('survivor');
  const organisationId = organisationOf(req);
  return inOrganisationScope(trx, organisationId, async (scoped) => {
    if (input.idempotencyKey) {
      const replay = await store.findByIdempotencyKey(scoped, organisationId, input.idempotencyKey);
      if (replay) return replay;
    }
    const survivor = await findSurvivorForCaseWork(scoped, req, input.survivorId, source === 'hotline' ? { permission: 'hotline.intake' } : {});
    const now = new Date();
    checkIncidentTime(input.incidentTime, now);
    const time = incidentTimeColumns(input.incidentTime);
    const reportDate = input.reportDate ?? todayUtc(now);
    checkReportDate(reportDate, time.incidentDate, now);
    const areaId = await resolveArea(scoped, input.area);
    const derived = derivedColumns({
      classificationAnswers: input.classificationAnswers as ClassificationAnswers,
      acts: input.acts ?? [],
      ageAtIncident: input.ageAtIncident ?? null,
      perpetratorRelationship: input.perpetratorRelationship ?? null,
      perpetratorCategory: input.perpetratorCategory ?? null,
      goodsMoneyExchanged: input.goodsMoneyExchanged ?? null,
      abductionType: input.abductionType ?? null,
      conflictContexts: input.conflictContexts ?? [],
    });
    const id = randomUUID();
    const row = await store.insertIncident(scoped, {
      id,
      organisation_id: organisationId,
      survivor_id: survivor.id,
      code: await newIncidentCode(scoped, organisationId),
      incident_time: JSON.stringify(input.incidentTime),
      incident_date: time.incidentDate,
      incident_earliest_at: time.earliestAt,
      incident_latest_at: time.latestAt,
      report_date: reportDate,
      time_of_day: input.timeOfDay ?? null,
      area_id: areaId,
      place_type: input.placeType ?? null,
      displacement_stage: input.displacementStage ?? null,
      survivor_age_at_incident: input.ageAtIncident ?? null,
      perpetrator_count: input.perpetratorCount ?? null,
      perpetrator_sex: input.perpetratorSex ?? null,
      perpetrator_age_group: input.perpetratorAgeGroup ?? null,
      perpetrator_relationship: input.perpetratorRelationship ?? null,
      perpetrator_category: input.perpetratorCategory ?? null,
      conflict_contexts: input.conflictContexts ?? [],
      acts: input.acts ?? [],
      previously_reported: input.previouslyReported ?? null,
      previous_gbv_incidents: input.previousGbvIncidents ?? null,
      goods_money_exchanged: input.goodsMoneyExchanged ?? null,
      abduction_type: input.abductionType ?? null,
      narrative_sealed: input.narrative ? await seal(ctx, scoped, incidentsNarrative, survivor, id, input.narrative) : null,
      location_sealed: input.exactLocation ? await seal(ctx, scoped, incidentsLocation, survivor, id, input.exactLocation) : null,
      source,
      idempotency_key: input.idempotencyKey ?? null,
      created_by: isSignedInUser(req.actor) ? req.actor.userId : null,
      created_at: now,
      updated_at: now,
      version: 1,
      ...derived,
    });
    if (input.narrative) await countNarrativeEntry(scoped, survivor.id);
    await recordAudit(scoped, {
      ...auditActor(req.actor),
      action: 'incident.create',
      resourceType: 'incident',
      resourceId: id,
      requestId: req.requestId,
      details: { survivorId: survivor.id, source, gbvType: derived.gbv_type, fields: givenFields({ ...input, survivorId: undefined, idempotencyKey: undefined }) },
    });
    return row;
  });
}

/**
 * Changes an incident at the version the worker read (REL-2: 409 otherwise). Fields the role
 * may not set are dropped (MIN-2). Derived columns are recomputed from the merged facts, so a
 * change of acts that contradicts the recorded answers is refused naming the question.
 */
export async function updateIncident(ctx: AppContext, outer: Executor, req: RequestContext, id: string, body: UpdateIncidentInput): Promise<Incident> {
  const organisationId = organisationOf(req);
  return inOrganisationScope(outer, organisationId, async (trx) => {
    const existing = await findIncidentForCaseWork(trx, req, id);
    const allowed = new Set<string>(settableIncidentFields(req.actor));
    const input = Object.fromEntries(Object.entries(body).filter(([key, value]) => allowed.has(key) && value !== undefined)) as Partial<UpdateIncidentInput>;
    if (body.version !== existing.version)
      throw conflict('incident.version_conflict', `Someone saved this incident after you opened it (version ${existing.version}); reload it and apply your change again.`, 'version');
    const fields = Object.keys(input);
    if (fields.length === 0) return existing;

    const now = new Date();
    const changes: store.IncidentChanges = {};
    let incidentDate = existing.incident_date;
    if (input.incidentTime) {
      checkIncidentTime(input.incidentTime, now);
      const time = incidentTimeColumns(input.incidentTime);
      incidentDate = time.incidentDate;
      Object.assign(changes, { incident_time: JSON.stringify(input.incidentTime), incident_date: time.incidentDate, incident_earliest_at: time.earliestAt, incident_latest_at: time.latestAt });
    }
    if (input.reportDate !== undefined) changes.report_date = input.reportDate;
    if (input.incidentTime || input.reportDate !== undefined) checkReportDate(input.reportDate ?? existing.report_date, incidentDate, now);
    if (input.area !== undefined) changes.area_id = await resolveArea(trx, input.area);
    const plain = {
      timeOfDay: 'time_of_day', placeType: 'place_type', displacementStage: 'displacement_stage', ageAtIncident: 'survivor_age_at_incident',
      perpetratorCount: 'perpetrator_count', perpetratorSex: 'perpetrator_sex', perpetratorAgeGroup: 'perpetrator_age_group',
      perpetratorRelationship: 'perpetrator_relationship', perpetratorCategory: 'perpetrator_category', conflictContexts: 'conflict_contexts',
      acts: 'acts', previouslyReported: 'previously_reported', previousGbvIncidents: 'previous_gbv_incidents',
      goodsMoneyExchanged: 'goods_money_exchanged', abductionType: 'abduction_type',
    } as const;
    for (const [key, column] of Object.entries(plain)) {
      const value = input[key as keyof typeof plain];
      if (value !== undefined) (changes as Record<string, unknown>)[column] = value;
    }
    Object.assign(
      changes,
      derivedColumns({
        classificationAnswers: (input.classificationAnswers ?? existing.classification_answers ?? {}) as ClassificationAnswers,
        acts: (input.acts ?? existing.acts) as CrsvActId[],
        ageAtIncident: input.ageAtIncident !== undefined ? input.ageAtIncident : existing.survivor_age_at_incident,
        perpetratorRelationship: (input.perpetratorRelationship !== undefined ? input.perpetratorRelationship : existing.perpetrator_relationship) as PerpetratorRelationship | null,
        perpetratorCategory: (input.perpetratorCategory !== undefined ? input.perpetratorCategory : existing.perpetrator_category) as PerpetratorCategory | null,
        goodsMoneyExchanged: input.goodsMoneyExchanged !== undefined ? input.goodsMoneyExchanged : existing.goods_money_exchanged,
        abductionType: (input.abductionType !== undefined ? input.abductionType : existing.abduction_type) as AbductionType | null,
        conflictContexts: input.conflictContexts ?? existing.conflict_contexts,
      }),
    );
    if (input.narrative !== undefined || input.exactLocation !== undefined) {
      const survivor = await findSurvivorForCaseWork(trx, req, existing.survivor_id);
      if (input.narrative !== undefined) changes.narrative_sealed = input.narrative ? await seal(ctx, trx, incidentsNarrative, survivor, id, input.narrative) : null;
      if (input.exactLocation !== undefined) changes.location_sealed = input.exactLocation ? await seal(ctx, trx, incidentsLocation, survivor, id, input.exactLocation) : null;
      // ONCE-1: writing the story again is one more telling, counted.
      if (input.narrative) await countNarrativeEntry(trx, survivor.id);
    }
    const row = await store.updateIncident(trx, organisationId, id, existing.version, changes);
    if (!row) throw conflict('incident.version_conflict', 'Someone saved this incident at the same moment; reload it and apply your change again.', 'version');
    await recordAudit(trx, { ...auditActor(req.actor), action: 'incident.update', resourceType: 'incident', resourceId: id, requestId: req.requestId, details: { fields, version: row.version } });
    return row;
  });
}

// ---- Reading -----------------------------------------------------------------------------

/** Route entry for POST /api/incidents. */
export function createIncidentRequest(ctx: AppContext, req: RequestContext, input: CreateIncidentInput) {
  if (!canCreateIncident(req.actor, 'case_worker')) throw hiddenDenial('survivor');
  return inOrganisationScope(ctx.db, organisationOf(req), async (trx) => {
    const row = await createIncident(ctx, trx, req, input);
    return presentOne(ctx, trx, req, row, { withSealed: false });
  });
}

async function presentOne(ctx: AppContext, trx: Executor, req: RequestContext, row: Incident, options: { withSealed: boolean }) {
  const areas = await store.findAreasByIds(trx, row.area_id ? [row.area_id] : []);
  const sexes = await store.survivorSexes(trx, row.organisation_id, [row.survivor_id]);
  const now = new Date();
  const sealed = options.withSealed
    ? {
        narrative: await openSealed(ctx, trx, incidentsNarrative, row, row.narrative_sealed),
        exactLocation: await openSealed(ctx, trx, incidentsLocation, row, row.location_sealed),
      }
    : null;
  return presentIncident(row, {
    actor: req.actor,
    area: row.area_id ? (areas.get(row.area_id) ?? null) : null,
    clock: readsSensitiveIncidentFields(req.actor) ? clockOrNull(row, now, sexes.get(row.survivor_id) ?? null) : undefined,
    sealed,
  });
}

/** Rape and sexual assault only; a stored time the clock cannot read gives no clock, not a 500. */
export function clockOrNull(row: Incident, now: Date, sex: string | null): ClinicalClock | null {
  if (row.gbv_type !== 'rape' && row.gbv_type !== 'sexual_assault') return null;
  try {
    return clinicalClockOf(row, now, sex);
  } catch {
    return null;
  }
}

/**
 * One incident. Case work (case workers, supervisors) reads the narrative and the exact
 * location, audited as an identifying read; analysts get the non-identifying view.
 */
export function readIncident(ctx: AppContext, req: RequestContext, id: string) {
  if (!canListIncidents(req.actor)) throw hiddenDenial('incident');
  const organisationId = organisationOf(req);
  return inOrganisationScope(ctx.db, organisationId, async (trx) => {
    const row = await store.findIncident(trx, organisationId, id);
    if (!row || !canReadIncident(req.actor, row)) throw hiddenDenial('incident');
    const withSealed = canWorkOnIncident(req.actor, row);
    if (withSealed) {
      await recordAudit(trx, {
        ...auditActor(req.actor),
        action: 'incident.read',
        resourceType: 'incident',
        resourceId: id,
        requestId: req.requestId,
        details: { fields: ['narrative', 'exactLocation'].filter((f) => (f === 'narrative' ? row.narrative_sealed : row.location_sealed) !== null) },
      });
    }
    return presentOne(ctx, trx, req, row, { withSealed });
  });
}

/** Route entry for PATCH /api/incidents/:id. */
export async function updateIncidentRequest(ctx: AppContext, req: RequestContext, id: string, body: UpdateIncidentInput) {
  const organisationId = organisationOf(req);
  return inOrganisationScope(ctx.db, organisationId, async (trx) => {
    const row = await updateIncident(ctx, trx, req, id, body);
    return presentOne(ctx, trx, req, row, { withSealed: false });
  });
}

export { listIncidents } from './list';
