/**
 * SMSSync's side of the outbox. The phone polls for what to send and, with its Message
 * Results API on, reports back (the protocol: core/alerts/sms/smssync-results.ts):
 * - GET ?task=send&secret=…: the channel's pending messages, each marked sent as handed over;
 * - POST ?task=sent: which of the messages it took the phone should send. The app sends no
 *   secret with this one, so it is answered without one: it changes nothing, and answers only
 *   ids the caller already holds that are still handed over to this channel. A secret that is
 *   sent must match;
 * - GET ?task=result&secret=…: the messages handed over in the last REPORT_WINDOW_DAYS that
 *   still wait for a report;
 * - POST ?task=result&secret=…: per message, delivered (with delivered_at) or failed (with the
 *   reason), from 'sent' only; each change audited (AUD-1).
 * Unknown, disabled or another gateway's channel: 404; a missing or wrong secret: 401
 * (compared in constant time, STO-1).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readSmsSyncQueued, readSmsSyncResults } from '../../../core/alerts';
import { invalid, notFound, unauthenticated } from '../../../core/errors';
import { smsSyncReportQuery, type SmsSyncUuidsAnswer } from '../../../core/schemas/alert-response';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext } from '../../platform/context';
import { alertChannelsSharedSecret, smsOutboxBody, smsOutboxRecipient } from '../../platform/crypto/columns';
import * as smsSyncStore from './outbox-smssync-store';
import * as responseStore from './response-store';
import * as store from './store';

/** Messages one SMSSync poll takes. */
export const SMSSYNC_BATCH = 20;
/** How far back GET ?task=result looks for messages without a report, and how many it names. */
export const REPORT_WINDOW_DAYS = 7;
export const REPORT_BATCH = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export interface SmsSyncTaskAnswer {
  payload: { task: 'send'; secret: string; messages: Array<{ to: string; message: string; uuid: string }> };
}
export interface SmsSyncReportAnswer {
  payload: { success: true; error: null };
}

/** The enabled SMSSync channel `channelId`, else 404 as the inbound webhook answers (intake.ts). */
async function smsSyncChannel(ctx: AppContext, channelId: string): Promise<store.AlertChannelRow> {
  const channel = UUID.test(channelId) ? await store.findChannel(ctx.db, channelId) : undefined;
  if (!channel || channel.provider !== 'smssync' || !channel.enabled) throw notFound('alert_channel');
  return channel;
}

/** The channel's shared secret once `presented` matches it; a missing one is refused only when `required`. */
async function checkSecret(ctx: AppContext, channel: store.AlertChannelRow, presented: string | undefined, required: boolean): Promise<string | null> {
  const expected = await alertChannelsSharedSecret.open(ctx.cipher, ctx.db, channel.organisation_id, channel.id, channel.shared_secret_sealed);
  if (!presented) {
    if (required) throw unauthenticated('alerts.signature_missing', 'secret is missing: set the secret key in the SMSSync app.');
    return null;
  }
  if (expected === null || !timingSafeEqual(digest(presented), digest(expected)))
    throw unauthenticated('alerts.secret_invalid', "secret does not match: check the channel's shared secret in the SMSSync app.");
  return expected;
}

/** SMSSync's task poll (GET ?task=send): the channel's pending messages, each marked sent as it is handed to the phone. */
export async function pullSmsSyncMessages(ctx: AppContext, channelId: string, presentedSecret: string | undefined): Promise<SmsSyncTaskAnswer> {
  const channel = await smsSyncChannel(ctx, channelId);
  const secret = (await checkSecret(ctx, channel, presentedSecret, true))!;
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await responseStore.takePendingOfChannel(trx, channel.id, SMSSYNC_BATCH);
    const messages: SmsSyncTaskAnswer['payload']['messages'] = [];
    const now = new Date();
    for (const row of rows) {
      const to = (await smsOutboxRecipient.open(ctx.cipher, trx, row.organisation_id, row.id, row.recipient_sealed)) ?? '';
      const message = (await smsOutboxBody.open(ctx.cipher, trx, row.organisation_id, row.id, row.body_sealed)) ?? '';
      messages.push({ to, message, uuid: row.id });
      await responseStore.settleOutbox(trx, row.id, { status: 'sent', transport: 'smssync', attempts: row.attempts + 1, sent_at: now, last_error: null });
    }
    await recordAudit(trx, {
      action: 'sms_outbox.pull',
      resourceType: 'alert_channel',
      resourceId: channel.id,
      organisationId: channel.organisation_id,
      details: { count: messages.length },
    });
    return { payload: { task: 'send', secret, messages } };
  });
}

