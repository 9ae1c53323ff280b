/**
 * Community alerts (issue 4, DESIGN capability 3): intake from every channel, the channels'
 * configuration, the focal point register, and the coordinators' alert list.
 *
 * receiveAlert is the one door every channel goes through (SMS gateways, the generic webhook,
 * OpenRosa submissions, later the web form and the hotline): it dedupes on (channel, message
 * id) (REL-2), finds the focal point by the keyed hash of the sender (never the number
 * itself), resolves the area when the message names one, seals what was said (STO-1) and
 * audits the intake without identifying values (AUD-1).
 */
import { detectIdentifyingText } from '../../../core/alerts';
import { gridPointOf } from '../../../core/alerts/map';
import { hiddenDenial, invalid } from '../../../core/errors';
import type { AlertSummary, AlertView, ListAlertsQuery } from '../../../core/schemas/alerts';
import type { Executor } from '../../db/database';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import {
  alertsLocation,
  alertsRaw,
  alertsSender,
  alertsText,
} from '../../platform/crypto/columns';
import {
  ALERT_CHANNEL_KINDS,
  canTriageAlerts,
  isSmsChannel,
  newAlertReference,
  pickNamedArea,
  placeCandidates,
  type AlertChannelKind,
} from './policy';
import { presentAlert } from './present';
import { SENDER_HASH_PURPOSE, senderHashText } from '../../platform/crypto/lookup-columns';
import { describeAlertAttachments } from '../openrosa/attachments';
import * as store from './store';
import { listAlertQueue } from './views';

export type AlertRow = store.AlertRow;

export interface ReceiveAlertInput {
  organisationId: string;
  channel: AlertChannelKind;
  /** The alert_channels row it came through; null for channels without one (web, hotline). */
  channelId: string | null;
  /** The dedupe key, per channel: the gateway's message id, the OpenRosa instanceID. */
  providerMessageId: string | null;
  /** Phone number (E.164 when known) or focal point token id; stored only hashed and sealed. */
  senderIdentity: string | null;
  /** Kind of senderIdentity; by default 'phone' on SMS channels, 'token' on others. */
  senderKind?: 'phone' | 'token';
  /** Known already (OpenRosa token of a focal point); else found by the sender's hash. */
  focalPointId: string | null;
  text: string | null;
  /** The whole message as received, sealed for evidence. */
  raw: string;
  areaCode: string | null;
  location: { lat: number; lon: number; accuracy?: number | null | undefined } | null;
  observedAt: string | null;
  categories: string[];
  peopleAtRisk: number | null;
  perpetratorType: string | null;
  /** Parser warnings; identifying-text warnings on `text` are added here. */
  warnings: string[];
  /** When the channel received it (gateway time); default now. */
  receivedAt?: string | null | undefined;
}

/** REL-4: bounds on what one alert may hold, whoever the caller. */
export const ALERT_LIMITS = {
  maxTextChars: 10_000,
  maxRawChars: 1_000_000,
  maxIdentityChars: 128,
  maxCategories: 30,
  maxWarnings: 30,
  maxLabelChars: 64,
} as const;

const LABEL = /^[a-z0-9_.:-]{1,64}$/;

/**
 * Keyed hashes of a sender's identity within an organisation, current master key's first:
 * store the first, look up by all. Never the identity itself.
 */
export function senderHashes(ctx: AppContext, organisationId: string, kind: 'phone' | 'token', identity: string): string[] {
  return ctx.cipher.lookupHashes(SENDER_HASH_PURPOSE, senderHashText(organisationId, kind, identity));
}

