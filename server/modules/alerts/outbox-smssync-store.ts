/**
 * SQL of SMSSync's side of the outbox: messages handed to a channel's phone ('sent', transport
 * smssync) and the reports the phone sends back. Every query names the channel, so one
 * phone never learns of, or reports on, another channel's messages.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/** Of `ids`, those handed to this channel's phone and not yet reported on. */
export async function findHandedOver(ex: Executor, channelId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await ex
    .selectFrom('sms_outbox')
    .select('id')
    .where('channel_id', '=', channelId)
    .where('transport', '=', 'smssync')
    .where('status', '=', 'sent')
    .where(sql<boolean>`id = any(${sql.val([...ids])}::uuid[])`)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Messages handed to this channel's phone since `since` that still wait for a report, oldest first. */
export async function listAwaitingReport(ex: Executor, channelId: string, since: Date, limit: number): Promise<string[]> {
  const rows = await ex
    .selectFrom('sms_outbox')
    .select('id')
    .where('channel_id', '=', channelId)
    .where('transport', '=', 'smssync')
    .where('status', '=', 'sent')
    .where('sent_at', '>=', since)
    .orderBy('sent_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export interface OutboxReport {
  id: string;
  status: 'delivered' | 'failed';
  /** The failure's reason; null when delivered. */
  lastError: string | null;
}

/**
 * Settles many handed-over messages at once (one UPDATE ... FROM unnest): only this channel's,
 * only those still 'sent', so a report never reopens or overturns a settled message. Answers
 * the rows it changed, with their organisation for the audit.
 */
export async function settleReported(ex: Executor, channelId: string, reports: readonly OutboxReport[], now: Date): Promise<Array<{ id: string; status: string; organisation_id: string }>> {
  if (reports.length === 0) return [];
  const column = <T>(pick: (r: OutboxReport) => T) => sql.val(reports.map(pick));
  const result = await sql<{ id: string; status: string; organisation_id: string }>`
    update sms_outbox as o set
      status = v.status,
      last_error = v.last_error,
      delivered_at = case when v.status = 'delivered' then ${now}::timestamptz else o.delivered_at end
    from unnest(
      ${column((r) => r.id)}::uuid[],
      ${column((r) => r.status)}::text[],
      ${column((r) => r.lastError)}::text[]
    ) as v(id, status, last_error)
    where o.id = v.id and o.channel_id = ${channelId} and o.transport = 'smssync' and o.status = 'sent'
    returning o.id, o.status, o.organisation_id
  `.execute(ex);
  return result.rows;
}
