/**
 * SMS intake, one gateway at a time (issue 4, channels): find the channel, check that the
 * gateway is who it says (signature or shared secret, compared in constant time, STO-1),
 * normalise with core/alerts, dedupe (REL-2), rate-limit the sender, store through
 * receiveAlert and answer in the gateway's own format with an acknowledgement that carries a
 * reference and never the text (MIN-1).
 *
 * Refusals write no alert: an unknown or disabled channel is 404 (nothing revealed), a missing
 * signature 401, a wrong one 403 (both audited as denials by the error handler, AUD-1), a
 * stale signed timestamp 401, an invalid payload 400 naming the field (REL-4).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  buildSmsReply,
  fallbackDedupeKey,
  genericSignedString,
  isTimestampFresh,
  normaliseInboundSms,
  readGenericSignatureHeaders,
  readPresentedSecret,
  readTwilioBodySha256,
  readVonageSignature,
  twilioSignedString,
  twilioUrlVariants,
  vonageSigningInput,
  VONAGE_SIGNATURE_METHODS,
  type FormParams,
  type InboundSms,
  type SmsReplyBody,
  type VonageSignatureMethod,
} from '../../../core/alerts';
import { forbidden, notFound, rateLimited, unauthenticated } from '../../../core/errors';
import type { Executor } from '../../db/database';
import type { AppContext } from '../../platform/context';
import { createGroupCommit, type GroupCommit, type ItemOutcome } from '../../platform/group-commit';
import { acknowledgement, smsProviderOf, type SmsChannelKind } from './policy';
import { collectFragment, markFragmentsJoined } from './fragments';
import { isKnownSender, readChannel, readChannelSecret } from './intake-cache';
import { enqueueSms } from './outbox';
import { receiveAlert, receiveAlerts, senderHashes, type AlertRow, type ReceiveAlertInput, type ReceivedAlert } from './receive';
import * as store from './store';

/** Gateways whose webhook reply is not sent to the sender: acknowledged through the outbox. */
const ACKNOWLEDGED_BY_API: ReadonlySet<SmsChannelKind> = new Set(['vonage', 'africas_talking']);

/** REL-2: how far a signed timestamp may be from our clock (generic webhook, Vonage). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export interface SmsWebhookRequest {
  gateway: SmsChannelKind;
  channelId: string;
  /** The URL as the gateway requested it (scheme, host, path, query), for Twilio. */
  url: string;
  /** The body exactly as received, when there was one. */
  rawBody: string | null;
  /** The decoded body: form fields (null-prototype record) or JSON. */
  body: unknown;
  contentKind: 'form' | 'json' | 'none';
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  nowMs: number;
}

export interface SmsWebhookResult {
  reply: SmsReplyBody;
  /** Null while a long message waits for its other fragments (fragments.ts). */
  alert: AlertRow | null;
  duplicate: boolean;
}

/** Checks the sender's rate: `known` senders (a focal point) get the looser limit. Throws when exceeded. */
export type SenderLimiter = (senderKey: string, known: boolean) => Promise<void>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Constant-time equality of two texts of any length (their digests are compared). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

const header = (headers: SmsWebhookRequest['headers'], name: string): string | undefined => {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** The channel a webhook names, if it exists, is enabled and is of this gateway; else 404. */
export async function findWebhookChannel(ctx: AppContext, gateway: SmsChannelKind, channelId: string): Promise<store.AlertChannelRow> {
  const channel = UUID.test(channelId) ? await readChannel(ctx, channelId.toLowerCase()) : undefined;
  if (!channel || channel.provider !== gateway || !channel.enabled) throw notFound('alert_channel');
  return channel;
}

const missing = (what: string) => unauthenticated('alerts.signature_missing', `${what} is missing: the request is not signed.`);
const wrong = (what: string) => forbidden('alerts.signature_invalid', `${what} does not match: check the channel's secret.`);

/** Form fields (strings, or arrays for repeated names) as the signing functions take them. */
function formParams(body: unknown): FormParams {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const params: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') params[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) params[key] = value as string[];
  }
  return params;
}

