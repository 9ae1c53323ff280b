/**
 * Rapid response at the HTTP boundary (issue 4 part 4): response tasks, targets per severity,
 * the outbound SMS settings, each channel's outbound configuration, the outbox, and SMSSync's
 * pull of outgoing messages. A partner organisation sees the alert of a task it was given at
 * area precision only (DESIGN capability 3, privacy): no text, no point, no sender.
 */
import { z } from 'zod';
import { ASSIGNEE_COMPONENTS, RESPONSE_SEVERITIES, TARGET_MINUTES, TASK_OUTCOMES, TASK_STATUSES } from '../alerts/response';
import { ALERT_CHANNEL_PROVIDERS, ALERT_SEVERITIES, ALERT_STATES } from './alerts';
import { isoDateTime, text, uuid } from './common';

export { ASSIGNEE_COMPONENTS, RESPONSE_SEVERITIES, TASK_OUTCOMES, TASK_STATUSES };

/** An E.164 number (+, country code, 8 to 15 digits); other spellings are refused by name. */
export const e164Phone = z.string().trim().regex(/^\+[1-9][0-9]{7,14}$/, { error: 'must be a phone number in international form, e.g. +15550100123' });

export const alertIdParams = z.object({ id: uuid });
export const taskIdParams = z.object({ taskId: uuid });

export const taskAssignee = z.union(
  [
    z.strictObject({ organisationId: uuid }),
    z.strictObject({ component: z.enum(ASSIGNEE_COMPONENTS) }),
    z.strictObject({ userId: uuid }),
  ],
  { error: 'must name exactly one of organisationId, component or userId' },
);

export const createTaskBody = z
  .strictObject({
    title: text(120),
    /** Checked for names and phone numbers: the answer carries `warnings`, the task is kept. */
    instructions: text(2000).optional(),
    /** In the future. */
    dueAt: isoDateTime.optional(),
    /** From now, 1 minute to 30 days. */
    dueInMinutes: z.number({ error: 'must be a number of minutes' }).int().min(1).max(43_200).optional(),
    assignee: taskAssignee,
    /** Told of the task by SMS through the outbox; stored sealed, never shown again. */
    contactPhone: e164Phone.optional(),
  })
  .refine((body) => (body.dueAt === undefined) !== (body.dueInMinutes === undefined), { error: 'give either dueAt or dueInMinutes', path: ['dueAt'] });
export type CreateTaskInput = z.infer<typeof createTaskBody>;

export const updateTaskBody = z
  .strictObject({
    version: z.number({ error: 'must be the version you read' }).int().min(1),
    status: z.enum(TASK_STATUSES).optional(),
    /** Required when status becomes done. */
    outcome: z.enum(TASK_OUTCOMES).optional(),
    outcomeNote: text(2000).optional(),
    /** Only the organisation that gave the task moves its due time. */
    dueAt: isoDateTime.optional(),
  })
  .refine((body) => body.status !== 'done' || body.outcome !== undefined, { error: 'is required when status is done', path: ['outcome'] });
export type UpdateTaskInput = z.infer<typeof updateTaskBody>;

const booleanQuery = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

