/**
 * The alert views (issue 4 parts 5-6): the queue's filters, the map and the response-time
 * figures. Location precision by role (DESIGN 3 privacy, MIN-2): alert officers
 * (alerts.triage) get clusters on the 0.01 degree grid, a single alert as its grid point with
 * its id (the exact point only on the audited GET /api/alerts/:id); those who see aggregates
 * only (alerts.aggregates, analysts) get counts per area and no clusters, no alert ids.
 * Nothing here opens a sealed column, so nothing here is audited (AUD-1 covers sealed reads).
 */
import { clusterCellDegrees, OPEN_ALERT_STATES, severityRank, WORLD, type BoundingBox } from '../../../core/alerts/map';
import { widenToWholeMonths } from '../../../core/alerts/map-periods';
import { smallCellThreshold } from '../../../core/alerts/map-small-cells';
import { DEFAULT_TARGETS } from '../../../core/alerts/response';
import { hiddenDenial, invalid } from '../../../core/errors';
import type { AlertFigures, AlertMap, AlertMapQuery, AlertMetrics, AlertMetricsQuery } from '../../../core/schemas/alert-views';
import { ALERT_SEVERITIES, type AlertSummary, type ListAlertsQuery } from '../../../core/schemas/alerts';
import type { Executor } from '../../db/database';
import type { UserActor } from '../../platform/actor';
import type { AppContext, RequestContext } from '../../platform/context';
import { hasPermission } from '../../platform/policy';
import { canTriageAlerts } from './policy';
import { presentAlertSummary } from './present';
import { listAlerts, type AlertKeyset, type AlertPageRow } from './store';
import { countMapAreas, focusOf, type AreaCounts } from './views-areas';
import { decideFigures, withholdFigures } from './views-figures';
import * as views from './views-store';

/** Who sees the map and the figures: alert officers, and analysts as aggregates only. */
export const canSeeAlertAggregates = (actor: RequestContext['actor']): actor is UserActor =>
  actor.kind === 'user' && (hasPermission(actor, 'alerts.triage') || hasPermission(actor, 'alerts.aggregates'));

/** AUTHZ-1: deny by default; alerts' existence is itself sensitive, so a refusal is a 404. */
function aggregatesScope(req: RequestContext): UserActor {
  if (!canSeeAlertAggregates(req.actor)) throw hiddenDenial('alert');
  return req.actor;
}

type FilterQuery = Partial<Pick<ListAlertsQuery, 'state' | 'severity' | 'channel' | 'areaId' | 'from' | 'to' | 'needsLocating' | 'assignedTo' | 'team' | 'unknownSender' | 'escalated'>>;

function readRange(from: string | undefined, to: string | undefined): { from: Date | undefined; to: Date | undefined } {
  const range = { from: from === undefined ? undefined : new Date(from), to: to === undefined ? undefined : new Date(to) };
  if (range.from && range.to && range.from.getTime() > range.to.getTime()) throw invalid('alerts.range_invalid', 'to must not be before from.', 'query.to');
  return range;
}

/**
 * A query's filters with their values resolved: the area and its descendants (an unknown area
 * is a 400 naming it), `me` as the actor's id, the time range checked.
 */
export async function resolveAlertFilter(ex: Executor, actor: UserActor, query: FilterQuery): Promise<views.AlertViewFilter> {
  const { from, to } = readRange(query.from, query.to);
  let areaIds: string[] | undefined;
  if (query.areaId !== undefined) {
    areaIds = await views.areaAndDescendantIds(ex, query.areaId);
    if (areaIds.length === 0) throw invalid('alerts.area_unknown', 'areaId is not an administrative area.', 'query.areaId');
  }
  const assignedTo = query.assignedTo;
  return {
    organisationId: actor.organisationId,
    states: query.state,
    severities: query.severity,
    channels: query.channel,
    areaIds,
    from,
    to,
    needsLocating: query.needsLocating,
    assignedUserId: assignedTo === undefined ? undefined : assignedTo === 'none' ? null : assignedTo === 'me' ? actor.userId : assignedTo,
    team: query.team,
    unknownSender: query.unknownSender,
    escalated: query.escalated,
  };
}

