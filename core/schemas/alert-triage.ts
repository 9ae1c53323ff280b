/**
 * Triage of community alerts at the HTTP boundary (issue 4 part 3): state changes, severity,
 * assignment, manual locating, the edit lock, merging duplicates and bulk actions. Every write
 * but the lock carries the version the officer saw (optimistic concurrency); in bulk, the
 * versions are optional and checked per alert.
 */
import { z } from 'zod';
import { ROLES } from '../auth/roles';
import { ALERT_DISMISS_REASONS } from '../alerts/triage';
import { ALERT_SEVERITIES, ALERT_STATES } from './alerts';
import { isoDateTime, text, uuid } from './common';

export { ALERT_DISMISS_REASONS };

/** The version of the alert the officer acted on; a newer one answers 409 naming `version`. */
const version = z.number({ error: 'must be the version number of the alert you opened' }).int().min(1, { error: 'must be at least 1' });
const severity = z.enum(ALERT_SEVERITIES);
const state = z.enum(ALERT_STATES);
const reason = z.enum(ALERT_DISMISS_REASONS);
/** A team or mission component the alert is given to, such as "Force HQ" or "CPU North". */
const team = text(80);

export const transitionAlertBody = z.strictObject({
  to: state,
  version,
  /** Required when dismissing, refused otherwise. */
  reason: reason.optional(),
});
export type TransitionAlertInput = z.infer<typeof transitionAlertBody>;

export const updateAlertBody = z.strictObject({
  version,
  severity: severity.optional(),
  /** An active colleague who may triage alerts; null unassigns. */
  assignedUserId: uuid.nullable().optional(),
  assignedTeam: team.nullable().optional(),
  /** Manual locating: the area the officer places the alert in (area source becomes manual). */
  areaId: uuid.optional(),
});
export type UpdateAlertInput = z.infer<typeof updateAlertBody>;

export const mergeAlertBody = z.strictObject({ intoId: uuid, version });
export type MergeAlertInput = z.infer<typeof mergeAlertBody>;

export const unmergeAlertBody = z.strictObject({ version });
export type UnmergeAlertInput = z.infer<typeof unmergeAlertBody>;

export const alertLockView = z.object({ lock: z.object({ userId: uuid, until: isoDateTime }) });
export type AlertLockView = z.infer<typeof alertLockView>;

/** The most alerts one bulk action may name (an election day brings thousands; the queue pages them). */
export const BULK_MAX_ALERTS = 1000;

export const bulkAlertAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('transition'), to: state, reason: reason.optional() }),
  z.strictObject({ kind: z.literal('severity'), severity }),
  z.strictObject({ kind: z.literal('assign'), assignedUserId: uuid.nullable().optional(), assignedTeam: team.nullable().optional() }),
  z.strictObject({ kind: z.literal('merge'), intoId: uuid }),
]);
export type BulkAlertAction = z.infer<typeof bulkAlertAction>;

export const bulkAlertBody = z
  .strictObject({
    ids: z
      .array(uuid)
      .min(1, { error: 'must name at least one alert' })
      .max(BULK_MAX_ALERTS, { error: `must name at most ${BULK_MAX_ALERTS} alerts` })
      .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, { error: 'must not name an alert twice' }),
    action: bulkAlertAction,
    /**
     * The version of each alert as the officer saw it, by id (some or all of `ids`). An alert
     * changed since is left alone and reported as a conflict; one without a version is not checked.
     */
    versions: z.record(uuid, version).optional(),
  })
  .superRefine((body, context) => {
    const named = new Set(body.ids.map((id) => id.toLowerCase()));
    const seen = new Set<string>();
    for (const id of Object.keys(body.versions ?? {})) {
      const key = id.toLowerCase();
      if (!named.has(key)) context.addIssue({ code: 'custom', path: ['versions', id], message: 'names an alert that is not in ids' });
      else if (seen.has(key)) context.addIssue({ code: 'custom', path: ['versions', id], message: 'names an alert twice' });
      seen.add(key);
    }
  });
export type BulkAlertInput = z.infer<typeof bulkAlertBody>;

/**
 * Per alert, in the order asked: done, or skipped with the reason (locked, not allowed, not
 * found, alerts.version_conflict with the version it is at now). `conflicts` lists the ids
 * skipped because they changed since the versions given, for the page to reload them.
 */
export const bulkAlertResult = z.object({
  updated: z.number().int(),
  results: z.array(z.object({ id: uuid, ok: z.boolean(), code: z.string().optional(), message: z.string().optional(), version: z.number().int().optional() })),
  conflicts: z.array(uuid),
});
export type BulkAlertResult = z.infer<typeof bulkAlertResult>;

/** Who an alert may be assigned to: active colleagues who triage alerts. */
export const alertAssigneeList = z.object({
  data: z.array(z.object({ id: uuid, displayName: z.string(), role: z.enum(ROLES) })),
});
export type AlertAssigneeList = z.infer<typeof alertAssigneeList>;