function checkInput(input: ReceiveAlertInput): void {
  if (!(ALERT_CHANNEL_KINDS as readonly string[]).includes(input.channel)) throw invalid('alerts.channel_invalid', 'channel is not a known alert channel.', 'channel');
  if (input.providerMessageId !== null && (input.providerMessageId.length === 0 || input.providerMessageId.length > 256))
    throw invalid('alerts.message_id_invalid', 'providerMessageId must be 1 to 256 characters.', 'providerMessageId');
  if (input.senderIdentity !== null && (input.senderIdentity.length === 0 || input.senderIdentity.length > ALERT_LIMITS.maxIdentityChars))
    throw invalid('alerts.sender_invalid', `senderIdentity must be 1 to ${ALERT_LIMITS.maxIdentityChars} characters.`, 'senderIdentity');
  if (input.text !== null && input.text.length > ALERT_LIMITS.maxTextChars)
    throw invalid('alerts.text_too_long', `text must be at most ${ALERT_LIMITS.maxTextChars} characters.`, 'text');
  if (input.raw.length > ALERT_LIMITS.maxRawChars) throw invalid('alerts.raw_too_long', 'The message is too large.', 'raw');
  if (input.categories.length > ALERT_LIMITS.maxCategories || !input.categories.every((c) => LABEL.test(c)))
    throw invalid('alerts.categories_invalid', 'categories must be short lower-case names.', 'categories');
  if (input.warnings.length > ALERT_LIMITS.maxWarnings || !input.warnings.every((w) => LABEL.test(w)))
    throw invalid('alerts.warnings_invalid', 'warnings must be short lower-case names.', 'warnings');
  if (input.perpetratorType !== null && !LABEL.test(input.perpetratorType)) throw invalid('alerts.perpetrator_invalid', 'perpetratorType must be a short name.', 'perpetratorType');
  if (input.peopleAtRisk !== null && !(Number.isInteger(input.peopleAtRisk) && input.peopleAtRisk >= 0 && input.peopleAtRisk <= 1_000_000))
    throw invalid('alerts.people_invalid', 'peopleAtRisk must be a whole number from 0 to 1000000.', 'peopleAtRisk');
  if (input.areaCode !== null && (input.areaCode.length === 0 || input.areaCode.length > 64)) throw invalid('alerts.area_code_invalid', 'areaCode must be 1 to 64 characters.', 'areaCode');
  if (input.location !== null) {
    const { lat, lon, accuracy } = input.location;
    if (!(Number.isFinite(lat) && lat >= -90 && lat <= 90)) throw invalid('alerts.location_invalid', 'location.lat must be from -90 to 90.', 'location.lat');
    if (!(Number.isFinite(lon) && lon >= -180 && lon <= 180)) throw invalid('alerts.location_invalid', 'location.lon must be from -180 to 180.', 'location.lon');
    if (accuracy !== undefined && accuracy !== null && !(Number.isFinite(accuracy) && accuracy >= 0)) throw invalid('alerts.location_invalid', 'location.accuracy must be metres.', 'location.accuracy');
  }
}

function readInstant(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw invalid('alerts.time_invalid', `${field} must be an ISO 8601 date and time.`, field);
  return new Date(ms);
}

async function uniqueReference(trx: Executor, organisationId: string): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const reference = newAlertReference();
    if (!(await store.referenceTaken(trx, organisationId, reference))) return reference;
  }
  throw new Error('Could not draw an unused alert reference.');
}

/** The area an alert names: its area code if known, else a P-code or exact area name in its text. */
async function resolveArea(trx: Executor, areaCode: string | null, text: string | null): Promise<{ areaId: string | null; source: 'code' | 'text' | null }> {
  if (areaCode !== null) {
    const area = await store.findAreaByCode(trx, areaCode.trim());
    if (area) return { areaId: area.id, source: 'code' };
  }
  if (text) {
    const { codes, phrases } = placeCandidates(text);
    const areaId = pickNamedArea(await store.findAreasNamed(trx, codes, phrases));
    if (areaId) return { areaId, source: 'text' };
  }
  return { areaId: null, source: null };
}

/**
 * Stores one alert from any channel, in the caller's transaction `trx`. Idempotent on
 * (channel id, provider message id): a replay returns the first alert with duplicate: true and
 * writes nothing (REL-2). Unknown senders are accepted and marked (unknown_sender), as are
 * senders whose focal point is disabled.
 */
