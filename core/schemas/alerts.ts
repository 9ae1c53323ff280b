/**
 * Community alerts at the HTTP boundary (issue 4): channel configuration (secrets write-only:
 * a view says only whether each is set), the focal point register (phone numbers never in
 * lists; masked in a focal point's detail), and the coordinators' alert list and detail.
 */
import { z } from 'zod';
import { VONAGE_SIGNATURE_METHODS } from '../alerts/sms/signing';
import { isoDateTime, listOf, text, uuid } from './common';

export const ALERT_CHANNEL_PROVIDERS = ['twilio', 'vonage', 'africas_talking', 'frontlinesms', 'smssync', 'generic'] as const;
export const ALERT_CHANNEL_KINDS = [...ALERT_CHANNEL_PROVIDERS, 'openrosa', 'web', 'hotline'] as const;
export const ALERT_STATES = ['new', 'acknowledged', 'verifying', 'verified', 'dismissed', 'duplicate', 'closed'] as const;
export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const ALERT_EVENT_KINDS = ['state', 'severity', 'assigned', 'merged', 'located', 'escalated', 'task', 'converted'] as const;
export const ALERT_REPLY_LANGUAGES = ['en', 'fr', 'sw'] as const;
export const FOCAL_POINT_TRUST_LEVELS = ['new', 'established', 'trusted'] as const;

/** A secret as an administrator pastes it: 8 to 256 printable characters. */
const secret = z
  .string()
  .min(8, { error: 'must be at least 8 characters' })
  .max(256, { error: 'must be at most 256 characters' })
  .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' });
const callingCode = z.string().regex(/^[1-9][0-9]{0,3}$/, { error: 'must be a country calling code such as 243 (digits, no +)' });
const accountId = z.string().trim().min(1).max(128).regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' });

export const createChannelBody = z.strictObject({
  provider: z.enum(ALERT_CHANNEL_PROVIDERS),
  name: text(100),
  enabled: z.boolean().default(true),
  defaultCallingCode: callingCode.nullable().optional(),
  replyLanguage: z.enum(ALERT_REPLY_LANGUAGES).default('en'),
  /** Twilio AccountSid (checked against the webhook's), Vonage api key. */
  accountId: accountId.nullable().optional(),
  /** Twilio: the account's auth token (signs X-Twilio-Signature). */
  authToken: secret.optional(),
  /** Vonage signed webhooks; the generic webhook's HMAC key. */
  signatureSecret: secret.optional(),
  signatureMethod: z.enum(VONAGE_SIGNATURE_METHODS).nullable().optional(),
  /** SMSSync, FrontlineSMS, Africa's Talking: the secret the gateway presents. */
  sharedSecret: secret.optional(),
});
export type CreateChannelInput = z.infer<typeof createChannelBody>;

export const updateChannelBody = z.strictObject({
  name: text(100).optional(),
  enabled: z.boolean().optional(),
  defaultCallingCode: callingCode.nullable().optional(),
  replyLanguage: z.enum(ALERT_REPLY_LANGUAGES).optional(),
  accountId: accountId.nullable().optional(),
  /** A new value replaces the old; null removes it (where the provider allows none). */
  authToken: secret.nullable().optional(),
  signatureSecret: secret.nullable().optional(),
  signatureMethod: z.enum(VONAGE_SIGNATURE_METHODS).nullable().optional(),
  sharedSecret: secret.nullable().optional(),
});
export type UpdateChannelInput = z.infer<typeof updateChannelBody>;

