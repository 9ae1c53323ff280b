/**
 * The SMS outbox: every outbound message (acknowledgements a gateway cannot carry inline,
 * task notices, escalations) is a sms_outbox row written in the transaction of what caused it,
 * with a job that delivers it (so a rolled-back change sends nothing, and a committed one is
 * sent even across a restart). Recipient and body are sealed (STO-1).
 *
 * Delivery (job 'alerts.outbox', one per message): transport 'recording' marks the message
 * recorded and sends nothing (development); 'gateway' calls the channel's send API
 * (sms-transports.ts), retrying with the job queue's backoff up to MAX_SEND_ATTEMPTS, then
 * marks it failed with a short reason (no number, no secret). SMSSync phones pull theirs and
 * report on them (outbox-smssync.ts).
 */
import { hiddenDenial } from '../../../core/errors';
import type { ListOutboxQuery, OutboxMessageView } from '../../../core/schemas/alert-response';
import type { Executor } from '../../db/database';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import {
  alertChannelsApiSecret,
  alertChannelsAuthToken,
  alertChannelsSignatureSecret,
  smsOutboxBody,
  smsOutboxRecipient,
} from '../../platform/crypto/columns';
import { enqueueJob } from '../../platform/jobs/queue';
import { registerJobHandler } from '../../platform/jobs/worker';
import { hasPermission } from '../../platform/policy';
import { maskPhone } from './policy';
import * as responseStore from './response-store';
import { sendThroughGateway, type GatewayChannel } from './sms-transports';
import * as store from './store';

export const OUTBOX_QUEUE = 'alerts.outbox';
/** Attempts through a gateway before a message is marked failed. */
export const MAX_SEND_ATTEMPTS = 5;

export interface OutgoingSms {
  organisationId: string;
  /** The channel it goes through; null when the organisation set none (it then fails, or is recorded). */
  channelId: string | null;
  purpose: 'acknowledgement' | 'task' | 'escalation';
  alertId: string | null;
  taskId: string | null;
  recipient: string;
  body: string;
  /** The number it goes out from when not the channel's own. */
  sender?: string | null;
}

/** Writes one message and its delivery job in the caller's transaction. */
export async function enqueueSms(ctx: AppContext, trx: Executor, sms: OutgoingSms): Promise<string> {
  const id = crypto.randomUUID();
  await responseStore.insertOutbox(trx, {
    id,
    organisation_id: sms.organisationId,
    channel_id: sms.channelId,
    purpose: sms.purpose,
    alert_id: sms.alertId,
    task_id: sms.taskId,
    recipient_sealed: await smsOutboxRecipient.seal(ctx.cipher, trx, sms.organisationId, id, sms.recipient),
    body_sealed: await smsOutboxBody.seal(ctx.cipher, trx, sms.organisationId, id, sms.body),
    sender: sms.sender ?? null,
  });
  // The queue's own attempts outlast ours, so the last one marks the message failed itself.
  await enqueueJob(trx, OUTBOX_QUEUE, { id }, { maxAttempts: MAX_SEND_ATTEMPTS + 1 });
  return id;
}

/** A channel with its secrets opened, as the transports take it. */
export async function gatewayChannelOf(ctx: AppContext, ex: Executor, channel: store.AlertChannelRow): Promise<GatewayChannel> {
  const open = (column: typeof alertChannelsAuthToken, stored: Uint8Array | null) => column.open(ctx.cipher, ex, channel.organisation_id, channel.id, stored);
  return {
    provider: channel.provider,
    accountId: channel.account_id,
    sender: channel.outbound_sender,
    outboundUrl: channel.outbound_url,
    authToken: await open(alertChannelsAuthToken, channel.auth_token_sealed),
    apiSecret: await open(alertChannelsApiSecret, channel.api_secret_sealed),
    signatureSecret: await open(alertChannelsSignatureSecret, channel.signature_secret_sealed),
  };
}

/** The outcome of one delivery attempt, with its audit row (AUD-1: the job opened sealed data). */
async function settle(ctx: AppContext, row: responseStore.OutboxRow, changes: Parameters<typeof responseStore.settleOutbox>[2]): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await responseStore.settleOutbox(trx, row.id, changes))) return;
    await recordAudit(trx, {
      action: 'sms_outbox.deliver',
      resourceType: 'sms_outbox',
      resourceId: row.id,
      organisationId: row.organisation_id,
      details: { purpose: row.purpose, status: changes.status ?? 'pending', transport: changes.transport ?? null, attempts: changes.attempts ?? row.attempts },
    });
  });
}

