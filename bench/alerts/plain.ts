/**
 * The baselines of the intake benchmark: the rows the full path just wrote, read back and
 * written again with plain SQL (new ids, references and message ids; the sealed bytes copied
 * as they are), with no HTTP, no signature, no parsing, no lookups and no encryption:
 *   alert:    one autocommitted INSERT of the alert row;
 *   all rows: in one transaction, every row the full path writes for an alert (the alert, its
 *             first alert_event, the audit row and, for OpenRosa, the submission row).
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AlertsTable, DB, OpenrosaSubmissionsTable } from '../../server/db/schema';
import type { Executor } from '../../server/db/database';

type AlertRow = Selectable<AlertsTable>;

export interface PlainSource {
  alerts: AlertRow[];
  submissions: Map<string, Selectable<OpenrosaSubmissionsTable>>;
}

/** The alerts of `channel` the full path wrote since `since` (at most `limit`), with their submissions. */
export async function readPlainSource(db: Kysely<DB>, organisationId: string, channel: string, since: Date, limit: number): Promise<PlainSource> {
  const alerts = await db
    .selectFrom('alerts')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('channel', '=', channel)
    .where('created_at', '>=', since)
    .limit(limit)
    .execute();
  const submissions = new Map<string, Selectable<OpenrosaSubmissionsTable>>();
  if (channel === 'openrosa' && alerts.length > 0) {
    for (let i = 0; i < alerts.length; i += 5000) {
      const ids = alerts.slice(i, i + 5000).map((a) => a.id);
      for (const s of await db.selectFrom('openrosa_submissions').selectAll().where('alert_id', 'in', ids).execute()) submissions.set(s.alert_id!, s);
    }
  }
  return { alerts, submissions };
}

let counter = 0;
/** A copy of a row with what must stay unique made new. */
function fresh(row: AlertRow): AlertRow {
  counter += 1;
  const now = new Date();
  return {
    ...row,
    id: randomUUID(),
    reference: `P-${process.pid.toString(36)}${counter.toString(36).padStart(6, '0')}`.toUpperCase(),
    provider_message_id: row.provider_message_id === null ? null : `plain-${counter}-${row.provider_message_id}`.slice(0, 256),
    created_at: now,
    updated_at: now,
  };
}

async function insertAlert(ex: Executor, r: AlertRow): Promise<void> {
  await sql`
    insert into alerts (
      id, organisation_id, reference, channel, channel_id, provider_message_id, sender_hash, sender_sealed,
      focal_point_id, unknown_sender, state, area_id, area_source, location_sealed, text_sealed, raw_sealed,
      categories, people_at_risk, perpetrator_type, warnings, observed_at, received_at, created_at, updated_at
    ) values (
      ${r.id}, ${r.organisation_id}, ${r.reference}, ${r.channel}, ${r.channel_id}, ${r.provider_message_id}, ${r.sender_hash}, ${r.sender_sealed},
      ${r.focal_point_id}, ${r.unknown_sender}, ${r.state}, ${r.area_id}, ${r.area_source}, ${r.location_sealed}, ${r.text_sealed}, ${r.raw_sealed},
      ${sql.val(r.categories)}::text[], ${r.people_at_risk}, ${r.perpetrator_type}, ${sql.val(r.warnings)}::text[], ${r.observed_at}, ${r.received_at}, ${r.created_at}, ${r.updated_at}
    )`.execute(ex);
}

/** One plain write of `source.alerts[i % n]`: the alert row alone, or every row of the path in one transaction. */
export function plainWriter(db: Kysely<DB>, source: PlainSource, rows: 'alert' | 'all'): (i: number) => Promise<void> {
  const n = source.alerts.length;
  if (n === 0) throw new Error('no alert was written by the full path to copy');
  return async (i) => {
    const original = source.alerts[i % n]!;
    const row = fresh(original);
    if (rows === 'alert') return insertAlert(db, row);
    await db.transaction().execute(async (trx) => {
      await insertAlert(trx, row);
      await trx.insertInto('alert_events').values({ organisation_id: row.organisation_id, alert_id: row.id, from_state: null, to_state: 'new', actor_user_id: null, occurred_at: row.created_at, details: '{}' }).execute();
      const submission = source.submissions.get(original.id);
      if (submission) {
        await trx
          .insertInto('openrosa_submissions')
          .values({
            id: randomUUID(), organisation_id: row.organisation_id, form_id: submission.form_id, form_version: submission.form_version,
            instance_id: `uuid:${randomUUID()}`, xml_sha256: createHash('sha256').update(row.id).digest('hex'), token_id: submission.token_id, alert_id: row.id,
          })
          .execute();
      }
      await trx
        .insertInto('audit_log')
        .values({
          occurred_at: row.created_at, actor_user_id: null, actor_token_id: null, organisation_id: row.organisation_id, action: 'alert.receive', resource_type: 'alert',
          resource_id: row.id, outcome: 'success', request_id: null, seq: null, prev_hash: null, hash: null,
          details: JSON.stringify({ channel: row.channel, channelId: row.channel_id, unknownSender: row.unknown_sender, areaResolved: row.area_id !== null, warnings: row.warnings.length }),
        })
        .execute();
    });
  };
}

/** `total` calls of `task`, `concurrency` at a time; the latencies, sorted. */
export async function runPool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await task(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - started };
}
