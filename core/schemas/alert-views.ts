/**
 * The alert map and the response-time figures at the HTTP boundary (issue 4 parts 5-6).
 * Location precision by role: alert officers get clusters of the 0.01 degree grid (a single
 * alert as a grid point with its id; the exact point only on the audited alert detail);
 * analysts get counts per area only (`clusters: null`, no alert ids).
 */
import { z } from 'zod';
import { MAX_ZOOM, MIN_ZOOM, type BoundingBox } from '../alerts/map';
import { ALERT_SEVERITIES, alertFilterFields } from './alerts';
import { isoDateTime, uuid } from './common';

/** Administrative level the figures roll up to: 1 provinces, 2 health zones (areas.level). */
const level = z.coerce.number({ error: 'must be 1 or 2' }).int({ error: 'must be 1 or 2' }).min(1, { error: 'must be 1 or 2' }).max(2, { error: 'must be 1 or 2' }).default(1);

/** `minLon,minLat,maxLon,maxLat` in degrees; minLon <= maxLon (split a box that crosses 180 in two). */
const bbox = z
  .string()
  .max(200)
  .transform((given, ctx): BoundingBox => {
    const parts = given.split(',').map((part) => part.trim());
    const numbers = parts.map((part) => (/^-?\d+(\.\d+)?$/.test(part) ? Number(part) : Number.NaN));
    const [minLon, minLat, maxLon, maxLat] = numbers as [number, number, number, number];
    const ok =
      numbers.length === 4 &&
      numbers.every(Number.isFinite) &&
      minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90 &&
      minLon <= maxLon && minLat <= maxLat;
    if (!ok) {
      ctx.addIssue({ code: 'custom', message: 'must be minLon,minLat,maxLon,maxLat in degrees, with min <= max' });
      return z.NEVER;
    }
    return [minLon, minLat, maxLon, maxLat];
  });

export const alertMapQuery = z.strictObject({
  ...alertFilterFields,
  level,
  bbox: bbox.optional(),
  zoom: z.coerce.number({ error: `must be a whole number from ${MIN_ZOOM} to ${MAX_ZOOM}` }).int({ error: `must be a whole number from ${MIN_ZOOM} to ${MAX_ZOOM}` }).min(MIN_ZOOM, { error: `must be a whole number from ${MIN_ZOOM} to ${MAX_ZOOM}` }).max(MAX_ZOOM, { error: `must be a whole number from ${MIN_ZOOM} to ${MAX_ZOOM}` }).optional(),
});
export type AlertMapQuery = z.infer<typeof alertMapQuery>;

/**
 * `count` is null, with `suppressed`, where it is withheld from a role that sees aggregates
 * only (SECURITY AGG-2: below the threshold, or withheld so that no total gives one back).
 */
export const alertMapArea = z.object({ areaId: uuid, code: z.string(), count: z.number().int().nullable(), suppressed: z.boolean() });

/** AGG-2, for roles that see aggregates only: counts below `threshold` are withheld; `withheld` cells in this answer. */
export const smallCells = z.object({ threshold: z.number().int(), withheld: z.number().int() });
/** A cell's weighted centroid on the 0.01 grid; `alertId` only for a cell of one alert. */
export const alertCluster = z.object({ lat: z.number(), lon: z.number(), count: z.number().int(), alertId: uuid.optional() });

export const alertMap = z.object({
  level: z.number().int(),
  /** Areas of `level` with at least one alert in them or below them. */
  areas: z.array(alertMapArea),
  /** Null for roles that see aggregates only (analysts). */
  clusters: z.array(alertCluster).nullable(),
  /** The side of a cluster cell in degrees; null with no clusters. */
  gridDegrees: z.number().nullable(),
  /** Every alert the filters match, located or not, in the bbox or not; null when withheld (AGG-2). */
  total: z.number().int().nullable(),
  /** Of those, the alerts in no area of the level (not located, or placed above it); null when withheld. */
  outside: z.number().int().nullable(),
  /** Null for alert officers (nothing withheld). */
  smallCells: smallCells.nullable(),
});
export type AlertMap = z.infer<typeof alertMap>;

export const ALERT_METRIC_GROUPS = ['area', 'week', 'month'] as const;

export const alertMetricsQuery = z.strictObject({
  /** received_at from (inclusive; default 30 days before `to`) to (exclusive; default now). */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  groupBy: z.enum(ALERT_METRIC_GROUPS).default('area'),
  level,
  areaId: alertFilterFields.areaId,
  severity: alertFilterFields.severity,
});
export type AlertMetricsQuery = z.infer<typeof alertMetricsQuery>;

/** Minutes from receipt to the moment the clock stopped, over the alerts whose clock stopped. */
const timeFigure = z.object({ medianMinutes: z.number().nullable(), p90Minutes: z.number().nullable() });

/**
 * Share (0 to 1) of judged alerts that met their severity's target: an alert is judged once
 * its clock stopped, or once the target passed while it is still open (core/alerts/map.ts
 * judgeClock). Null when none is judged.
 */
const withinTarget = z.object({ acknowledge: z.number().nullable(), verify: z.number().nullable(), respond: z.number().nullable() });

/**
 * Figures of a group of alerts. For a role that sees aggregates only, a group withheld under
 * AGG-2 (fewer alerts than the threshold, or withheld so that the total does not give one
 * back) has `suppressed` and every figure null.
 */
export const alertFigures = z.object({
  alerts: z.number().int().nullable(),
  acknowledged: z.number().int().nullable(),
  verified: z.number().int().nullable(),
  responded: z.number().int().nullable(),
  timeToAcknowledge: timeFigure,
  timeToVerify: timeFigure,
  timeToRespond: timeFigure,
  withinTarget,
  suppressed: z.boolean(),
});
export type AlertFigures = z.infer<typeof alertFigures>;

export const alertMetricsRow = alertFigures.extend({
  /** The area's id (null: alerts not located at or below the level), or the period's first day (YYYY-MM-DD, UTC; weeks start on Monday). */
  key: z.string().nullable(),
  /** The area's code, for area rows. */
  code: z.string().nullable().optional(),
});
export type AlertMetricsRow = z.infer<typeof alertMetricsRow>;

export const alertResponseTarget = z.object({
  severity: z.enum(ALERT_SEVERITIES),
  acknowledgeMinutes: z.number().int(),
  verifyMinutes: z.number().int(),
  respondMinutes: z.number().int(),
});

export const alertMetrics = z.object({
  from: isoDateTime,
  to: isoDateTime,
  groupBy: z.enum(ALERT_METRIC_GROUPS),
  level: z.number().int().nullable(),
  rows: z.array(alertMetricsRow),
  total: alertFigures,
  /** The targets the shares were judged against (the organisation's, else the defaults; no severity counts as medium). */
  targets: z.array(alertResponseTarget),
  /** Null for alert officers (nothing withheld). */
  smallCells: smallCells.nullable(),
});
export type AlertMetrics = z.infer<typeof alertMetrics>;
