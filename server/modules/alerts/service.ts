/**
 * Community alerts (issue 4, DESIGN capability 3): intake from every channel (receive.ts), the
 * channels' configuration, the focal point register, and the coordinators' alert list.
 */
import { hiddenDenial } from '../../../core/errors';
import type { AlertSummary, AlertView, ListAlertsQuery } from '../../../core/schemas/alerts';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { alertsLocation, alertsText } from '../../platform/crypto/columns';
import { canTriageAlerts } from './policy';
import { presentAlert } from './present';
import { describeAlertAttachments } from '../openrosa/attachments';
import * as store from './store';
import { listAlertQueue } from './views';

export type { AlertRow, ReceiveAlertInput, ReceivedAlert } from './receive';
export { ALERT_LIMITS, checkAlertInput, receiveAlert, receiveAlerts, senderHashes } from './receive';

// ---- Reading alerts (coordinators, supervisors: alerts.triage) -----------------------------

function triageScope(req: RequestContext): UserActor {
  const actor = req.actor;
  if (!canTriageAlerts(actor) || actor.kind !== 'user') throw hiddenDenial('alert');
  return actor;
}

/**
 * The organisation's alerts, filtered (views.ts resolveAlertFilter), newest or critical first,
 * keyset pages; no text, no sender, no exact place.
 */
export async function listAlerts(ctx: AppContext, req: RequestContext, query: ListAlertsQuery): Promise<{ data: AlertSummary[]; nextCursor: string | null }> {
  return listAlertQueue(ctx, triageScope(req), query);
}

/** One alert with its text and exact location opened; the opening is audited (AUD-1). */
export async function readAlert(ctx: AppContext, req: RequestContext, id: string): Promise<AlertView> {
  const actor = triageScope(req);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await store.findAlert(trx, actor.organisationId, id);
    if (!row) throw hiddenDenial('alert');
    const text = await alertsText.open(ctx.cipher, trx, row.organisation_id, row.id, row.text_sealed);
    const locationText = await alertsLocation.open(ctx.cipher, trx, row.organisation_id, row.id, row.location_sealed);
    const events = await store.listAlertEvents(trx, actor.organisationId, row.id);
    const attachments = await describeAlertAttachments(trx, actor.organisationId, row.id);
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'alert.read',
      resourceType: 'alert',
      resourceId: row.id,
      requestId: req.requestId,
      details: { reference: row.reference, opened: [...(text === null ? [] : ['text']), ...(locationText === null ? [] : ['location'])] },
    });
    return presentAlert(row, { text, location: locationText === null ? null : (JSON.parse(locationText) as AlertView['location']), attachments }, events);
  });
}

export * from './channels';
export * from './focal-points';