/**
 * Delivers one pending message. Throws after a failure worth retrying, so the job queue runs
 * it again later with its backoff; returns once the message is settled.
 */
export async function deliverOutboxMessage(ctx: AppContext, id: string, nowMs = Date.now()): Promise<void> {
  const row = await responseStore.findOutbox(ctx.db, id);
  if (!row || row.status !== 'pending') return;
  const now = new Date(nowMs);
  if (ctx.config.WEFT_SMS_TRANSPORT === 'recording') {
    await settle(ctx, row, { status: 'recorded', transport: 'recording', attempts: row.attempts + 1, sent_at: now, last_error: null });
    return;
  }
  const channel = row.channel_id === null ? undefined : await store.findChannel(ctx.db, row.channel_id);
  if (!channel || !channel.enabled) {
    await settle(ctx, row, { status: 'failed', transport: channel?.provider ?? null, attempts: row.attempts + 1, last_error: 'no enabled outbound channel is set for this organisation' });
    return;
  }
  // SMSSync phones pull their messages (GET ...?task=send); the row waits for the phone.
  if (channel.provider === 'smssync') return;
  const attempts = row.attempts + 1;
  const recipient = await smsOutboxRecipient.open(ctx.cipher, ctx.db, row.organisation_id, row.id, row.recipient_sealed);
  const body = await smsOutboxBody.open(ctx.cipher, ctx.db, row.organisation_id, row.id, row.body_sealed);
  const result = await sendThroughGateway(ctx.config, await gatewayChannelOf(ctx, ctx.db, channel), { id: row.id, to: recipient ?? '', body: body ?? '', from: row.sender }, nowMs);
  if (result.ok) {
    await settle(ctx, row, { status: 'sent', transport: channel.provider, attempts, sent_at: now, provider_message_id: result.providerMessageId, last_error: null });
    return;
  }
  const error = result.error.slice(0, 300);
  if (!result.retry || attempts >= MAX_SEND_ATTEMPTS) {
    await settle(ctx, row, { status: 'failed', transport: channel.provider, attempts, last_error: error });
    return;
  }
  await settle(ctx, row, { status: 'pending', transport: channel.provider, attempts, last_error: error });
  throw new Error(`outbound SMS not delivered yet: ${error}`);
}

registerJobHandler(OUTBOX_QUEUE, async (ctx, payload) => {
  if (typeof payload.id === 'string') await deliverOutboxMessage(ctx, payload.id);
});

// ---- The outbox as administrators see it ----------------------------------------------------

/** Recent outbound messages: recipient masked, body shown (it holds nothing identifying). */
export async function listOutbox(ctx: AppContext, req: RequestContext, query: ListOutboxQuery): Promise<{ data: OutboxMessageView[] }> {
  const actor = req.actor;
  if (actor.kind !== 'user' || !(hasPermission(actor, 'alerts.targets') || hasPermission(actor, 'alerts.configure'))) throw hiddenDenial('sms_outbox');
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await responseStore.listOutbox(trx, actor.organisationId, { status: query.status, limit: query.limit });
    const data: OutboxMessageView[] = [];
    for (const row of rows) {
      const recipient = (await smsOutboxRecipient.open(ctx.cipher, trx, row.organisation_id, row.id, row.recipient_sealed)) ?? '';
      const body = (await smsOutboxBody.open(ctx.cipher, trx, row.organisation_id, row.id, row.body_sealed)) ?? '';
      data.push({
        id: row.id,
        channelId: row.channel_id,
        purpose: row.purpose as OutboxMessageView['purpose'],
        alertId: row.alert_id,
        taskId: row.task_id,
        recipient: maskPhone(recipient),
        body,
        status: row.status as OutboxMessageView['status'],
        transport: row.transport,
        attempts: row.attempts,
        lastError: row.last_error,
        createdAt: row.created_at.toISOString(),
        sentAt: row.sent_at?.toISOString() ?? null,
      });
    }
    await recordAudit(trx, { ...auditActor(actor), action: 'sms_outbox.list', resourceType: 'sms_outbox', requestId: req.requestId, details: { count: data.length, status: query.status ?? null } });
    return { data };
  });
}