async function verify(ctx: AppContext, channel: store.AlertChannelRow, request: SmsWebhookRequest): Promise<void> {
  switch (request.gateway) {
    case 'twilio': {
      const signature = header(request.headers, 'x-twilio-signature');
      if (!signature) throw missing('X-Twilio-Signature');
      const token = await readChannelSecret(ctx, channel, 'auth');
      if (token === null) throw wrong('X-Twilio-Signature');
      let params: FormParams = {};
      if (request.contentKind === 'json') {
        // JSON bodies are signed over the URL, which carries the body's SHA-256.
        const expected = readTwilioBodySha256(request.url);
        const actual = createHash('sha256').update(request.rawBody ?? '', 'utf8').digest('hex');
        if (expected === null || !sameSecret(actual, expected)) throw wrong('bodySHA256');
      } else {
        params = formParams(request.body);
      }
      const ok = twilioUrlVariants(request.url).some((url) => sameSecret(createHmac('sha1', token).update(twilioSignedString(url, params), 'utf8').digest('base64'), signature));
      if (!ok) throw wrong('X-Twilio-Signature');
      return;
    }
    case 'vonage': {
      const secret = await readChannelSecret(ctx, channel, 'signature');
      // Without a signature secret the channel's unguessable id is the only credential.
      if (secret === null) return;
      const params = request.contentKind === 'none' ? formParams(request.query) : formParams(request.body);
      if (typeof params.sig !== 'string' || params.sig === '') throw missing('sig');
      const sig = readVonageSignature(params);
      const method = (VONAGE_SIGNATURE_METHODS as readonly string[]).includes(channel.signature_method ?? '') ? (channel.signature_method as VonageSignatureMethod) : 'md5hash';
      const input = vonageSigningInput(params, method, secret);
      const digest = input.kind === 'hash' ? createHash(input.algorithm).update(input.data, 'utf8').digest('hex') : createHmac(input.algorithm, input.key!).update(input.data, 'utf8').digest('hex');
      if (!sameSecret(digest, sig)) throw wrong('sig');
      const timestamp = params.timestamp;
      if (typeof timestamp !== 'string' || !isTimestampFresh(timestamp, request.nowMs, SIGNATURE_TOLERANCE_SECONDS))
        throw unauthenticated('alerts.signature_stale', 'The signed timestamp is missing or more than 5 minutes from our clock: a replay, or a clock to set.');
      return;
    }
    case 'africas_talking':
    case 'frontlinesms':
    case 'smssync': {
      const expected = await readChannelSecret(ctx, channel, 'shared');
      const presented = readPresentedSecret(request.body) ?? header(request.headers, 'x-weft-secret') ?? (typeof request.query.secret === 'string' && request.query.secret !== '' ? request.query.secret : null);
      if (presented === null) throw missing('secret');
      if (expected === null || !sameSecret(presented, expected)) throw wrong('secret');
      return;
    }
    case 'generic': {
      const timestamp = request.headers['x-weft-timestamp'];
      const signature = request.headers['x-weft-signature'];
      if (timestamp === undefined || timestamp === '') throw missing('X-Weft-Timestamp');
      if (signature === undefined || signature === '') throw missing('X-Weft-Signature');
      const { timestampSeconds, signatureHex } = readGenericSignatureHeaders({ timestamp, signature });
      const secret = await readChannelSecret(ctx, channel, 'signature');
      if (secret === null) throw wrong('X-Weft-Signature');
      const digest = createHmac('sha256', secret).update(genericSignedString(timestampSeconds, request.rawBody ?? ''), 'utf8').digest('hex');
      if (!sameSecret(digest, signatureHex)) throw wrong('X-Weft-Signature');
      if (!isTimestampFresh(timestampSeconds, request.nowMs, SIGNATURE_TOLERANCE_SECONDS))
        throw unauthenticated('alerts.signature_stale', 'X-Weft-Timestamp is more than 5 minutes from our clock: a replay, or a clock to set.');
      return;
    }
  }
}

/** Fields a gateway adds for signing, not part of the message. */
function messagePayload(request: SmsWebhookRequest): unknown {
  const source = request.contentKind === 'none' ? request.query : request.body;
  if (request.gateway !== 'vonage' || typeof source !== 'object' || source === null || Array.isArray(source)) return source;
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) if (key !== 'sig' && key !== 'nonce' && key !== 'timestamp') copy[key] = value;
  return copy;
}

/** The dedupe key of a message: the gateway's id, else a keyed hash of what identifies it (no phone number in clear). */
function dedupeKey(ctx: AppContext, organisationId: string, sms: InboundSms): string | null {
  if (sms.providerMessageId !== null) return sms.providerMessageId;
  const fallback = fallbackDedupeKey(sms);
  return fallback === null ? null : `h:${ctx.cipher.lookupHashes('alerts.dedupe', `${organisationId}\u0000${fallback}`)[0]!}`;
}