export async function receiveAlert(ctx: AppContext, trx: Executor, input: ReceiveAlertInput): Promise<{ alert: AlertRow; duplicate: boolean }> {
  checkInput(input);
  const { organisationId } = input;
  if (input.providerMessageId !== null) {
    const existing = await store.findAlertByMessage(trx, organisationId, input.channel, input.channelId, input.providerMessageId);
    if (existing) return { alert: existing, duplicate: true };
  }

  const senderKind = input.senderKind ?? (isSmsChannel(input.channel) ? 'phone' : 'token');
  const hashes = input.senderIdentity === null ? [] : senderHashes(ctx, organisationId, senderKind, input.senderIdentity);
  let focalPointId: string | null = null;
  if (input.focalPointId !== null) {
    const focalPoint = await store.findFocalPoint(trx, organisationId, input.focalPointId);
    if (!focalPoint) throw invalid('alerts.focal_point_unknown', 'focalPointId is not a focal point of this organisation.', 'focalPointId');
    if (focalPoint.enabled) focalPointId = focalPoint.id;
  } else if (hashes.length > 0) {
    const focalPoint = await store.findFocalPointByIdentity(trx, organisationId, senderKind, hashes);
    if (focalPoint?.enabled) focalPointId = focalPoint.id;
  }

  const text = input.text;
  const warnings = new Set(input.warnings);
  if (text) for (const warning of detectIdentifyingText(text)) warnings.add(`identifying_text.${warning.reason}`);
  const { areaId, source } = await resolveArea(trx, input.areaCode, text);

  const grid = input.location === null ? null : gridPointOf(input.location);
  const now = new Date();
  const id = crypto.randomUUID();
  const row = await store.insertAlertIfNew(trx, {
    id,
    organisation_id: organisationId,
    reference: await uniqueReference(trx, organisationId),
    channel: input.channel,
    channel_id: input.channelId,
    provider_message_id: input.providerMessageId,
    sender_hash: hashes[0] ?? null,
    sender_sealed: input.senderIdentity === null ? null : await alertsSender.seal(ctx.cipher, trx, organisationId, id, input.senderIdentity),
    focal_point_id: focalPointId,
    unknown_sender: focalPointId === null,
    state: 'new',
    area_id: areaId,
    area_source: source,
    location_sealed: input.location === null ? null : await alertsLocation.seal(ctx.cipher, trx, organisationId, id, JSON.stringify(input.location)),
    // The plain 0.01 degree copy the map clusters on (about 1 km); the exact point stays sealed.
    grid_lat: grid?.lat ?? null,
    grid_lon: grid?.lon ?? null,
    text_sealed: text === null ? null : await alertsText.seal(ctx.cipher, trx, organisationId, id, text),
    raw_sealed: await alertsRaw.seal(ctx.cipher, trx, organisationId, id, input.raw),
    categories: [...new Set(input.categories)],
    people_at_risk: input.peopleAtRisk,
    perpetrator_type: input.perpetratorType,
    warnings: [...warnings].slice(0, ALERT_LIMITS.maxWarnings),
    observed_at: readInstant(input.observedAt, 'observedAt'),
    received_at: readInstant(input.receivedAt, 'receivedAt') ?? now,
    created_at: now,
    updated_at: now,
  });
  if (!row) {
    // A concurrent delivery of the same message won the unique index.
    const existing = input.providerMessageId === null ? undefined : await store.findAlertByMessage(trx, organisationId, input.channel, input.channelId, input.providerMessageId);
    if (!existing) throw new Error('An alert insert conflicted, but no alert holds its message id.');
    return { alert: existing, duplicate: true };
  }
  await store.insertAlertEvent(trx, { organisationId, alertId: row.id, fromState: null, toState: 'new', actorUserId: null, occurredAt: now });
  await recordAudit(trx, {
    action: 'alert.receive',
    resourceType: 'alert',
    resourceId: row.id,
    organisationId,
    details: { channel: input.channel, channelId: input.channelId, unknownSender: row.unknown_sender, areaResolved: areaId !== null, warnings: row.warnings.length },
  });
  return { alert: row, duplicate: false };
}

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
