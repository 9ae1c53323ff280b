/** All SQL of SMS fragments (fragments.ts): every query names the channel or the fragment ids. */
import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database';
import type { SmsFragmentsTable } from '../../db/schema';

/** One long message: its channel, sender, the phone's reference and the fragment count. */
export interface FragmentSetKey {
  channelId: string;
  senderHash: string;
  reference: string;
  total: number;
}

/** Serialises the fragments of one message until the transaction ends. */
export async function lockSet(trx: Executor, key: FragmentSetKey): Promise<void> {
  const name = `sms_fragments|${key.channelId}|${key.senderHash}|${key.reference}|${key.total}`;
  await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
}

export const setRows = (trx: Executor, key: FragmentSetKey) =>
  trx
    .selectFrom('sms_fragments')
    .selectAll()
    .where('channel_id', '=', key.channelId)
    .where('sender_hash', '=', key.senderHash)
    .where('reference', '=', key.reference)
    .where('total', '=', key.total)
    .orderBy('part_index')
    .execute();

export type FragmentRow = Awaited<ReturnType<typeof setRows>>[number];

export async function insertFragment(trx: Executor, row: Insertable<SmsFragmentsTable>): Promise<void> {
  await trx.insertInto('sms_fragments').values(row).execute();
}

export async function deleteFragments(trx: Executor, ids: readonly string[]): Promise<void> {
  await trx.deleteFrom('sms_fragments').where('id', 'in', [...ids]).execute();
}

export async function markFragmentsJoined(trx: Executor, ids: readonly string[], alertId: string): Promise<void> {
  await trx.updateTable('sms_fragments').set({ alert_id: alertId }).where('id', 'in', [...ids]).execute();
}

export async function channelProvider(trx: Executor, channelId: string): Promise<string> {
  const row = await trx.selectFrom('alert_channels').select('provider').where('id', '=', channelId).executeTakeFirstOrThrow();
  return row.provider;
}
