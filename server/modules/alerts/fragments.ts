/**
 * Long SMS delivered in fragments (Vonage concat-ref/-total/-part): each fragment waits,
 * sealed, until the last one arrives; the joined message then becomes ONE alert (REL-2).
 *
 * - Fragments of one message are serialised by a transaction-scoped advisory lock on
 *   (channel, sender, reference, total), so two arriving at once cannot both miss the other.
 * - A gateway's retry of a fragment already joined answers the alert it became.
 * - A message whose last fragments never come is not lost: half an hour after its first
 *   fragment, a job turns what arrived into an alert, gaps marked, with a warning.
 */
import { joinSmsParts, type InboundSms } from '../../../core/alerts';
import type { Executor } from '../../db/database';
import type { AppContext } from '../../platform/context';
import { smsFragmentsRaw, smsFragmentsSender, smsFragmentsText } from '../../platform/crypto/columns';
import { enqueueJob } from '../../platform/jobs/queue';
import { registerJobHandler } from '../../platform/jobs/worker';
import { channelProvider, deleteFragments, insertFragment, lockSet, markFragmentsJoined, setRows, type FragmentRow, type FragmentSetKey } from './fragments-store';
import { receiveAlert, type AlertRow } from './service';

export { markFragmentsJoined };

/** How long a joined fragment answers retries; after that its reference may be reused. */
const JOINED_MEMORY_MS = 60 * 60_000;
/** How long a message may wait for its missing fragments before it becomes an alert anyway. */
export const FRAGMENT_WAIT_MS = 30 * 60_000;
const FLUSH_QUEUE = 'alerts.sms_fragments';

export interface FragmentInput {
  organisationId: string;
  channelId: string;
  senderHash: string;
  senderIdentity: string;
  sms: InboundSms & { parts: NonNullable<InboundSms['parts']> };
  raw: string;
}

export type FragmentOutcome =
  | { kind: 'waiting' }
  | { kind: 'duplicate'; alertId: string }
  | { kind: 'complete'; text: string; raw: string; receivedAt: string; messageKey: string; fragmentIds: string[] };

type SetKey = FragmentSetKey;

/** Stores one fragment and says whether its message is now whole. */
export async function collectFragment(ctx: AppContext, trx: Executor, input: FragmentInput): Promise<FragmentOutcome> {
  const { reference, total, index } = input.sms.parts;
  const key: SetKey = { channelId: input.channelId, senderHash: input.senderHash, reference, total };
  await lockSet(trx, key);
  const now = Date.now();
  let rows = await setRows(trx, key);
  const joined = rows.filter((row) => row.alert_id !== null);
  if (joined.length > 0) {
    const retried = joined.find((row) => row.part_index === index);
    if (retried && now - retried.created_at.getTime() < JOINED_MEMORY_MS) return { kind: 'duplicate', alertId: retried.alert_id! };
    // An old message's reference used again by the sender's phone: forget the old fragments.
    await deleteFragments(trx, joined.map((row) => row.id));
    rows = rows.filter((row) => row.alert_id === null);
  }
  if (!rows.some((row) => row.part_index === index)) {
    const id = crypto.randomUUID();
    const seal = (column: typeof smsFragmentsText, value: string) => column.seal(ctx.cipher, trx, input.organisationId, id, value);
    await insertFragment(trx, {
      id,
      organisation_id: input.organisationId,
      channel_id: input.channelId,
      sender_hash: input.senderHash,
      reference,
      total,
      part_index: index,
      provider_message_id: input.sms.providerMessageId,
      sender_sealed: await seal(smsFragmentsSender, input.senderIdentity),
      text_sealed: await seal(smsFragmentsText, input.sms.text),
      raw_sealed: await seal(smsFragmentsRaw, input.raw),
      received_at: input.sms.receivedAt,
    });
    if (rows.length === 0) await enqueueJob(trx, FLUSH_QUEUE, { ...key }, { runAt: new Date(now + FRAGMENT_WAIT_MS), maxAttempts: 3 });
    rows = await setRows(trx, key);
  }
  if (rows.length < total) return { kind: 'waiting' };
  return { kind: 'complete', ...(await joinRows(ctx, trx, input.organisationId, rows, input.sms.provider)) };
}

