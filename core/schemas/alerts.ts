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

export const listAlertsQuery = z.strictObject({
  state: z.enum(ALERT_STATES).optional(),
  channel: z.enum(ALERT_CHANNEL_KINDS).optional(),
  areaId: uuid.optional(),
  unknownSender: booleanQuery.optional(),
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
  severity: z.string().nullable(),
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
});
export type AlertSummary = z.infer<typeof alertSummary>;
export const alertList = listOf(alertSummary);

/** One alert with what it says opened (audited). The sender's number is not shown here. */
export const alertView = alertSummary.extend({
  text: z.string().nullable(),
  location: z.object({ lat: z.number(), lon: z.number(), accuracy: z.number().nullable().optional() }).nullable(),
  events: z.array(z.object({ fromState: z.string().nullable(), toState: z.string(), actorUserId: uuid.nullable(), occurredAt: isoDateTime })),
});
export type AlertView = z.infer<typeof alertView>;

export const channelIdParams = z.object({ channelId: z.string().max(100) });

/**
 * A gateway webhook's answer, in the gateway's own format: TwiML (Twilio), the SMSSync and
 * FrontlineSMS JSON payloads, `{ accepted, reference, duplicate, acknowledgement }` (generic),
 * or an empty body (Vonage, Africa's Talking). Sent as text with its own content type.
 */
export const smsWebhookReply = z.string().describe("The gateway's reply body: TwiML, JSON or empty, per gateway");
