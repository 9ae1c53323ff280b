/**
 * The map's counts per area from alert_map_counts (migration 0400): whole years, months and
 * days from the counts plus the changes not yet folded in, the partial first and last days
 * from alerts (core/alerts/map-periods.ts), so the answer is the one counting every alert
 * would give. Filters the counts do not hold (assignment, team, sender, escalation) count
 * from alerts. compactMapCounts folds the triggers' changes into the counts, as a job.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { planCountPeriods } from '../../../core/alerts/map-periods';
import type { Executor } from '../../db/database';
import type { DB } from '../../db/schema';
import type { AppContext } from '../../platform/context';
import { enqueueJob } from '../../platform/jobs/queue';
import { registerJobHandler } from '../../platform/jobs/worker';
import { filterConditions, type AlertViewFilter } from './views-store';

/** Alerts matching a filter in one area (null: not located). */
export interface AreaCount {
  areaId: string | null;
  count: number;
}

/** Whether the counts hold every column the filter tests. */
export const countsServe = (filter: AlertViewFilter): boolean =>
  filter.assignedUserId === undefined && filter.team === undefined && filter.unknownSender === undefined && filter.escalated === undefined;

function oneOf(column: RawBuilder<unknown>, values: readonly string[], type: 'text' | 'uuid'): RawBuilder<SqlBool> {
  if (values.length === 1) return sql<SqlBool>`${column} = ${values[0]!}::${sql.raw(type)}`;
  return sql<SqlBool>`${column} = any(${[...values]}::${sql.raw(type)}[])`;
}

/** The filter's conditions on a row of alert_map_counts or alert_map_count_changes (alias s). */
function countConditions(filter: AlertViewFilter): RawBuilder<SqlBool>[] {
  const col = (name: string) => sql.ref(`s.${name}`);
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`s.organisation_id = ${filter.organisationId}::uuid`];
  if (filter.states) parts.push(oneOf(col('state'), filter.states, 'text'));
  if (filter.channels) parts.push(oneOf(col('channel'), filter.channels, 'text'));
  if (filter.areaIds) parts.push(oneOf(col('area_id'), filter.areaIds, 'uuid'));
  if (filter.severities) {
    const rated = filter.severities.filter((s) => s !== 'none');
    const unrated = rated.length < filter.severities.length;
    if (rated.length === 0) parts.push(sql<SqlBool>`s.severity is null`);
    else parts.push(unrated ? sql<SqlBool>`(${oneOf(col('severity'), rated, 'text')} or s.severity is null)` : oneOf(col('severity'), rated, 'text'));
  }
  if (filter.needsLocating !== undefined) parts.push(filter.needsLocating ? sql<SqlBool>`s.area_id is null` : sql<SqlBool>`s.area_id is not null`);
  return parts;
}

const and = (parts: RawBuilder<SqlBool>[]) => sql.join(parts, sql` and `) as RawBuilder<SqlBool>;