export const channelView = z.object({
  id: uuid,
  provider: z.enum(ALERT_CHANNEL_PROVIDERS),
  name: z.string(),
  enabled: z.boolean(),
  defaultCallingCode: z.string().nullable(),
  replyLanguage: z.string(),
  accountId: z.string().nullable(),
  signatureMethod: z.string().nullable(),
  /** Secrets are write-only: only whether each is set. */
  authTokenSet: z.boolean(),
  signatureSecretSet: z.boolean(),
  sharedSecretSet: z.boolean(),
  /** The path the gateway posts to (prefix it with the server's public address). */
  webhookPath: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ChannelView = z.infer<typeof channelView>;
export const channelList = z.object({ data: z.array(channelView) });

const phoneNumber = z.string().trim().regex(/^\+?[0-9 ().-]{6,24}$/, { error: 'must be a phone number, best in international form (+243…)' });
const languageTag = z.string().trim().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language tag such as fr or sw' }).max(35);

export const createFocalPointBody = z.strictObject({
  displayName: text(100),
  areaId: uuid.nullable().optional(),
  network: text(100).nullable().optional(),
  languages: z.array(languageTag).max(10).default([]),
  trustLevel: z.enum(FOCAL_POINT_TRUST_LEVELS).default('new'),
  enabled: z.boolean().default(true),
  /** Numbers the focal point sends from; sealed and hashed, never returned in clear. */
  phoneNumbers: z.array(phoneNumber).max(5).default([]),
  /** Country calling code for numbers written without one. */
  defaultCallingCode: callingCode.optional(),
  /** API tokens (purpose alerts.intake) issued to this focal point's phone: OpenRosa submissions with them are theirs. */
  tokenIds: z.array(uuid).max(5).default([]),
});
export type CreateFocalPointInput = z.infer<typeof createFocalPointBody>;

export const updateFocalPointBody = z.strictObject({
  displayName: text(100).optional(),
  areaId: uuid.nullable().optional(),
  network: text(100).nullable().optional(),
  languages: z.array(languageTag).max(10).optional(),
  trustLevel: z.enum(FOCAL_POINT_TRUST_LEVELS).optional(),
  enabled: z.boolean().optional(),
  addPhoneNumbers: z.array(phoneNumber).max(5).optional(),
  removeIdentityIds: z.array(uuid).max(20).optional(),
  defaultCallingCode: callingCode.optional(),
  addTokenIds: z.array(uuid).max(5).optional(),
});
export type UpdateFocalPointInput = z.infer<typeof updateFocalPointBody>;

export const focalPointSummary = z.object({
  id: uuid,
  displayName: z.string(),
  areaId: uuid.nullable(),
  network: z.string().nullable(),
  languages: z.array(z.string()),
  trustLevel: z.string(),
  enabled: z.boolean(),
  identityCount: z.number().int(),
  alertsSent: z.number().int(),
  alertsVerified: z.number().int(),
  /** Share of sent alerts verified, 0 to 1; null before the first alert. */
  verifiedShare: z.number().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export const focalPointView = focalPointSummary.extend({
  /** Phone numbers masked (+243••••••12); token identities by kind only. */
  identities: z.array(z.object({ id: uuid, kind: z.enum(['phone', 'token']), masked: z.string(), createdAt: isoDateTime })),
});
export type FocalPointSummary = z.infer<typeof focalPointSummary>;
export type FocalPointView = z.infer<typeof focalPointView>;
export const focalPointList = listOf(focalPointSummary);

const booleanQuery = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');
const limit = z.coerce.number({ error: 'must be a number' }).int().min(1, { error: 'must be at least 1' }).max(100, { error: 'must be at most 100' }).default(25);
const cursor = z.string().max(200, { error: 'is not a cursor this list gave' });

export const listFocalPointsQuery = z.strictObject({
  areaId: uuid.optional(),
  enabled: booleanQuery.optional(),
  limit,
  cursor: cursor.optional(),
});
export type ListFocalPointsQuery = z.infer<typeof listFocalPointsQuery>;

/**
 * One value or a comma list (`state=new,acknowledged`, or the name repeated), each one of
 * `values`; answered as a list without repeats.
 */
const oneOrMore = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.string(), z.array(z.string()).max(20)]).transform((given, ctx): T[number][] => {
    const parts = (Array.isArray(given) ? given : [given]).flatMap((part) => part.split(',')).map((part) => part.trim());
    if (parts.length === 0 || parts.some((part) => !(values as readonly string[]).includes(part))) {
      ctx.addIssue({ code: 'custom', message: `must be one or more of ${values.join(', ')}, separated by commas` });
      return z.NEVER;
    }
    return [...new Set(parts)] as T[number][];
  });

/** The filters the queue, the map and the figures share (core/schemas/alert-views.ts reuses them). */
export const alertFilterFields = {
  state: oneOrMore(ALERT_STATES).optional(),
  /** `none`: no severity set yet. */
  severity: oneOrMore([...ALERT_SEVERITIES, 'none']).optional(),
  channel: oneOrMore(ALERT_CHANNEL_KINDS).optional(),
  /** The area and every area inside it. */
  areaId: uuid.optional(),
  /** received_at from (inclusive) to (exclusive). */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  /** true: alerts with no area yet (the locating queue); false: alerts with one. */
  needsLocating: booleanQuery.optional(),
  /** `me`, `none` (nobody assigned) or a user's id. */
  assignedTo: z.string().refine((v) => v === 'me' || v === 'none' || z.uuid().safeParse(v).success, { error: 'must be me, none or a user id' }).optional(),
  team: text(100).optional(),
  unknownSender: booleanQuery.optional(),
  /** true: escalated at least once (escalation level above 0). */
  escalated: booleanQuery.optional(),
};

export const ALERT_QUEUE_SORTS = ['received', 'severity'] as const;

export const listAlertsQuery = z.strictObject({
  ...alertFilterFields,
  /** received: newest first; severity: critical first (unrated last), then newest. */
  sort: z.enum(ALERT_QUEUE_SORTS).default('received'),
  limit,
  cursor: cursor.optional(),
});
export type ListAlertsQuery = z.infer<typeof listAlertsQuery>;

/** An alert in a list: no text, no sender, no exact place. */
export const alertSummary = z.object({
  id: uuid,
  reference: z.string(),
  channel: z.enum(ALERT_CHANNEL_KINDS),
  channelId: uuid.nullable(),
  state: z.enum(ALERT_STATES),
  severity: z.enum(ALERT_SEVERITIES).nullable(),
  focalPointId: uuid.nullable(),
  unknownSender: z.boolean(),
  areaId: uuid.nullable(),
  areaSource: z.string().nullable(),
  hasLocation: z.boolean(),
  categories: z.array(z.string()),
  peopleAtRisk: z.number().int().nullable(),
  perpetratorType: z.string().nullable(),
  warnings: z.array(z.string()),
  observedAt: isoDateTime.nullable(),
  receivedAt: isoDateTime,
  /** No area yet: the alert waits in the locating queue. */
  needsLocating: z.boolean(),
  assignedUserId: uuid.nullable(),
  assignedTeam: z.string().nullable(),
  /** The live edit lock, if any (an expired lock is shown as none). */
  lock: z.object({ userId: uuid, until: isoDateTime }).nullable(),
  mergedIntoId: uuid.nullable(),
  acknowledgedAt: isoDateTime.nullable(),
  verifiedAt: isoDateTime.nullable(),
  /** When the first response task was done. */
  respondedAt: isoDateTime.nullable(),
  closedAt: isoDateTime.nullable(),
  escalationLevel: z.number().int(),
  incidentId: uuid.nullable(),
  version: z.number().int(),
});
export type AlertSummary = z.infer<typeof alertSummary>;
export const alertList = listOf(alertSummary);

/** A photo sent with the alert form: described, never inlined (GET …/attachments/:id gives the bytes). */
export const alertAttachment = z.object({
  id: uuid,
  contentType: z.string(),
  /** EVD-1: of the bytes as received. */
  sizeBytes: z.number().int(),
  sha256: z.string(),
  /** Of the bytes kept, after location and device metadata were removed (MIN-3). */
  storedSha256: z.string().nullable(),
  metadataRemoved: z.array(z.string()),
  receivedAt: isoDateTime,
});
export type AlertAttachment = z.infer<typeof alertAttachment>;

/** EVD-1: when a photo came and every time someone opened it. */
export const attachmentCustody = z.object({
  id: uuid,
  sha256: z.string(),
  storedSha256: z.string().nullable(),
  receivedAt: isoDateTime,
  events: z.array(z.object({ action: z.string(), actorUserId: uuid.nullable(), actorTokenId: uuid.nullable(), occurredAt: isoDateTime })),
});
export type AttachmentCustody = z.infer<typeof attachmentCustody>;

export const alertAttachmentParams = z.object({ id: uuid, attachmentId: uuid });

/** One alert with what it says opened (audited). The sender's number is not shown here. */
export const alertView = alertSummary.extend({
  text: z.string().nullable(),
  location: z.object({ lat: z.number(), lon: z.number(), accuracy: z.number().nullable().optional() }).nullable(),
  attachments: z.array(alertAttachment),
  events: z.array(
    z.object({
      kind: z.enum(ALERT_EVENT_KINDS),
      fromState: z.string().nullable(),
      toState: z.string(),
      actorUserId: uuid.nullable(),
      occurredAt: isoDateTime,
      /** Non-identifying particulars: { severity }, { team, userId }, { intoId }, { taskId, status }... */
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type AlertView = z.infer<typeof alertView>;

export const channelIdParams = z.object({ channelId: z.string().max(100) });

/**
 * A gateway webhook's answer, in the gateway's own format: TwiML (Twilio), the SMSSync and
 * FrontlineSMS JSON payloads, `{ accepted, reference, duplicate, acknowledgement }` (generic),
 * or an empty body (Vonage, Africa's Talking). Sent as text with its own content type.
 */
export const smsWebhookReply = z.string().describe("The gateway's reply body: TwiML, JSON or empty, per gateway");