export const listTasksQuery = z.strictObject({
  status: z.enum(TASK_STATUSES).optional(),
  /** Only tasks given to me or to my organisation (not those my organisation gave). */
  mine: booleanQuery.optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(100).default(50),
  cursor: z.string().max(200, { error: 'is not a cursor this list gave' }).optional(),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

/** The alert as a task shows it: area precision, never the text, the point or the sender. */
export const taskAlert = z.object({
  reference: z.string(),
  areaId: uuid.nullable(),
  severity: z.enum(ALERT_SEVERITIES).nullable(),
  categories: z.array(z.string()),
  state: z.enum(ALERT_STATES),
  receivedAt: isoDateTime,
});

export const taskView = z.object({
  id: uuid,
  /** The alert's id, for its own organisation only (a partner cannot open the alert). */
  alertId: uuid.nullable(),
  organisationId: uuid,
  /** owner: my organisation gave the task; assignee: it was given to me or my organisation. */
  viewer: z.enum(['owner', 'assignee']),
  assignee: z.object({ organisationId: uuid.nullable(), component: z.enum(ASSIGNEE_COMPONENTS).nullable(), userId: uuid.nullable() }),
  title: z.string(),
  instructions: z.string().nullable(),
  contactPhoneSet: z.boolean(),
  dueAt: isoDateTime,
  overdue: z.boolean(),
  status: z.enum(TASK_STATUSES),
  outcome: z.enum(TASK_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  completedAt: isoDateTime.nullable(),
  escalatedAt: isoDateTime.nullable(),
  version: z.number().int(),
  createdBy: uuid.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  alert: taskAlert,
  /** Identifying-text warnings on the instructions (only in the answer to a creation or change). */
  warnings: z.array(z.string()).optional(),
});
export type TaskView = z.infer<typeof taskView>;
export const taskList = z.object({ data: z.array(taskView), nextCursor: z.string().nullable().optional() });

// ---- Targets --------------------------------------------------------------------------------

const minutes = z.number({ error: 'must be a number of minutes' }).int().min(TARGET_MINUTES.min).max(TARGET_MINUTES.max);
export const stageTargetsInput = z
  .strictObject({ acknowledgeMinutes: minutes, verifyMinutes: minutes, respondMinutes: minutes })
  .refine((t) => t.acknowledgeMinutes <= t.verifyMinutes && t.verifyMinutes <= t.respondMinutes, {
    error: 'must not be shorter than the stage before it',
    path: ['verifyMinutes'],
  });

/** Severities left out keep their current targets. */
export const putTargetsBody = z.strictObject({
  targets: z.strictObject({
    critical: stageTargetsInput.optional(),
    high: stageTargetsInput.optional(),
    medium: stageTargetsInput.optional(),
    low: stageTargetsInput.optional(),
  }),
});
export type PutTargetsInput = z.infer<typeof putTargetsBody>;

const stageTargetsView = z.object({
  acknowledgeMinutes: z.number().int(),
  verifyMinutes: z.number().int(),
  respondMinutes: z.number().int(),
  /** default: Weft's default; organisation: set by the organisation. */
  source: z.enum(['default', 'organisation']),
});
export const targetsView = z.object({
  targets: z.object({ critical: stageTargetsView, high: stageTargetsView, medium: stageTargetsView, low: stageTargetsView }),
});
export type TargetsView = z.infer<typeof targetsView>;

// ---- Outbound settings and channels ---------------------------------------------------------

/** An on-call number already set, kept as it is: its id from GET /api/alerts/response-settings. */
export const keptOnCallPhone = z.strictObject({ id: uuid });

export const putSettingsBody = z.strictObject({
  /** An enabled channel of the organisation that can send (see the channel's outbound view). */
  outboundChannelId: uuid.nullable(),
  /**
   * The whole list, replacing the one stored: a number already set is kept by `{ id }` (its
   * value is never sent back to the browser), a new one is given in E.164. Numbers left out
   * are removed.
   */
  onCallPhones: z
    .array(z.union([e164Phone, keptOnCallPhone], { error: 'must be a phone number in international form (+15550100123) or { id } of a number already set' }))
    .max(10, { error: 'must list at most 10 numbers' }),
});
export type PutSettingsInput = z.infer<typeof putSettingsBody>;

/** One on-call number as the settings show it: masked, with the id that keeps it on a PUT. */
export const onCallPhoneView = z.object({
  id: uuid,
  /** +155•••••23: the country code and the last two digits. */
  masked: z.string(),
});
export type OnCallPhoneView = z.infer<typeof onCallPhoneView>;

export const settingsView = z.object({
  outboundChannelId: uuid.nullable(),
  onCallPhones: z.array(onCallPhoneView),
  updatedAt: isoDateTime.nullable(),
});
export type SettingsView = z.infer<typeof settingsView>;

/**
 * A channel as whoever sets the response settings may see it, to choose the outbound one:
 * no secret, no account, no webhook (those are the administrators', alerts.configure).
 */
export const outboundChannelChoice = z.object({
  id: uuid,
  name: z.string(),
  provider: z.enum(ALERT_CHANNEL_PROVIDERS),
  enabled: z.boolean(),
  /** Whether messages can go out through it now (the outbound view says what is missing). */
  canSend: z.boolean(),
});
export type OutboundChannelChoice = z.infer<typeof outboundChannelChoice>;
export const outboundChannelChoices = z.object({ data: z.array(outboundChannelChoice) });
export type OutboundChannelChoices = z.infer<typeof outboundChannelChoices>;

/** The number or sender id messages go out from (Twilio From, Vonage from, Africa's Talking from). */
const senderId = z.string().trim().regex(/^(\+?[0-9]{3,15}|[A-Za-z0-9 ]{1,11})$/, { error: 'must be a number or a sender id of at most 11 letters and digits' });
const outboundUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(500, { error: 'must be at most 500 characters' });
const apiSecret = z
  .string()
  .min(8, { error: 'must be at least 8 characters' })
  .max(256, { error: 'must be at most 256 characters' })
  .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' });

export const putChannelOutboundBody = z.strictObject({
  senderId: senderId.nullable().optional(),
  /** Generic channels: where outgoing messages are POSTed, signed like the inbound webhook. */
  outboundUrl: outboundUrl.nullable().optional(),
  /** The send API's secret: Vonage api_secret, Africa's Talking apiKey. Write-only. */
  apiSecret: apiSecret.nullable().optional(),
});
export type PutChannelOutboundInput = z.infer<typeof putChannelOutboundBody>;

export const channelOutboundView = z.object({
  channelId: uuid,
  provider: z.enum(ALERT_CHANNEL_PROVIDERS),
  senderId: z.string().nullable(),
  outboundUrl: z.string().nullable(),
  apiSecretSet: z.boolean(),
  /** Whether messages can go out through this channel, and what is missing if not. */
  canSend: z.boolean(),
  missing: z.array(z.string()),
});
export type ChannelOutboundView = z.infer<typeof channelOutboundView>;

// ---- Outbox ---------------------------------------------------------------------------------

/** delivered: the gateway reported it reached the handset (SMSSync's delivery reports). */
export const OUTBOX_STATUSES = ['pending', 'sent', 'delivered', 'recorded', 'failed'] as const;
export const OUTBOX_PURPOSES = ['acknowledgement', 'task', 'escalation'] as const;

export const listOutboxQuery = z.strictObject({
  status: z.enum(OUTBOX_STATUSES).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(200).default(50),
});
export type ListOutboxQuery = z.infer<typeof listOutboxQuery>;

export const outboxMessageView = z.object({
  id: uuid,
  channelId: uuid.nullable(),
  purpose: z.enum(OUTBOX_PURPOSES),
  alertId: uuid.nullable(),
  taskId: uuid.nullable(),
  /** Masked. */
  recipient: z.string(),
  /** Bodies hold a reference, an area name and a time: nothing identifying. */
  body: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  transport: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: isoDateTime,
  sentAt: isoDateTime.nullable(),
});
export type OutboxMessageView = z.infer<typeof outboxMessageView>;
export const outboxList = z.object({ data: z.array(outboxMessageView) });

// ---- SMSSync task poll and delivery reports ---------------------------------------------------

/** SMSSync's answer to a task poll: the messages the phone is to send, each with our id. */
export const smsSyncTaskAnswer = z.object({
  payload: z.object({
    task: z.literal('send'),
    secret: z.string(),
    messages: z.array(z.object({ to: z.string(), message: z.string(), uuid: z.string() })),
  }),
});

/** Message Results API: the messages the server stands by (task=sent) or wants a report on (GET task=result). */
export const smsSyncUuidsAnswer = z.object({ message_uuids: z.array(z.string()) });
export type SmsSyncUuidsAnswer = z.infer<typeof smsSyncUuidsAnswer>;

/** GET ?task=send (the poll) or ?task=result (which messages await a report). */
export const smsSyncGetAnswer = z.union([smsSyncTaskAnswer, smsSyncUuidsAnswer]);

export const smsSyncTaskQuery = z.object({
  task: z.enum(['send', 'result'], { error: 'must be send or result' }),
  secret: z.string().max(256).optional(),
});

/** The tasks SMSSync POSTs to its sync URL beside inbound messages (read by core/alerts readSmsSync*). */
export const SMSSYNC_REPORT_TASKS = ['sent', 'result'] as const;
export const smsSyncReportQuery = z.object({
  task: z.enum(SMSSYNC_REPORT_TASKS, { error: 'must be sent or result' }),
  secret: z.string().max(256).optional(),
});
export type SmsSyncReportQuery = z.infer<typeof smsSyncReportQuery>;