/** Counts of the filtered alerts per area they are placed in (not rolled up), and not located. */
export async function countAlertsPerArea(ex: Executor, filter: AlertViewFilter): Promise<AreaCount[]> {
  const pieces: RawBuilder<unknown>[] = [];
  if (!countsServe(filter)) {
    pieces.push(sql`select a.area_id, count(*)::int as n from alerts a where ${filterConditions(filter)} group by a.area_id`);
  } else {
    const plan = planCountPeriods(filter.from, filter.to);
    const where = countConditions(filter);
    for (const range of plan.ranges) {
      const bounds = [sql<SqlBool>`s.period = ${range.period}`];
      if (range.from !== null) bounds.push(sql<SqlBool>`s.starts_on >= ${range.from}::date`);
      if (range.to !== null) bounds.push(sql<SqlBool>`s.starts_on < ${range.to}::date`);
      pieces.push(sql`select s.area_id, s.alerts as n from alert_map_counts s where ${and([...where, ...bounds])}`);
    }
    if (plan.days) {
      const bounds: RawBuilder<SqlBool>[] = [];
      if (plan.days.from !== null) bounds.push(sql<SqlBool>`s.received_on >= ${plan.days.from}::date`);
      if (plan.days.to !== null) bounds.push(sql<SqlBool>`s.received_on < ${plan.days.to}::date`);
      pieces.push(sql`select s.area_id, s.alerts as n from alert_map_count_changes s where ${and([...where, ...bounds])}`);
    }
    for (const edge of plan.raw) {
      const edgeFilter: AlertViewFilter = { ...filter, from: edge.from ?? undefined, to: edge.to ?? undefined };
      pieces.push(sql`select a.area_id, count(*)::int as n from alerts a where ${filterConditions(edgeFilter)} group by a.area_id`);
    }
  }
  // One statement, so the counts and the pending changes are read in one snapshot: a
  // compaction committing meanwhile is seen entirely or not at all.
  const { rows } = await sql<{ area_id: string | null; count: number }>`
    select t.area_id, sum(t.n)::int as count from (${sql.join(pieces, sql` union all `)}) t
    group by t.area_id having sum(t.n) > 0`.execute(ex);
  return rows.map((r) => ({ areaId: r.area_id, count: r.count }));
}

/** Alerts in one area (null: not located) in one UTC month (its first day, YYYY-MM-DD). */
export interface MonthAreaCount extends AreaCount {
  month: string;
}