// ---- Queue --------------------------------------------------------------------------------

/** A page's last alert in the page's order; received_at kept to the microsecond. */
type QueueCursor = { k: 'received'; at: string; id: string } | { k: 'severity'; r: number; at: string; id: string };

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MICROSECOND_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function decodeQueueCursor(text: string | undefined, sort: ListAlertsQuery['sort']): AlertKeyset | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as QueueCursor;
    const common = typeof value.id === 'string' && ID.test(value.id) && typeof value.at === 'string' && MICROSECOND_INSTANT.test(value.at) && value.k === sort;
    if (common && value.k === 'received') return { order: 'received', receivedAt: value.at, id: value.id };
    if (common && value.k === 'severity' && Number.isInteger(value.r) && value.r >= 0 && value.r <= 4) return { order: 'severity', rank: value.r, receivedAt: value.at, id: value.id };
  } catch {
    // falls through to the error below
  }
  throw invalid('alerts.cursor_invalid', 'cursor is not one this list gave for this sort: start again from the first page.', 'query.cursor');
}

function encodeQueueCursor(sort: ListAlertsQuery['sort'], row: AlertPageRow): string {
  const cursor: QueueCursor =
    sort === 'severity'
      ? { k: 'severity', r: severityRank(row.severity), at: row.cursor_received_at, id: row.id }
      : { k: 'received', at: row.cursor_received_at, id: row.id };
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** The alert queue for an alert officer (the caller checked alerts.triage): one page and the next cursor. */
export async function listAlertQueue(ctx: AppContext, actor: UserActor, query: ListAlertsQuery): Promise<{ data: AlertSummary[]; nextCursor: string | null }> {
  const after = decodeQueueCursor(query.cursor, query.sort);
  const filter = await resolveAlertFilter(ctx.db, actor, query);
  const rows = await listAlerts(ctx.db, filter, query.sort, after, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const now = new Date();
  return { data: page.map((row) => presentAlertSummary(row, now)), nextCursor: rows.length > query.limit && last ? encodeQueueCursor(query.sort, last) : null };
}

// ---- Aggregates only (AGG-2) ----------------------------------------------------------------

/** Filters that would split counts by more than area and period: refused to aggregates-only roles. */
const SPLITTING_FILTERS = ['state', 'severity', 'channel', 'needsLocating', 'assignedTo', 'team', 'unknownSender', 'escalated'] as const;

/**
 * For roles that see aggregates only, the counts honour area and period alone: a count with
 * and without any other filter would differ by a small count no suppression here decided on.
 * The area must be a province or a health zone (a cell of the tree decided as a whole).
 */
async function refuseSplittingFilters(ctx: AppContext, query: Partial<Record<(typeof SPLITTING_FILTERS)[number] | 'areaId', unknown>>): Promise<void> {
  for (const field of SPLITTING_FILTERS) {
    if (query[field] !== undefined) throw invalid('alerts.aggregates_filter', `${field} cannot narrow counts for a role that sees aggregates only: only areaId, from and to can.`, `query.${field}`);
  }
  // An unknown area is left to resolveAlertFilter's 400.
  if (typeof query.areaId === 'string' && (await focusOf(ctx.db, thresholdOf(ctx), query.areaId)) === null && (await views.areaAndDescendantIds(ctx.db, query.areaId)).length > 0) {
    throw invalid('alerts.aggregates_area', 'areaId must be a province or a health zone for a role that sees aggregates only.', 'query.areaId');
  }
}

// ---- Map ----------------------------------------------------------------------------------

/** Rounds a centroid for the answer: a ten-thousandth of a degree says all the 0.01 grid knows. */
const roundCentroid = (degrees: number) => Math.round(degrees * 10_000) / 10_000;

/** AGG-2 threshold: WEFT_SMALL_CELL_THRESHOLD once the configuration carries it, else 11 (never below 5). */
const thresholdOf = (ctx: AppContext) => smallCellThreshold((ctx.config as { WEFT_SMALL_CELL_THRESHOLD?: number }).WEFT_SMALL_CELL_THRESHOLD);

/**
 * Alerts on the map: counts per area of the level (rolled up from the areas below it) and,
 * for alert officers only, clusters of the bbox at a cell size from the zoom
 * (core/alerts/map.ts clusterCellDegrees), a cell of one alert carrying that alert's id.
 * Those who see aggregates only get area and period filters only, whole UTC months and
 * small cells withheld month by month and over the period (AGG-2).
 */
export async function mapAlerts(ctx: AppContext, req: RequestContext, query: AlertMapQuery): Promise<AlertMap> {
  const actor = aggregatesScope(req);
  const officer = canTriageAlerts(actor);
  if (!officer) await refuseSplittingFilters(ctx, query);
  const filter = await resolveAlertFilter(ctx.db, actor, officer ? query : { areaId: query.areaId, ...widenToWholeMonths(query.from, query.to) });
  const threshold = officer ? null : thresholdOf(ctx);
  const level = query.level as 1 | 2;
  const answer = (counts: AreaCounts) => ({
    level,
    areas: counts.areas.map((a) => ({ areaId: a.areaId, code: a.code, count: a.count, suppressed: a.suppressed })),
    total: counts.total.count,
    outside: counts.outside.count,
    smallCells: threshold === null ? null : { threshold, withheld: counts.areas.filter((a) => a.suppressed).length + Number(counts.total.suppressed) + Number(counts.outside.suppressed) },
  });
  if (!officer) return { ...answer(await countMapAreas(ctx.db, filter, level, { threshold, areaId: query.areaId })), clusters: null, gridDegrees: null };
  const bbox: BoundingBox = query.bbox ?? WORLD;
  const cell = clusterCellDegrees(bbox, query.zoom);
  // Side by side on a server's pool (one after the other on the embedded database).
  const [counts, cells] = await Promise.all([countMapAreas(ctx.db, filter, level, { threshold }), views.countAlertsByCell(ctx.db, filter, { cell, bbox })]);
  const singles = await views.alertIdsAtGridPoints(ctx.db, filter, cells.filter((c) => c.count === 1));
  const idAt = new Map(singles.map((s) => [`${s.lat},${s.lon}`, s.id]));
  const clusters = cells.map((c) => {
    const id = c.count === 1 ? idAt.get(`${c.lat},${c.lon}`) : undefined;
    return { lat: roundCentroid(c.lat), lon: roundCentroid(c.lon), count: c.count, ...(id ? { alertId: id } : {}) };
  });
  return { ...answer(counts), clusters, gridDegrees: cell };
}

// ---- Response-time figures ----------------------------------------------------------------

const DAY_MS = 86_400_000;
/** The default period of the figures: the 30 days before `to`. */
const DEFAULT_SPAN_DAYS = 30;

/** The organisation's targets per severity, each severity it has not set at its default. */
async function responseTargets(ex: Executor, organisationId: string): Promise<views.ResponseTarget[]> {
  const set = new Map((await views.listResponseTargets(ex, organisationId)).map((t) => [t.severity, t]));
  return ALERT_SEVERITIES.map((severity) => {
    const defaults = DEFAULT_TARGETS[severity];
    return set.get(severity) ?? { severity, acknowledgeMinutes: defaults.acknowledge, verifyMinutes: defaults.verify, respondMinutes: defaults.respond };
  });
}

const share = (met: number, judged: number) => (judged === 0 ? null : met / judged);
/** Minutes to a tenth, as shown; null stays null. */
const minutes = (value: number | null) => (value === null ? null : Math.round(Number(value) * 10) / 10);

function presentFigures(row: views.FiguresRow): AlertFigures {
  return {
    alerts: row.alerts,
    acknowledged: row.acknowledged,
    verified: row.verified,
    responded: row.responded,
    timeToAcknowledge: { medianMinutes: minutes(row.ack_median), p90Minutes: minutes(row.ack_p90) },
    timeToVerify: { medianMinutes: minutes(row.verify_median), p90Minutes: minutes(row.verify_p90) },
    timeToRespond: { medianMinutes: minutes(row.respond_median), p90Minutes: minutes(row.respond_p90) },
    withinTarget: {
      acknowledge: share(row.ack_met, row.ack_judged),
      verify: share(row.verify_met, row.verify_judged),
      respond: share(row.respond_met, row.respond_judged),
    },
    suppressed: false,
  };
}

/** AGG-2: a group withheld from a role that sees aggregates only shows no figure at all. */
const WITHHELD_FIGURES: AlertFigures = {
  alerts: null, acknowledged: null, verified: null, responded: null,
  timeToAcknowledge: { medianMinutes: null, p90Minutes: null }, timeToVerify: { medianMinutes: null, p90Minutes: null }, timeToRespond: { medianMinutes: null, p90Minutes: null },
  withinTarget: { acknowledge: null, verify: null, respond: null },
  suppressed: true,
};

const EMPTY_FIGURES: AlertFigures = presentFigures({
  key: null, code: null, is_total: 1, alerts: 0, acknowledged: 0, verified: 0, responded: 0,
  ack_median: null, ack_p90: null, verify_median: null, verify_p90: null, respond_median: null, respond_p90: null,
  ack_met: 0, ack_judged: 0, verify_met: 0, verify_judged: 0, respond_met: 0, respond_judged: 0,
});

/**
 * Time to acknowledge, verify and respond per area (rolled up to the level), week or month,
 * and in total, with the share of alerts within their severity's target. Those who see
 * aggregates only: no severity filter, whole UTC months (weeks cut at a month's start), and
 * small counts withheld with the figures drawn from them (views-figures.ts, AGG-2).
 */
export async function alertMetrics(ctx: AppContext, req: RequestContext, query: AlertMetricsQuery): Promise<AlertMetrics> {
  const actor = aggregatesScope(req);
  const officer = canTriageAlerts(actor);
  if (!officer) await refuseSplittingFilters(ctx, query);
  const now = new Date();
  const asked = { to: query.to === undefined ? now : new Date(query.to), from: query.from === undefined ? undefined : new Date(query.from) };
  const period = { to: asked.to.toISOString(), from: (asked.from ?? new Date(asked.to.getTime() - DEFAULT_SPAN_DAYS * DAY_MS)).toISOString() };
  const { from, to } = officer ? period : (widenToWholeMonths(period.from, period.to) as typeof period);
  const filter = await resolveAlertFilter(ctx.db, actor, { areaId: query.areaId, severity: query.severity, from, to });
  const targets = await responseTargets(ctx.db, actor.organisationId);
  const rows = await views.responseFigures(ctx.db, filter, query.groupBy, query.level, targets, OPEN_ALERT_STATES, now, { weeksWithinMonths: !officer });
  const total = rows.find((r) => r.is_total === 1);
  const threshold = officer ? null : thresholdOf(ctx);
  const level = query.level as 1 | 2;
  const focus = await focusOf(ctx.db, threshold, query.areaId);
  const verdicts = threshold === null ? null : await decideFigures(ctx.db, focus ? { ...filter, areaIds: undefined } : filter, { focus, level, groupBy: query.groupBy }, rows, threshold);
  const present = (r: views.FiguresRow, verdict = verdicts?.row(r.key)) =>
    verdict === undefined || threshold === null ? presentFigures(r) : verdict.alerts ? WITHHELD_FIGURES : withholdFigures(presentFigures(r), r, verdict, threshold);
  const withheld = { row: (key: string | null) => verdicts?.row(key).alerts ?? false, total: verdicts?.total.alerts ?? false };
  return {
    from,
    to,
    groupBy: query.groupBy,
    level: query.groupBy === 'area' ? query.level : null,
    rows: rows
      .filter((r) => r.is_total === 0)
      .map((r) => ({ key: r.key, ...(query.groupBy === 'area' ? { code: r.code } : {}), ...present(r) })),
    total: withheld.total ? WITHHELD_FIGURES : total ? present(total, verdicts?.total) : EMPTY_FIGURES,
    targets: targets.map((t) => ({ severity: t.severity as AlertMetrics['targets'][number]['severity'], acknowledgeMinutes: t.acknowledgeMinutes, verifyMinutes: t.verifyMinutes, respondMinutes: t.respondMinutes })),
    smallCells: threshold === null ? null : { threshold, withheld: rows.filter((r) => r.is_total === 0 && withheld.row(r.key)).length + (withheld.total ? 1 : 0) },
  };
}