async function joinRows(ctx: AppContext, trx: Executor, organisationId: string, rows: readonly FragmentRow[], provider: InboundSms['provider']) {
  const fragments: InboundSms[] = [];
  const raws: string[] = [];
  for (const row of rows) {
    const open = (column: typeof smsFragmentsText, value: Uint8Array) => column.open(ctx.cipher, trx, organisationId, row.id, value);
    const sender = (await open(smsFragmentsSender, row.sender_sealed)) ?? '';
    fragments.push({
      provider,
      providerMessageId: row.provider_message_id,
      from: { raw: sender, e164: null },
      to: null,
      text: (await open(smsFragmentsText, row.text_sealed)) ?? '',
      receivedAt: row.received_at.toISOString(),
      receivedAtSource: 'gateway',
      parts: { reference: row.reference, total: row.total, index: row.part_index },
      extras: {},
    });
    raws.push((await open(smsFragmentsRaw, row.raw_sealed)) ?? '');
  }
  const whole = joinSmsParts(fragments)!;
  const first = rows[0]!;
  return {
    text: whole.text,
    raw: JSON.stringify({ fragments: raws }),
    receivedAt: whole.receivedAt,
    // One id per message: the set, dated by its first fragment (a reused reference is another message).
    messageKey: `concat:${first.sender_hash.slice(0, 24)}:${first.reference}:${first.total}:${first.created_at.getTime()}`,
    fragmentIds: rows.map((row) => row.id),
  };
}

/**
 * The job: a message still missing fragments after FRAGMENT_WAIT_MS becomes an alert from what
 * arrived, each gap shown as […], with the warning `sms.parts_missing`. Nothing when it was
 * completed meanwhile.
 */
export async function flushFragments(ctx: AppContext, key: SetKey): Promise<AlertRow | null> {
  return ctx.db.transaction().execute(async (trx) => {
    await lockSet(trx, key);
    const rows = (await setRows(trx, key)).filter((row) => row.alert_id === null);
    if (rows.length === 0) return null;
    const first = rows[0]!;
    const provider = await channelProvider(trx, key.channelId);
    const open = (column: typeof smsFragmentsText, row: FragmentRow, value: Uint8Array) => column.open(ctx.cipher, trx, first.organisation_id, row.id, value);
    const texts = new Map<number, string>();
    const raws: string[] = [];
    for (const row of rows) {
      texts.set(row.part_index, (await open(smsFragmentsText, row, row.text_sealed)) ?? '');
      raws.push((await open(smsFragmentsRaw, row, row.raw_sealed)) ?? '');
    }
    const text = Array.from({ length: key.total }, (_, i) => texts.get(i + 1) ?? ' […] ').join('');
    const { alert } = await receiveAlert(ctx, trx, {
      organisationId: first.organisation_id,
      channel: provider as 'vonage',
      channelId: key.channelId,
      providerMessageId: `concat:${first.sender_hash.slice(0, 24)}:${first.reference}:${first.total}:${first.created_at.getTime()}`,
      senderIdentity: (await open(smsFragmentsSender, first, first.sender_sealed)) ?? null,
      senderKind: 'phone',
      focalPointId: null,
      text,
      raw: JSON.stringify({ fragments: raws }),
      areaCode: null,
      location: null,
      observedAt: null,
      categories: [],
      peopleAtRisk: null,
      perpetratorType: null,
      warnings: ['sms.parts_missing'],
      receivedAt: rows.at(-1)!.received_at.toISOString(),
    });
    await markFragmentsJoined(trx, rows.map((row) => row.id), alert.id);
    return alert;
  });
}

registerJobHandler(FLUSH_QUEUE, async (ctx, payload) => {
  await flushFragments(ctx, payload as unknown as SetKey);
});
