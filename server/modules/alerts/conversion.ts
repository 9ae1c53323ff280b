/**
 * A verified alert becomes an incident record (issue 4: "through the incidents module; no
 * identifying data copied"). Two steps, because an incident is about a survivor a case worker
 * has met, which an alert never names:
 * - the draft: what the incident form may be prefilled with (area, date, time of day,
 *   perpetrator category, conflict contexts). Never the alert's text, sender or exact point.
 * - the link: once the case worker has recorded the incident through the incidents module,
 *   the alert points at it (alerts.incident_id), with a 'converted' event and an audit row.
 * Both need alert triage and case work (supervisors), in the alert's own organisation.
 */
import type { AlertCategory, AlertPerpetratorType } from '../../../core/alerts';
import { PERPETRATOR_CATEGORIES, type PerpetratorCategory } from '../../../core/classify/contexts';
import { conflict, hiddenDenial } from '../../../core/errors';
import type { ConflictContext, TimeOfDay } from '../../../core/gbvims/vocabularies';
import type { AlertSummary } from '../../../core/schemas/alerts';
import type { IncidentDraft, IncidentDraftQuery, LinkAlertIncidentInput } from '../../../core/schemas/alert-reports';
import { auditActor, type Actor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { hasPermission } from '../../platform/policy';
import { findIncidentForCaseWork } from '../incidents/service';
import { liveLock, presentAlertSummary } from './present';
import * as reportsStore from './reports-store';
import * as store from './store';
import type { AlertRow } from './service';

// ---- Pure rules ---------------------------------------------------------------------------

/** Alert officers who also do case work (supervisors): the only ones who meet both records. */
export const canConvertAlerts = (actor: Actor): actor is UserActor =>
  actor.kind === 'user' && hasPermission(actor, 'alerts.triage') && hasPermission(actor, 'cases.work');

/** Verified, or closed after being verified: the facts were checked by an alert officer. */
export const isConvertible = (row: Pick<AlertRow, 'state' | 'verified_at'>): boolean =>
  row.state === 'verified' || (row.state === 'closed' && row.verified_at !== null);

/**
 * Alert categories that name an incident's conflict context without doubt. Presence of armed
 * men, troop movements or killings say nothing certain of the survivor's incident: left out.
 */
const CONTEXT_OF_CATEGORY: Partial<Record<AlertCategory, ConflictContext>> = {
  attack_on_civilians: 'attack_on_village',
  burning_of_homes: 'attack_on_village',
  abduction: 'abduction',
  looting: 'looting',
  checkpoint_extortion: 'checkpoint_search',
  displacement: 'forced_displacement',
};

export function conflictContextsOf(categories: readonly string[]): ConflictContext[] {
  const contexts = new Set<ConflictContext>();
  for (const category of categories) {
    const context = CONTEXT_OF_CATEGORY[category as AlertCategory];
    if (context) contexts.add(context);
  }
  return [...contexts];
}

/** The alert form's perpetrator types are the incident record's categories (core/alerts/vocabularies). */
export function perpetratorCategoryOf(type: string | null): PerpetratorCategory | null {
  return type !== null && (PERPETRATOR_CATEGORIES as readonly string[]).includes(type) ? (type as AlertPerpetratorType) : null;
}

/**
 * The Incident Recorder's time of day at a local hour. Near the equator (eastern DR Congo)
 * the sun rises and sets close to 6:00 and 18:00 all year.
 */
export function timeOfDayAt(at: Date, utcOffsetMinutes: number): TimeOfDay {
  const hour = new Date(at.getTime() + utcOffsetMinutes * 60_000).getUTCHours();
  if (hour >= 6 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 18) return 'afternoon';
  return 'evening_night';
}

export const localDate = (at: Date, utcOffsetMinutes: number): string => new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);

/** The prefill of the incident form: non-identifying fields only (MIN-1). */
export function draftIncident(
  row: Pick<AlertRow, 'id' | 'reference' | 'area_id' | 'observed_at' | 'received_at' | 'categories' | 'perpetrator_type' | 'incident_id'>,
  utcOffsetMinutes: number,
): IncidentDraft {
  const observed = row.observed_at;
  return {
    sourceAlertId: row.id,
    sourceAlertReference: row.reference,
    areaId: row.area_id,
    incidentDate: localDate(observed ?? row.received_at, utcOffsetMinutes),
    incidentDateSource: observed ? 'observed' : 'received',
    timeOfDay: observed ? timeOfDayAt(observed, utcOffsetMinutes) : null,
    perpetratorCategory: perpetratorCategoryOf(row.perpetrator_type),
    conflictContexts: conflictContextsOf(row.categories),
    linkedIncidentId: row.incident_id,
  };
}

// ---- Service ------------------------------------------------------------------------------

function converter(req: RequestContext): UserActor {
  if (!canConvertAlerts(req.actor)) throw hiddenDenial('alert');
  return req.actor;
}

function requireConvertible(row: AlertRow): void {
  if (!isConvertible(row)) throw conflict('alerts.not_verified', `Alert ${row.reference} is ${row.state}: only a verified alert can become an incident.`, 'state');
}

/** GET /api/alerts/:id/incident-draft. Reads nothing sealed, so it opens nothing and audits nothing. */
export async function readIncidentDraft(ctx: AppContext, req: RequestContext, alertId: string, query: IncidentDraftQuery): Promise<IncidentDraft> {
  const actor = converter(req);
  const row = await store.findAlert(ctx.db, actor.organisationId, alertId);
  if (!row) throw hiddenDenial('alert');
  requireConvertible(row);
  return draftIncident(row, query.utcOffsetMinutes);
}

/**
 * POST /api/alerts/:id/incident: the alert points at an incident the caller may work on (same
 * organisation, case work; another organisation's incident answers 404 as a missing one).
 * One link per alert (409 if linked); a live edit lock of another officer blocks it (409).
 */
export async function linkAlertIncident(ctx: AppContext, req: RequestContext, alertId: string, body: LinkAlertIncidentInput): Promise<AlertSummary> {
  const actor = converter(req);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await store.findAlert(trx, actor.organisationId, alertId);
    if (!row) throw hiddenDenial('alert');
    requireConvertible(row);
    if (row.incident_id !== null) throw conflict('alerts.already_converted', `Alert ${row.reference} is already linked to an incident.`, 'incidentId');
    if (body.version !== undefined && body.version !== row.version)
      throw conflict('conflict', 'The alert changed since you read it (version): reload it and try again.', 'version');
    const now = new Date();
    const lock = liveLock(row, now);
    if (lock && lock.userId !== actor.userId) throw conflict('alerts.locked', `Another officer is working on alert ${row.reference} until ${lock.until}.`, 'lock');
    // Through the incidents module: its scope (AUTHZ-2) and its policy decide what is visible.
    const incident = await findIncidentForCaseWork(trx, req, body.incidentId);
    const updated = await reportsStore.linkIncident(trx, actor.organisationId, row.id, incident.id, row.version, now);
    if (!updated) throw conflict('conflict', 'The alert changed since you read it (version): reload it and try again.', 'version');
    await reportsStore.insertConvertedEvent(trx, { organisationId: actor.organisationId, alertId: row.id, state: row.state, actorUserId: actor.userId, incidentId: incident.id, occurredAt: now });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'alert.convert',
      resourceType: 'alert',
      resourceId: row.id,
      requestId: req.requestId,
      details: { reference: row.reference, incidentId: incident.id },
    });
    return presentAlertSummary(updated, now);
  });
}
