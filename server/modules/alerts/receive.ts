/**
 * receiveAlerts is the one door every channel goes through (SMS gateways, the generic webhook,
 * OpenRosa submissions, the web form and the hotline): it dedupes on (channel, message id)
 * (REL-2), finds the focal point by the keyed hash of the sender (never the number itself),
 * resolves the area when the message names one, seals what was said (STO-1) and audits the
 * intake without identifying values (AUD-1).
 *
 * It takes many alerts at once: the intake's group commit (server/platform/group-commit.ts)
 * hands it every alert that arrived while the previous batch was being written, and a batch
 * costs a handful of statements whatever its size (one key read, one focal point lookup, two
 * area lookups, and one statement that inserts the alerts, their first events and audit rows).
 */
import { detectIdentifyingText } from '../../../core/alerts';
import { gridPointOf } from '../../../core/alerts/map';
import { invalid } from '../../../core/errors';
import type { Executor } from '../../db/database';
import type { AppContext } from '../../platform/context';
import { alertsLocation, alertsRaw, alertsSender, alertsText } from '../../platform/crypto/columns';
import { SENDER_HASH_PURPOSE, senderHashText } from '../../platform/crypto/lookup-columns';
import type { ItemOutcome } from '../../platform/group-commit';
import { ALERT_CHANNEL_KINDS, isSmsChannel, newAlertReference, pickNamedArea, placeCandidates, type AlertChannelKind } from './policy';
import * as receiveStore from './receive-store';
import * as store from './store';

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
  /** The signed-in user who sent it (web form, hotline): a known sender, the first event's actor. */
  reporterUserId?: string | null | undefined;
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