const isMonthStart = (at: Date | undefined) => at === undefined || (at.getTime() === Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Counts of the filtered alerts per month and area placed, for roles that see aggregates only
 * (their periods are whole months: core/alerts/map-months.ts). Months come from the counts
 * kept per month plus the changes not yet folded in, in one statement; a period not of whole
 * months, or a filter the counts do not hold, counts from alerts.
 */
export async function countAlertsPerAreaByMonth(ex: Executor, filter: AlertViewFilter): Promise<MonthAreaCount[]> {
  let source: RawBuilder<unknown>;
  if (countsServe(filter) && isMonthStart(filter.from) && isMonthStart(filter.to)) {
    const where = countConditions(filter);
    const counts = [...where, sql<SqlBool>`s.period = 'month'`];
    const changes = [...where];
    if (filter.from) {
      counts.push(sql<SqlBool>`s.starts_on >= ${dayOf(filter.from)}::date`);
      changes.push(sql<SqlBool>`s.received_on >= ${dayOf(filter.from)}::date`);
    }
    if (filter.to) {
      counts.push(sql<SqlBool>`s.starts_on < ${dayOf(filter.to)}::date`);
      changes.push(sql<SqlBool>`s.received_on < ${dayOf(filter.to)}::date`);
    }
    source = sql`select s.starts_on as month, s.area_id, s.alerts as n from alert_map_counts s where ${and(counts)}
      union all
      select date_trunc('month', s.received_on::timestamp)::date, s.area_id, s.alerts from alert_map_count_changes s where ${and(changes)}`;
  } else {
    source = sql`select date_trunc('month', a.received_at at time zone 'UTC')::date as month, a.area_id, count(*)::int as n from alerts a where ${filterConditions(filter)} group by 1, 2`;
  }
  const { rows } = await sql<{ month: string | Date; area_id: string | null; count: number }>`
    select to_char(t.month, 'YYYY-MM-DD') as month, t.area_id, sum(t.n)::int as count from (${source}) t
    group by t.month, t.area_id having sum(t.n) > 0`.execute(ex);
  return rows.map((r) => ({ month: String(r.month), areaId: r.area_id, count: r.count }));
}

// ---- Compaction ---------------------------------------------------------------------------

const PERIOD_START = sql`case p.period when 'day' then d.received_on else date_trunc(p.period, d.received_on::timestamp)::date end`;

/**
 * Counts the organisation's alerts afresh (as migration 0400 did), for a bulk load that ran
 * with the counting triggers disabled (bench/alerts/generate.ts). Needs the table's owner.
 */
export async function rebuildMapCounts(ex: Executor, organisationId: string): Promise<void> {
  await sql`delete from alert_map_count_changes where organisation_id = ${organisationId}::uuid`.execute(ex);
  await sql`delete from alert_map_counts where organisation_id = ${organisationId}::uuid`.execute(ex);
  await sql`
    insert into alert_map_counts (organisation_id, period, starts_on, area_id, state, severity, channel, alerts)
    select d.organisation_id, p.period, ${PERIOD_START}, d.area_id, d.state, d.severity, d.channel, sum(d.n)::int
    from (
      select organisation_id, (received_at at time zone 'UTC')::date as received_on, area_id, state, severity, channel, count(*) as n
      from alerts where organisation_id = ${organisationId}::uuid group by 1, 2, 3, 4, 5, 6
    ) d
    cross join (values ('day'), ('month'), ('year')) as p(period)
    group by 1, 2, 3, 4, 5, 6, 7`.execute(ex);
}

const COMPACT_LOCK = 7_310_400;
const COMPACT_BATCH = 20_000;
export const MAP_COUNTS_QUEUE = 'alerts.map_counts';
export const MAP_COUNTS_INTERVAL_MS = 15_000;

/**
 * Folds pending changes into alert_map_counts, oldest first, in batches, one compactor at a
 * time across processes (another running: returns 0 at once). Rows that fall to zero go.
 * Returns how many changes it folded.
 */
export async function compactMapCounts(db: Kysely<DB>, batch = COMPACT_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await db.transaction().execute(async (trx) => {
      const { rows: lock } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${COMPACT_LOCK}) as ok`.execute(trx);
      if (!lock[0]?.ok) return -1;
      // Only committed changes are visible, so a writer's later commit waits for the next pass.
      const { rows } = await sql<{ moved: number }>`
        with moved as (
          delete from alert_map_count_changes
          where id in (select id from alert_map_count_changes order by id limit ${batch})
          returning organisation_id, received_on, area_id, state, severity, channel, alerts
        ), folded as (
          insert into alert_map_counts (organisation_id, period, starts_on, area_id, state, severity, channel, alerts)
          select m.organisation_id, p.period,
            case p.period when 'day' then m.received_on else date_trunc(p.period, m.received_on::timestamp)::date end,
            m.area_id, m.state, m.severity, m.channel, sum(m.alerts)::int
          from moved m cross join (values ('day'), ('month'), ('year')) as p(period)
          group by 1, 2, 3, 4, 5, 6, 7
          having sum(m.alerts) <> 0
          on conflict (organisation_id, period, starts_on, area_id, state, severity, channel)
            do update set alerts = alert_map_counts.alerts + excluded.alerts
        )
        select count(*)::int as moved from moved`.execute(trx);
      await sql`delete from alert_map_counts where alerts = 0`.execute(trx);
      return rows[0]?.moved ?? 0;
    });
    if (folded < 0) return total;
    total += folded;
    if (folded < batch) return total;
  }
}

/** Queues the compaction of the interval `at` falls in (the key names it: one per interval). */
export async function scheduleMapCompaction(ctx: AppContext, at: Date = new Date()): Promise<void> {
  const slot = Math.floor(at.getTime() / MAP_COUNTS_INTERVAL_MS);
  await enqueueJob(ctx.db, MAP_COUNTS_QUEUE, {}, { runAt: new Date(slot * MAP_COUNTS_INTERVAL_MS), uniqueKey: `${MAP_COUNTS_QUEUE}:${slot}`, maxAttempts: 1 });
}

registerJobHandler(MAP_COUNTS_QUEUE, async (ctx) => {
  try {
    await compactMapCounts(ctx.db);
  } finally {
    await scheduleMapCompaction(ctx, new Date(Date.now() + MAP_COUNTS_INTERVAL_MS));
  }
});
