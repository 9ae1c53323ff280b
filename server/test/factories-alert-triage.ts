/**
 * Test support for alert triage: alerts received through the module's own door (receiveAlert,
 * as a web report), many alerts at once for bulk tests, and a fictional area to locate them in.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { AppContext } from '../platform/context';
import { receiveAlert, type AlertRow, type ReceiveAlertInput } from '../modules/alerts/service';

/** What a web report with fictional text and no sender hands receiveAlert (overrides win). */
export function alertInput(organisationId: string, overrides: Partial<ReceiveAlertInput> = {}): ReceiveAlertInput {
  return {
    organisationId,
    channel: 'web',
    channelId: null,
    providerMessageId: `triage-${randomUUID()}`,
    senderIdentity: null,
    focalPointId: null,
    text: 'Fictional report: armed group seen near the market',
    raw: '{}',
    areaCode: null,
    location: null,
    observedAt: null,
    categories: [],
    peopleAtRisk: null,
    perpetratorType: null,
    warnings: [],
    ...overrides,
  };
}

/** One alert of the organisation, as a web report with fictional text and no sender. */
export async function buildAlert(ctx: AppContext, organisationId: string, overrides: Partial<ReceiveAlertInput> = {}): Promise<AlertRow> {
  const { alert } = await ctx.db.transaction().execute((trx) => receiveAlert(ctx, trx, alertInput(organisationId, overrides)));
  return alert;
}

/**
 * `count` alerts of the organisation in one INSERT (state new, no text), for bulk tests that
 * need a thousand rows fast; the raw message is an empty sealed placeholder never opened.
 * Returns their ids in insertion order.
 */
export async function buildAlertsInBulk(db: Kysely<DB>, organisationId: string, count: number): Promise<string[]> {
  const prefix = randomUUID().slice(0, 6).toUpperCase();
  const { rows } = await sql<{ id: string }>`
    insert into alerts (organisation_id, reference, channel, unknown_sender, raw_sealed, received_at)
    select ${organisationId}::uuid, ${`T${prefix}-`} || lpad(i::text, 5, '0'), 'web', true, '\\x00'::bytea, now() - (i || ' seconds')::interval
    from generate_series(1, ${count}::int) as i
    order by i
    returning id
  `.execute(db);
  return rows.map((r) => r.id);
}

/** Puts an alert in a given shape behind the application's back (a state, someone's lock, a past expiry). */
export async function arrangeAlert(db: Kysely<DB>, id: string, values: Partial<{ state: string; locked_by: string | null; locked_until: Date | null; merged_into_id: string | null; severity: string | null }>): Promise<void> {
  await db.updateTable('alerts').set(values).where('id', '=', id).execute();
}

/** A fictional area (P-code shaped, ZZ country) to locate alerts in. */
export async function buildArea(db: Kysely<DB>): Promise<string> {
  const code = `ZZ${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`;
  const row = await db
    .insertInto('areas')
    .values({ code, level: 2, level_name: 'territory', names: JSON.stringify({ en: `Fictional territory ${code}` }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