/** Receives one inbound SMS webhook. */
export async function receiveSmsWebhook(ctx: AppContext, request: SmsWebhookRequest, limitSender: SenderLimiter): Promise<SmsWebhookResult> {
  const channel = await findWebhookChannel(ctx, request.gateway, request.channelId);
  await verify(ctx, channel, request);
  const sms = normaliseInboundSms(smsProviderOf(request.gateway), messagePayload(request), {
    nowMs: request.nowMs,
    ...(channel.default_calling_code === null ? {} : { defaultCallingCode: channel.default_calling_code }),
  });
  if (request.gateway === 'twilio' && channel.account_id !== null && sms.extras.accountSid !== undefined && sms.extras.accountSid !== channel.account_id)
    throw forbidden('alerts.account_mismatch', 'AccountSid is not the account of this channel.');
  const organisationId = channel.organisation_id;
  const messageId = dedupeKey(ctx, organisationId, sms);
  const senderIdentity = sms.from.e164 ?? sms.from.raw;

  const answer = ({ alert, duplicate, focalPoint }: ReceivedAlert): SmsWebhookResult => {
    const message = acknowledgement(alert.reference, [...(focalPoint?.languages ?? []), channel.reply_language]);
    let reply = buildSmsReply(smsProviderOf(request.gateway), { messages: [{ to: sms.from.raw, message, uuid: alert.id }] });
    if (request.gateway === 'generic')
      reply = { ...reply, body: JSON.stringify({ accepted: true, reference: alert.reference, duplicate, acknowledgement: message }) };
    return { reply, alert, duplicate };
  };

  const hashes = senderHashes(ctx, organisationId, 'phone', senderIdentity);
  await limitSender(`${channel.id}:${hashes[0]!}`, await isKnownSender(ctx, organisationId, 'phone', hashes));
  const raw = request.rawBody ?? JSON.stringify(messagePayload(request));
  const input: ReceiveAlertInput = {
    organisationId,
    channel: request.gateway,
    channelId: channel.id,
    providerMessageId: messageId,
    senderIdentity,
    senderKind: 'phone',
    focalPointId: null,
    text: sms.text,
    raw,
    areaCode: null,
    location: null,
    observedAt: null,
    categories: [],
    peopleAtRisk: null,
    perpetratorType: null,
    warnings: [],
    receivedAt: sms.receivedAt,
  };
  // Vonage and Africa's Talking ignore a webhook's reply body: the acknowledgement goes out
  // through their send API, from the number the alert was sent to (outbox.ts).
  const ackSender = ACKNOWLEDGED_BY_API.has(request.gateway) ? { sender: sms.to?.raw ?? null, replyLanguage: channel.reply_language } : null;

  if (sms.parts === undefined || sms.parts.total <= 1) return answer(await smsBatch(ctx).submit({ input, ackSender }));

  // A fragment of a longer message: kept until the message is whole (fragments.ts).
  const fragment = { ...sms, parts: sms.parts };
  const result = await ctx.db.transaction().execute(async (trx) => {
    const collected = await collectFragment(ctx, trx, { organisationId, channelId: channel.id, senderHash: hashes[0]!, senderIdentity, sms: fragment, raw });
    if (collected.kind === 'waiting') return null;
    if (collected.kind === 'duplicate') return { alert: (await store.findAlert(trx, organisationId, collected.alertId))!, duplicate: true, focalPoint: null };
    const received = await receiveAlert(ctx, trx, { ...input, text: collected.text, raw: collected.raw, receivedAt: collected.receivedAt, providerMessageId: collected.messageKey });
    await markFragmentsJoined(trx, collected.fragmentIds, received.alert.id);
    await acknowledgeByApi(ctx, trx, input, received, ackSender);
    return received;
  });
  if (result === null) return { reply: buildSmsReply(smsProviderOf(request.gateway), { messages: [] }), alert: null, duplicate: false };
  return answer(result);
}

interface SmsBatchItem {
  input: ReceiveAlertInput;
  /** Set when the gateway acknowledges through its send API: the number to send from. */
  ackSender: { sender: string | null; replyLanguage: string } | null;
}

async function acknowledgeByApi(ctx: AppContext, trx: Executor, input: ReceiveAlertInput, received: ReceivedAlert, ackSender: SmsBatchItem['ackSender']): Promise<void> {
  if (received.duplicate || ackSender === null || input.channelId === null || input.senderIdentity === null) return;
  await enqueueSms(ctx, trx, {
    organisationId: input.organisationId,
    channelId: input.channelId,
    purpose: 'acknowledgement',
    alertId: received.alert.id,
    taskId: null,
    recipient: input.senderIdentity,
    body: acknowledgement(received.alert.reference, [...(received.focalPoint?.languages ?? []), ackSender.replyLanguage]),
    sender: ackSender.sender,
  });
}

/** Batches of SMS alerts in flight at once, and their size; see group-commit.ts. */
export const SMS_BATCH = { maxItems: 250, maxConcurrentBatches: 2 } as const;
const smsBatches = new WeakMap<object, GroupCommit<SmsBatchItem, ReceivedAlert>>();

/** The group commit of this database's SMS intake: every alert answered after its batch commits (REL-1). */
function smsBatch(ctx: AppContext): GroupCommit<SmsBatchItem, ReceivedAlert> {
  let batch = smsBatches.get(ctx.db);
  if (!batch) {
    batch = createGroupCommit(
      (items) =>
        ctx.db.transaction().execute(async (trx): Promise<ItemOutcome<ReceivedAlert>[]> => {
          const outcomes = await receiveAlerts(ctx, trx, items.map((item) => item.input));
          for (const [i, outcome] of outcomes.entries()) if (outcome.ok) await acknowledgeByApi(ctx, trx, items[i]!.input, outcome.value, items[i]!.ackSender);
          return outcomes;
        }),
      SMS_BATCH,
    );
    smsBatches.set(ctx.db, batch);
  }
  return batch;
}

/** The sender limiter's refusal. */
export const senderRateLimited = () => rateLimited('alerts.sender_rate_limited', 'Too many messages from this sender; wait a few minutes.');