export interface ReceivedAlert {
  alert: AlertRow;
  /** The same message was stored before: `alert` is that first alert, nothing was written. */
  duplicate: boolean;
  /** The sender's focal point, when known and enabled (its languages choose the reply's). */
  focalPoint: store.FocalPointRow | null;
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
/** A fresh reference is drawn this many times before a batch gives up on an item. */
const REFERENCE_ATTEMPTS = 8;

/**
 * Keyed hashes of a sender's identity within an organisation, current master key's first:
 * store the first, look up by all. Never the identity itself.
 */
export function senderHashes(ctx: AppContext, organisationId: string, kind: 'phone' | 'token', identity: string): string[] {
  return ctx.cipher.lookupHashes(SENDER_HASH_PURPOSE, senderHashText(organisationId, kind, identity));
}

/** Throws the 4xx naming the field when an input is out of bounds (REL-4). */
export function checkAlertInput(input: ReceiveAlertInput): void {
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
  readInstant(input.observedAt, 'observedAt');
  readInstant(input.receivedAt, 'receivedAt');
}

function readInstant(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw invalid('alerts.time_invalid', `${field} must be an ISO 8601 date and time.`, field);
  return new Date(ms);
}

/** What one input becomes before the batch's statements: hashes, places to look up, warnings. */
interface Prepared {
  index: number;
  input: ReceiveAlertInput;
  senderKind: 'phone' | 'token';
  hashes: string[];
  areaCode: string | null;
  textPlaces: { codes: string[]; phrases: string[] };
  warnings: string[];
}

function prepare(ctx: AppContext, input: ReceiveAlertInput, index: number): Prepared {
  checkAlertInput(input);
  const senderKind = input.senderKind ?? (isSmsChannel(input.channel) ? 'phone' : 'token');
  const warnings = new Set(input.warnings);
  if (input.text) for (const warning of detectIdentifyingText(input.text)) warnings.add(`identifying_text.${warning.reason}`);
  return {
    index,
    input,
    senderKind,
    hashes: input.senderIdentity === null ? [] : senderHashes(ctx, input.organisationId, senderKind, input.senderIdentity),
    areaCode: input.areaCode === null ? null : input.areaCode.trim().toUpperCase(),
    textPlaces: input.text ? placeCandidates(input.text) : { codes: [], phrases: [] },
    warnings: [...warnings].slice(0, ALERT_LIMITS.maxWarnings),
  };
}

/** The area an alert names: its area code if known, else a P-code or exact area name in its text. */
function pickArea(item: Prepared, areas: receiveStore.AreaMatches): { areaId: string | null; source: 'code' | 'text' | null } {
  if (item.areaCode !== null) {
    const byCode = areas.byCode.get(item.areaCode);
    if (byCode) return { areaId: byCode.id, source: 'code' };
  }
  const candidates = [
    ...item.textPlaces.codes.flatMap((code) => { const a = areas.byCode.get(code); return a ? [{ ...a, by: 'code' as const }] : []; }),
    ...item.textPlaces.phrases.flatMap((phrase) => (areas.byName.get(phrase) ?? []).map((a) => ({ ...a, by: 'name' as const }))),
  ];
  const areaId = pickNamedArea(candidates);
  return areaId ? { areaId, source: 'text' } : { areaId: null, source: null };
}

/** The focal point of each item: named (OpenRosa) or found by its sender's hash; disabled ones count as unknown. */
async function findFocalPoints(trx: Executor, items: readonly Prepared[]): Promise<Map<number, store.FocalPointRow | null | 'unknown_id'>> {
  const found = new Map<number, store.FocalPointRow | null | 'unknown_id'>();
  const byOrganisation = new Map<string, Prepared[]>();
  for (const item of items) byOrganisation.set(item.input.organisationId, [...(byOrganisation.get(item.input.organisationId) ?? []), item]);
  for (const [organisationId, group] of byOrganisation) {
    const named = group.filter((i) => i.input.focalPointId !== null).map((i) => i.input.focalPointId!);
    const byId = new Map((await receiveStore.findFocalPointsById(trx, organisationId, named)).map((f) => [f.id, f]));
    const hashed = group.filter((i) => i.input.focalPointId === null && i.hashes.length > 0);
    const byHash = await receiveStore.findFocalPointsByIdentity(trx, organisationId, hashed.flatMap((i) => i.hashes.map((hash) => ({ kind: i.senderKind, hash }))));
    for (const item of group) {
      if (item.input.focalPointId !== null) {
        const row = byId.get(item.input.focalPointId);
        found.set(item.index, row === undefined ? 'unknown_id' : row.enabled ? row : null);
      } else {
        const row = item.hashes.map((hash) => byHash.get(`${item.senderKind}:${hash}`)).find((r) => r !== undefined);
        found.set(item.index, row?.enabled ? row : null);
      }
    }
  }
  return found;
}

/**
 * Stores many alerts from any channels in the caller's transaction `trx`, one outcome per
 * input, in order. Idempotent on (channel, provider message id): a replay answers the first
 * alert with duplicate: true and writes nothing (REL-2). Unknown senders are accepted and
 * marked (unknown_sender), as are senders whose focal point is disabled. An input out of
 * bounds gets its own 4xx outcome; the others are stored.
 */
export async function receiveAlerts(ctx: AppContext, trx: Executor, inputs: readonly ReceiveAlertInput[]): Promise<ItemOutcome<ReceivedAlert>[]> {
  const outcomes: ItemOutcome<ReceivedAlert>[] = new Array(inputs.length);
  const items: Prepared[] = [];
  inputs.forEach((input, index) => {
    try {
      items.push(prepare(ctx, input, index));
    } catch (error) {
      outcomes[index] = { ok: false, error };
    }
  });
  if (items.length === 0) return outcomes;

  const focalPoints = await findFocalPoints(trx, items);
  const areas = await receiveStore.findAreaMatches(trx, [
    ...items.flatMap((i) => (i.areaCode === null ? [] : [i.areaCode])),
    ...items.flatMap((i) => i.textPlaces.codes),
  ], items.flatMap((i) => i.textPlaces.phrases));
  const sealers = new Map<string, Awaited<ReturnType<AppContext['cipher']['organisationSealer']>>>();
  for (const organisationId of new Set(items.map((i) => i.input.organisationId))) sealers.set(organisationId, await ctx.cipher.organisationSealer(trx, organisationId));

  const now = new Date();
  const rows = new Map<number, Parameters<typeof receiveStore.insertAlertsIfNew>[1][number]>();
  for (const item of items) {
    const focalPoint = focalPoints.get(item.index);
    if (focalPoint === 'unknown_id') {
      outcomes[item.index] = { ok: false, error: invalid('alerts.focal_point_unknown', 'focalPointId is not a focal point of this organisation.', 'focalPointId') };
      continue;
    }
    const { input } = item;
    const seal = sealers.get(input.organisationId)!;
    const id = crypto.randomUUID();
    const { areaId, source } = pickArea(item, areas);
    const grid = input.location === null ? null : gridPointOf(input.location);
    rows.set(item.index, {
      id,
      organisation_id: input.organisationId,
      reference: newAlertReference(),
      channel: input.channel,
      channel_id: input.channelId,
      provider_message_id: input.providerMessageId,
      sender_hash: item.hashes[0] ?? null,
      sender_sealed: input.senderIdentity === null ? null : alertsSender.sealWith(seal, id, input.senderIdentity),
      focal_point_id: focalPoint?.id ?? null,
      unknown_sender: !focalPoint && !input.reporterUserId,
      state: 'new',
      area_id: areaId,
      area_source: source,
      location_sealed: input.location === null ? null : alertsLocation.sealWith(seal, id, JSON.stringify(input.location)),
      // The plain 0.01 degree copy the map clusters on (about 1 km); the exact point stays sealed.
      grid_lat: grid?.lat ?? null,
      grid_lon: grid?.lon ?? null,
      text_sealed: input.text === null ? null : alertsText.sealWith(seal, id, input.text),
      raw_sealed: alertsRaw.sealWith(seal, id, input.raw),
      categories: [...new Set(input.categories)],
      people_at_risk: input.peopleAtRisk,
      perpetrator_type: input.perpetratorType,
      warnings: item.warnings,
      observed_at: readInstant(input.observedAt, 'observedAt'),
      received_at: readInstant(input.receivedAt, 'receivedAt') ?? now,
      created_at: now,
      updated_at: now,
    });
  }

  const reporterById = new Map([...rows.entries()].map(([index, row]) => [row.id, inputs[index]!.reporterUserId ?? null]));
  const reporterOf = (alertId: string) => reporterById.get(alertId) ?? null;
  let waiting = [...rows.keys()];
  for (let attempt = 0; waiting.length > 0; attempt++) {
    if (attempt === REFERENCE_ATTEMPTS) throw new Error('Could not draw unused alert references.');
    const inserted = new Map((await receiveStore.insertAlertsIfNew(trx, waiting.map((index) => rows.get(index)!), { occurredAt: now, reporterOf })).map((row) => [row.id, row]));
    const retry: number[] = [];
    for (const index of waiting) {
      const row = rows.get(index)!;
      const insertedRow = inserted.get(row.id!);
      const focalPoint = (focalPoints.get(index) as store.FocalPointRow | null) ?? null;
      if (insertedRow) {
        outcomes[index] = { ok: true, value: { alert: insertedRow, duplicate: false, focalPoint } };
        continue;
      }
      // Not inserted: the message is stored already (a replay, or its twin in this batch),
      // or the reference drawn is taken, and another is drawn.
      const input = inputs[index]!;
      const existing = input.providerMessageId === null ? undefined : await store.findAlertByMessage(trx, input.organisationId, input.channel, input.channelId, input.providerMessageId);
      if (existing) outcomes[index] = { ok: true, value: { alert: existing, duplicate: true, focalPoint } };
      else {
        rows.set(index, { ...row, reference: newAlertReference() });
        retry.push(index);
      }
    }
    waiting = retry;
  }

  return outcomes;
}

/** Stores one alert (receiveAlerts for one input); an input out of bounds throws its 4xx. */
export async function receiveAlert(ctx: AppContext, trx: Executor, input: ReceiveAlertInput): Promise<ReceivedAlert> {
  const [outcome] = await receiveAlerts(ctx, trx, [input]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value;
}
