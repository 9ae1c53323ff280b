/**
 * Alerts sent by people with an account (issue 4 part 1, "Web form and hotline operator
 * form"): focal points, coordinators and supervisors on the web form, hotline operators
 * writing down a call. They go through the one door every channel uses (receiveAlert:
 * dedupe, sealing, area resolution, intake audit); the reporter is a user, so who sent it is
 * kept as the actor of the alert's first event and of the audit row, never as a phone.
 */
import { detectIdentifyingText } from '../../../core/alerts';
import { conflict, forbidden, hiddenDenial, invalid } from '../../../core/errors';
import type { MyAlertReport, MyAlertReportsQuery, ReportAlertInput, ReportAlertResponse } from '../../../core/schemas/alert-reports';
import { auditActor, type Actor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { hasPermission } from '../../platform/policy';
import { presentAlertSummary } from './present';
import * as reportsStore from './reports-store';
import { receiveAlert, type AlertRow } from './service';

/** Send an alert by the web form (alerts.report). */
export const canReportAlerts = (actor: Actor): actor is UserActor => actor.kind === 'user' && hasPermission(actor, 'alerts.report');
/** Write down a hotline call as an alert: the form, and the hotline's own permission. */
export const canReportByHotline = (actor: Actor): actor is UserActor => canReportAlerts(actor) && hasPermission(actor, 'hotline.intake');

function reporterOf(req: RequestContext, via: ReportAlertInput['via'] | null): UserActor {
  const actor = req.actor;
  if (!canReportAlerts(actor)) throw hiddenDenial('alert');
  if (via === 'hotline' && !canReportByHotline(actor))
    throw forbidden('alerts.via_hotline_forbidden', 'via hotline is for hotline operators (hotline.intake); send it via web.');
  return actor;
}

/**
 * Receives one alert from the form. REL-2: the form's idempotency key is the message id, so a
 * replay answers the first alert (created: false) and writes nothing; the same key from
 * another user is a conflict, not a way to read their alert. Identifying text is warned
 * about (DESIGN 3 privacy), never refused.
 */
export async function reportAlert(ctx: AppContext, req: RequestContext, body: ReportAlertInput): Promise<{ created: boolean; response: ReportAlertResponse }> {
  const actor = reporterOf(req, body.via);
  const warnings = detectIdentifyingText(body.text).map(({ reason, index, length }) => ({ reason, index, length }));
  const row = await ctx.db.transaction().execute(async (trx): Promise<{ alert: AlertRow; created: boolean }> => {
    // A named area must exist: the form offers a picker, so an unknown one is a mistake to show.
    let areaCode: string | null = null;
    if (body.areaId !== undefined) {
      const area = await reportsStore.findArea(trx, { id: body.areaId });
      if (!area) throw invalid('alerts.area_unknown', 'areaId is not a known area.', 'areaId');
      areaCode = area.code;
    } else if (body.areaCode !== undefined) {
      const area = await reportsStore.findArea(trx, { code: body.areaCode });
      if (!area) throw invalid('alerts.area_unknown', 'areaCode is not the P-code of a known area.', 'areaCode');
      areaCode = area.code;
    }
    const { alert, duplicate } = await receiveAlert(ctx, trx, {
      organisationId: actor.organisationId,
      channel: body.via,
      channelId: null,
      providerMessageId: body.idempotencyKey,
      senderIdentity: null,
      focalPointId: null,
      reporterUserId: actor.userId,
      text: body.text,
      raw: JSON.stringify(body),
      areaCode,
      location: body.location ?? null,
      observedAt: body.observedAt ?? null,
      categories: body.categories ?? [],
      peopleAtRisk: body.peopleAtRisk ?? null,
      perpetratorType: body.perpetratorType ?? null,
      warnings: [],
    });
    if (duplicate) {
      if ((await reportsStore.findReporter(trx, actor.organisationId, alert.id)) !== actor.userId)
        throw conflict('alerts.idempotency_key_reused', 'idempotencyKey was already used for another alert: make a new one for each form.', 'idempotencyKey');
      return { alert, created: false };
    }
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'alert.report',
      resourceType: 'alert',
      resourceId: alert.id,
      requestId: req.requestId,
      details: { via: body.via, areaGiven: areaCode !== null, locationGiven: body.location !== undefined, warnings: warnings.map((w) => w.reason) },
    });
    return { alert, created: true };
  });
  return { created: row.created, response: { alert: presentAlertSummary(row.alert), warnings } };
}

const encodeCursor = (at: Date, id: string) => Buffer.from(JSON.stringify({ at: at.toISOString(), id }), 'utf8').toString('base64url');

function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    const receivedAt = new Date(String(value.at));
    if (typeof value.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(value.id) || Number.isNaN(receivedAt.getTime())) throw new Error('bad cursor');
    return { receivedAt, id: value.id };
  } catch {
    throw invalid('alerts.cursor_invalid', 'cursor is not one this list gave: start again from the first page.', 'query.cursor');
  }
}

function presentMyReport(row: AlertRow): MyAlertReport {
  return {
    id: row.id,
    reference: row.reference,
    via: row.channel as MyAlertReport['via'],
    state: row.state as MyAlertReport['state'],
    areaId: row.area_id,
    categories: row.categories,
    receivedAt: row.received_at.toISOString(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    verifiedAt: row.verified_at?.toISOString() ?? null,
    respondedAt: row.responded_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

/**
 * The caller's own form alerts, newest first, so a focal point sees what became of what they
 * sent: state and clocks, never a text (not even their own: nothing sealed is opened here).
 */
export async function listMyReports(ctx: AppContext, req: RequestContext, query: MyAlertReportsQuery): Promise<{ data: MyAlertReport[]; nextCursor: string | null }> {
  const actor = reporterOf(req, null);
  const rows = await reportsStore.listReportsBy(ctx.db, actor.organisationId, actor.userId, {
    before: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { data: page.map(presentMyReport), nextCursor: rows.length > query.limit && last ? encodeCursor(last.received_at, last.id) : null };
}