/** GET ?task=result: the messages handed to this channel's phone lately that still wait for a report. */
export async function listSmsSyncAwaitingReport(ctx: AppContext, channelId: string, presentedSecret: string | undefined, nowMs = Date.now()): Promise<SmsSyncUuidsAnswer> {
  const channel = await smsSyncChannel(ctx, channelId);
  await checkSecret(ctx, channel, presentedSecret, true);
  const since = new Date(nowMs - REPORT_WINDOW_DAYS * 24 * 3_600_000);
  return { message_uuids: await smsSyncStore.listAwaitingReport(ctx.db, channel.id, since, REPORT_BATCH) };
}

/** GET on the sync URL: the poll (task=send) or the messages awaiting a report (task=result). */
export async function answerSmsSyncGet(ctx: AppContext, channelId: string, query: { task: 'send' | 'result'; secret?: string | undefined }): Promise<SmsSyncTaskAnswer | SmsSyncUuidsAnswer> {
  return query.task === 'send' ? pullSmsSyncMessages(ctx, channelId, query.secret) : listSmsSyncAwaitingReport(ctx, channelId, query.secret);
}

/** POST ?task=sent: of the messages the phone queued, those it should send (still handed over to this channel). */
export async function answerSmsSyncQueued(ctx: AppContext, channelId: string, presentedSecret: string | undefined, body: unknown): Promise<SmsSyncUuidsAnswer> {
  const channel = await smsSyncChannel(ctx, channelId);
  await checkSecret(ctx, channel, presentedSecret, false);
  const queued = readSmsSyncQueued(body);
  return { message_uuids: await smsSyncStore.findHandedOver(ctx.db, channel.id, queued) };
}

/** POST ?task=result: records delivered and failed messages; a message without a conclusive report stays sent. */
export async function recordSmsSyncResults(ctx: AppContext, channelId: string, presentedSecret: string | undefined, body: unknown): Promise<SmsSyncReportAnswer> {
  const channel = await smsSyncChannel(ctx, channelId);
  await checkSecret(ctx, channel, presentedSecret, true);
  const reports: smsSyncStore.OutboxReport[] = [];
  for (const { uuid, outcome } of readSmsSyncResults(body)) {
    if (outcome.kind === 'delivered') reports.push({ id: uuid, status: 'delivered', lastError: null });
    else if (outcome.kind === 'failed') reports.push({ id: uuid, status: 'failed', lastError: outcome.reason });
  }
  await ctx.db.transaction().execute(async (trx) => {
    const settled = await smsSyncStore.settleReported(trx, channel.id, reports, new Date());
    if (settled.length === 0) return;
    await recordAudit(
      trx,
      ...settled.map((row) => ({
        action: 'sms_outbox.report',
        resourceType: 'sms_outbox',
        resourceId: row.id,
        organisationId: row.organisation_id,
        details: { status: row.status, transport: 'smssync', channelId: channel.id },
      })),
    );
  });
  return { payload: { success: true, error: null } };
}

/** Whether a POST to the SMSSync sync URL is one of the Message Results API's (?task=sent|result), not an inbound SMS. */
export const isSmsSyncReport = (query: unknown): boolean =>
  typeof query === 'object' && query !== null && typeof (query as { task?: unknown }).task === 'string' && (query as { task: string }).task !== '';

/**
 * A POST ?task=… to the SMSSync sync URL (the inbound route hands these here), answered as the
 * JSON text SMSSync reads. An unknown task is a 400 naming `query.task`.
 */
export async function receiveSmsSyncReport(ctx: AppContext, channelId: string, query: unknown, body: unknown): Promise<string> {
  const parsed = smsSyncReportQuery.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['query', ...(issue?.path ?? []).map(String)].join('.');
    throw invalid('smssync.task_invalid', `${field} ${issue?.message ?? 'is invalid'}`, field);
  }
  const { task, secret } = parsed.data;
  const answer = task === 'sent' ? await answerSmsSyncQueued(ctx, channelId, secret, body) : await recordSmsSyncResults(ctx, channelId, secret, body);
  return JSON.stringify(answer);
}
