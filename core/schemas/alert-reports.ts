/**
 * Alerts sent by a person with an account (issue 4 part 1: "Web form and hotline operator
 * form"), the reporter's own list, and the way a verified alert becomes an incident record
 * ("no identifying data copied"). The form asks nothing about who a survivor is (MIN-1); free
 * text that looks like a name or a number is warned about, never refused.
 */
import { z } from 'zod';
import { ALERT_CATEGORIES, ALERT_PERPETRATOR_TYPES, IDENTIFYING_TEXT_REASONS } from '../alerts';
import { CONFLICT_CONTEXTS, TIMES_OF_DAY } from '../gbvims/vocabularies';
import { PERPETRATOR_CATEGORIES } from '../classify/contexts';
import { alertSummary, ALERT_STATES } from './alerts';
import { isoDateTime, text, uuid } from './common';

export const ALERT_REPORT_VIAS = ['web', 'hotline'] as const;
export type AlertReportVia = (typeof ALERT_REPORT_VIAS)[number];

/** An observation may be stamped a little ahead of the server's clock, not more. */
export const OBSERVED_AT_SKEW_MS = 5 * 60_000;

const areaCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}[A-Za-z0-9_.-]{1,40}$/, { error: 'must be an area P-code such as cod200465' });

export const reportAlertBody = z
  .strictObject({
    /** hotline: an operator writing down a call (needs hotline.intake too). */
    via: z.enum(ALERT_REPORT_VIAS, { error: 'must be web or hotline' }),
    /** REL-2: one per filled form; a replay answers the same alert. */
    idempotencyKey: uuid,
    text: text(2000),
    areaId: uuid.optional(),
    areaCode: areaCode.optional(),
    location: z
      .strictObject({
        lat: z.number({ error: 'must be a number' }).min(-90, { error: 'must be from -90 to 90' }).max(90, { error: 'must be from -90 to 90' }),
        lon: z.number({ error: 'must be a number' }).min(-180, { error: 'must be from -180 to 180' }).max(180, { error: 'must be from -180 to 180' }),
        /** Metres, as the browser's geolocation reports it. */
        accuracy: z.number({ error: 'must be metres' }).min(0, { error: 'must be metres' }).max(1_000_000, { error: 'must be at most 1000000 metres' }).optional(),
      })
      .optional(),
    observedAt: isoDateTime
      .refine((value) => Date.parse(value) <= Date.now() + OBSERVED_AT_SKEW_MS, { error: 'must not be in the future' })
      .optional(),
    categories: z
      .array(z.enum(ALERT_CATEGORIES, { error: 'must be a category of the alert form' }))
      .max(ALERT_CATEGORIES.length)
      .refine((list) => new Set(list).size === list.length, { error: 'must not list a category twice' })
      .optional(),
    peopleAtRisk: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be from 0 to 100000' }).max(100_000, { error: 'must be from 0 to 100000' }).optional(),
    perpetratorType: z.enum(ALERT_PERPETRATOR_TYPES, { error: 'must be a perpetrator type of the alert form' }).optional(),
  })
  .refine((body) => body.areaId === undefined || body.areaCode === undefined, { error: 'give an area id or a P-code, not both', path: ['areaCode'] });
export type ReportAlertInput = z.infer<typeof reportAlertBody>;

/** Where the text looks like it names someone: shown to the reporter, who may edit it. */
export const identifyingTextWarning = z.object({
  reason: z.enum(IDENTIFYING_TEXT_REASONS),
  index: z.number().int(),
  length: z.number().int(),
});

export const reportAlertResponse = z.object({
  alert: alertSummary,
  warnings: z.array(identifyingTextWarning),
});
export type ReportAlertResponse = z.infer<typeof reportAlertResponse>;

export const myAlertReportsQuery = z.strictObject({
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1, { error: 'must be at least 1' }).max(100, { error: 'must be at most 100' }).default(20),
  cursor: z.string().max(200, { error: 'is not a cursor this list gave' }).optional(),
});
export type MyAlertReportsQuery = z.infer<typeof myAlertReportsQuery>;

/** What a reporter sees of what they sent: its fate, never another person's words. */
export const myAlertReport = z.object({
  id: uuid,
  reference: z.string(),
  via: z.enum(ALERT_REPORT_VIAS),
  state: z.enum(ALERT_STATES),
  areaId: uuid.nullable(),
  categories: z.array(z.string()),
  receivedAt: isoDateTime,
  acknowledgedAt: isoDateTime.nullable(),
  verifiedAt: isoDateTime.nullable(),
  respondedAt: isoDateTime.nullable(),
  closedAt: isoDateTime.nullable(),
});
export type MyAlertReport = z.infer<typeof myAlertReport>;
export const myAlertReportList = z.object({ data: z.array(myAlertReport), nextCursor: z.string().nullable() });

export const incidentDraftQuery = z.strictObject({
  /** The case worker's offset from UTC (the browser's), for the local date and time of day. */
  utcOffsetMinutes: z.coerce.number({ error: 'must be a number of minutes' }).int({ error: 'must be whole minutes' }).min(-720, { error: 'must be from -720 to 840' }).max(840, { error: 'must be from -720 to 840' }).default(0),
});
export type IncidentDraftQuery = z.infer<typeof incidentDraftQuery>;

/**
 * Prefill for the incident form from a verified alert: place by area, date, time of day,
 * perpetrator category, conflict contexts. Never the alert's text, sender or exact point.
 */
export const incidentDraft = z.strictObject({
  sourceAlertId: uuid,
  /** The alert's short reference (A-XXXXXX), for "prefilled from alert …". */
  sourceAlertReference: z.string(),
  areaId: uuid.nullable(),
  /** YYYY-MM-DD in the case worker's offset. */
  incidentDate: z.iso.date(),
  /** observed: when the reporter said it happened; received: only when the alert arrived. */
  incidentDateSource: z.enum(['observed', 'received']),
  timeOfDay: z.enum(TIMES_OF_DAY.map((t) => t.id) as [string, ...string[]]).nullable(),
  perpetratorCategory: z.enum(PERPETRATOR_CATEGORIES).nullable(),
  conflictContexts: z.array(z.enum(CONFLICT_CONTEXTS.map((c) => c.id) as [string, ...string[]])),
  /** The incident the alert is linked to already, if any: the form then has nothing to do. */
  linkedIncidentId: uuid.nullable(),
});
export type IncidentDraft = z.infer<typeof incidentDraft>;

export const linkAlertIncidentBody = z.strictObject({
  incidentId: uuid,
  /** The alert's version as read; a mismatch answers 409 naming version. */
  version: z.number({ error: 'must be a number' }).int().min(1).optional(),
});
export type LinkAlertIncidentInput = z.infer<typeof linkAlertIncidentBody>;
