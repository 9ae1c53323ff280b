/**
 * SQL of the alert views (issue 4 part 5): the filters the queue, the map and the figures
 * share, areas with their descendants and their province and zone, the map's counts per grid
 * cell, and the response-time figures (counts per area: views-counts.ts). Every query names
 * the organisation (alerts have no row security: the scope is in each WHERE). Indexes:
 * migrations 0360 and 0400.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database';

/** A filter with its values resolved (area and descendants, `me` as a user id). */
export interface AlertViewFilter {
  organisationId: string;
  states?: readonly string[] | undefined;
  /** May hold 'none': no severity set. */
  severities?: readonly string[] | undefined;
  channels?: readonly string[] | undefined;
  areaIds?: readonly string[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  needsLocating?: boolean | undefined;
  /** A user's id, or null: nobody assigned. */
  assignedUserId?: string | null | undefined;
  team?: string | undefined;
  unknownSender?: boolean | undefined;
  escalated?: boolean | undefined;
}

/**
 * The queue's severity order, verbatim as in the index alerts_queue_severity_idx (migration
 * 0360) so the planner matches it; core/alerts/map.ts severityRank mirrors it.
 */
export const SEVERITY_RANK_SQL = sql<number>`(case a.severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)`;

/** One value as `=`, several as `= any`: PostgreSQL 15 reads `= any` of one value unordered. */
function oneOf(column: RawBuilder<unknown>, values: readonly string[], type: 'text' | 'uuid'): RawBuilder<SqlBool> {
  if (values.length === 1) return sql<SqlBool>`${column} = ${values[0]!}::${sql.raw(type)}`;
  return sql<SqlBool>`${column} = any(${[...values]}::${sql.raw(type)}[])`;
}

const col = (name: string) => sql.ref(`a.${name}`);

/**
 * The WHERE conditions of a filter on `alerts a`, always with the organisation first.
 * `skip` leaves out the conditions a query already applies through its driver (the per-value
 * branches of store.listAlerts).
 */
export function filterConditions(filter: AlertViewFilter, skip: { states?: boolean; channels?: boolean; areas?: boolean } = {}): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`a.organisation_id = ${filter.organisationId}::uuid`];
  if (filter.states && !skip.states) parts.push(oneOf(col('state'), filter.states, 'text'));
  if (filter.channels && !skip.channels) parts.push(oneOf(col('channel'), filter.channels, 'text'));
  if (filter.areaIds && !skip.areas) parts.push(oneOf(col('area_id'), filter.areaIds, 'uuid'));
  if (filter.severities) {
    const rated = filter.severities.filter((s) => s !== 'none');
    const unrated = rated.length < filter.severities.length;
    if (rated.length === 0) parts.push(sql<SqlBool>`a.severity is null`);
    else parts.push(unrated ? sql<SqlBool>`(${oneOf(col('severity'), rated, 'text')} or a.severity is null)` : oneOf(col('severity'), rated, 'text'));
  }
  if (filter.from) parts.push(sql<SqlBool>`a.received_at >= ${filter.from}::timestamptz`);
  if (filter.to) parts.push(sql<SqlBool>`a.received_at < ${filter.to}::timestamptz`);
  // Literal predicates, so the planner proves they imply the partial indexes' (migration 0360).
  if (filter.needsLocating !== undefined) parts.push(filter.needsLocating ? sql<SqlBool>`a.area_id is null` : sql<SqlBool>`a.area_id is not null`);
  if (filter.assignedUserId !== undefined) {
    parts.push(filter.assignedUserId === null ? sql<SqlBool>`a.assigned_user_id is null` : sql<SqlBool>`a.assigned_user_id is not null and a.assigned_user_id = ${filter.assignedUserId}::uuid`);
  }
  if (filter.team !== undefined) parts.push(sql<SqlBool>`a.assigned_team is not null and a.assigned_team = ${filter.team}`);
  if (filter.unknownSender !== undefined) parts.push(sql<SqlBool>`a.unknown_sender = ${filter.unknownSender}`);
  if (filter.escalated !== undefined) parts.push(filter.escalated ? sql<SqlBool>`a.escalation_level > 0` : sql<SqlBool>`a.escalation_level = 0`);
  return sql.join(parts, sql` and `) as RawBuilder<SqlBool>;
}

// ---- Areas --------------------------------------------------------------------------------

/**
 * The area and every area below it, resolved before the list query (as the incident list
 * does: inside the query the planner would guess the number of areas blind). Empty when no
 * area has that id.
 */
export async function areaAndDescendantIds(ex: Executor, areaId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive tree(id) as (
      select id from areas where id = ${areaId}::uuid
      union all
      select a.id from areas a join tree t on a.parent_id = t.id
    )
    select id from tree`.execute(ex);
  return rows.map((row) => row.id);
}

/** An area's province (level 1) and health zone (level 2), itself included; null where it has none. */
export interface AreaPlace {
  areaId: string;
  level: number;
  province: { id: string; code: string } | null;
  zone: { id: string; code: string } | null;
}

/** The province and health zone of each of these areas (walking up parent_id). */
export async function placesOfAreas(ex: Executor, areaIds: readonly string[]): Promise<AreaPlace[]> {
  if (areaIds.length === 0) return [];
  const { rows } = await sql<{ area_id: string; ancestor_id: string; level: number; code: string; depth: number }>`
    with recursive up(area_id, ancestor_id, level, code, parent_id, depth) as (
      select id, id, level, code, parent_id, 0 from areas where id = any(${[...areaIds]}::uuid[])
      union all
      select u.area_id, p.id, p.level, p.code, p.parent_id, u.depth + 1 from up u join areas p on p.id = u.parent_id where u.depth < 32
    )
    select area_id, ancestor_id, level, code, depth from up where depth = 0 or level in (1, 2)`.execute(ex);
  const places = new Map<string, AreaPlace>();
  for (const row of rows) {
    const place = places.get(row.area_id) ?? { areaId: row.area_id, level: 0, province: null, zone: null };
    places.set(row.area_id, place);
    if (row.depth === 0) place.level = row.level;
    if (row.level === 1) place.province = { id: row.ancestor_id, code: row.code };
    else if (row.level === 2) place.zone = { id: row.ancestor_id, code: row.code };
  }
  return [...places.values()];
}

/** Every area at `level` and each area inside it: (root_id, area_id), a root paired with itself too. */
const areaRoots = (level: number) => sql`
  area_roots(root_id, area_id) as (
    select id, id from areas where level = ${level}::int
    union all
    select r.root_id, c.id from areas c join area_roots r on c.parent_id = r.area_id
  )`;

// ---- Map ----------------------------------------------------------------------------------

export interface CellGrid {
  cell: number;
  bbox: readonly [number, number, number, number];
}

/**
 * The filtered alerts of the bbox per cell of `cell` degrees (anchored at 0), with the
 * weighted centroid of their grid points: counted per grid point first (in the order of
 * alerts_grid_idx, no hashing of every alert), then per cell.
 */
export async function countAlertsByCell(ex: Executor, filter: AlertViewFilter, grid: CellGrid): Promise<{ lat: number; lon: number; count: number }[]> {
  const [minLon, minLat, maxLon, maxLat] = grid.bbox;
  // The epsilon keeps a point on a cell's edge in that cell (0.29 / 0.01 is 28.999… in floats).
  const { rows } = await sql<{ lat: number; lon: number; count: number }>`
    select sum(p.n * p.lat) / sum(p.n) as lat, sum(p.n * p.lon) / sum(p.n) as lon, sum(p.n)::int as count
    from (
      select a.grid_lat as lat, a.grid_lon as lon, count(*) as n from alerts a
      where ${filterConditions(filter)} and a.grid_lat is not null
        and a.grid_lat between ${minLat}::float8 and ${maxLat}::float8 and a.grid_lon between ${minLon}::float8 and ${maxLon}::float8
      group by a.grid_lat, a.grid_lon
    ) p
    group by floor(p.lat / ${grid.cell}::float8 + 1e-9), floor(p.lon / ${grid.cell}::float8 + 1e-9)
  `.execute(ex);
  return rows.map((r) => ({ lat: Number(r.lat), lon: Number(r.lon), count: r.count }));
}

/**
 * The ids of the filtered alerts at these grid points: the map's cells of one alert, whose
 * centroid is that alert's grid point (alerts_grid_idx).
 */
export async function alertIdsAtGridPoints(ex: Executor, filter: AlertViewFilter, points: readonly { lat: number; lon: number }[]): Promise<{ id: string; lat: number; lon: number }[]> {
  if (points.length === 0) return [];
  const { rows } = await sql<{ id: string; lat: number; lon: number }>`
    select a.id, a.grid_lat as lat, a.grid_lon as lon
    from unnest(${points.map((p) => p.lat)}::float8[], ${points.map((p) => p.lon)}::float8[]) as p(lat, lon)
    join alerts a on a.organisation_id = ${filter.organisationId}::uuid and a.grid_lat = p.lat and a.grid_lon = p.lon
    where ${filterConditions(filter)}`.execute(ex);
  return rows.map((r) => ({ id: r.id, lat: Number(r.lat), lon: Number(r.lon) }));
}

// ---- Response-time figures ----------------------------------------------------------------

export interface ResponseTarget {
  severity: string;
  acknowledgeMinutes: number;
  verifyMinutes: number;
  respondMinutes: number;
}

/** The organisation's targets per severity (those it set; the service fills in the defaults). */
export async function listResponseTargets(ex: Executor, organisationId: string): Promise<ResponseTarget[]> {
  const rows = await ex
    .selectFrom('alert_response_targets')
    .select(['severity', 'acknowledge_minutes', 'verify_minutes', 'respond_minutes'])
    .where('organisation_id', '=', organisationId)
    .execute();
  return rows.map((r) => ({ severity: r.severity, acknowledgeMinutes: r.acknowledge_minutes, verifyMinutes: r.verify_minutes, respondMinutes: r.respond_minutes }));
}

export interface FiguresRow {
  key: string | null;
  code: string | null;
  is_total: number;
  alerts: number;
  acknowledged: number;
  verified: number;
  responded: number;
  ack_median: number | null;
  ack_p90: number | null;
  verify_median: number | null;
  verify_p90: number | null;
  respond_median: number | null;
  respond_p90: number | null;
  ack_met: number;
  ack_judged: number;
  verify_met: number;
  verify_judged: number;
  respond_met: number;
  respond_judged: number;
}

/**
 * Response-time figures of the filtered alerts, per group and in total (one scan, grouping
 * sets): counts, median and 90th percentile minutes from receipt to acknowledgement,
 * verification and first response done (percentile_cont over the alerts whose clock
 * stopped), and the met/judged counts against each alert's severity target (no severity:
 * medium). A clock is judged once it stopped, or once its target passed while the alert is
 * still open (core/alerts/map.ts judgeClock). Area keys roll up to `level`: an alert outside
 * every area of that level has key null.
 */
export async function responseFigures(
  ex: Executor,
  filter: AlertViewFilter,
  groupBy: 'area' | 'week' | 'month',
  level: number,
  targets: readonly ResponseTarget[],
  openStates: readonly string[],
  now: Date,
  options: { weeksWithinMonths?: boolean } = {},
): Promise<FiguresRow[]> {
  const targetRows = sql.join(
    targets.map((t) => sql`(${t.severity}::text, ${t.acknowledgeMinutes}::int, ${t.verifyMinutes}::int, ${t.respondMinutes}::int)`),
  );
  const received = sql`(a.received_at at time zone 'UTC')`;
  // Weeks cut at a month's start keep every row inside one month (AGG-2, core/alerts/map-months.ts).
  const start = groupBy === 'week' && options.weeksWithinMonths ? sql`greatest(date_trunc('week', ${received}), date_trunc('month', ${received}))` : sql`date_trunc(${groupBy}, ${received})`;
  const key = groupBy === 'area' ? sql`r.root_id::text` : sql`to_char(${start}, 'YYYY-MM-DD')`;
  const rootsJoin = groupBy === 'area' ? sql`left join area_roots r on r.area_id = a.area_id` : sql``;
  // Null while the clock runs (greatest() would turn null into 0); a clock stopped before the
  // gateway's receipt time counts as 0.
  const minutes = (column: string) => {
    const stoppedAt = sql.ref(`a.${column}`);
    return sql`(case when ${stoppedAt} is not null then greatest(0, extract(epoch from (${stoppedAt} - a.received_at)) / 60.0) end)::float8`;
  };
  const judged = (stoppedAt: string, target: string) =>
    sql`count(*) filter (where ${sql.ref(`f.${stoppedAt}`)} is not null or (f.state = any(${[...openStates]}::text[]) and f.received_at + ${sql.ref(`f.${target}`)} * interval '1 minute' < ${now}::timestamptz))::int`;
  const met = (stoppedAt: string, target: string) => sql`count(*) filter (where ${sql.ref(`f.${stoppedAt}`)} <= ${sql.ref(`f.${target}`)})::int`;
  const { rows } = await sql<FiguresRow>`
    with recursive ${areaRoots(level)},
    targets(severity, ack, verify, respond) as (values ${targetRows}),
    facts as (
      select ${key} as key, a.state, a.received_at,
        ${minutes('acknowledged_at')} as ack_min, ${minutes('verified_at')} as verify_min, ${minutes('responded_at')} as respond_min,
        t.ack, t.verify, t.respond
      from alerts a
      join targets t on t.severity = coalesce(a.severity, 'medium')
      ${rootsJoin}
      where ${filterConditions(filter)}
    ),
    figures as (
      select f.key, grouping(f.key) as is_total, count(*)::int as alerts,
        count(f.ack_min)::int as acknowledged, count(f.verify_min)::int as verified, count(f.respond_min)::int as responded,
        percentile_cont(0.5) within group (order by f.ack_min) as ack_median,
        percentile_cont(0.9) within group (order by f.ack_min) as ack_p90,
        percentile_cont(0.5) within group (order by f.verify_min) as verify_median,
        percentile_cont(0.9) within group (order by f.verify_min) as verify_p90,
        percentile_cont(0.5) within group (order by f.respond_min) as respond_median,
        percentile_cont(0.9) within group (order by f.respond_min) as respond_p90,
        ${met('ack_min', 'ack')} as ack_met, ${judged('ack_min', 'ack')} as ack_judged,
        ${met('verify_min', 'verify')} as verify_met, ${judged('verify_min', 'verify')} as verify_judged,
        ${met('respond_min', 'respond')} as respond_met, ${judged('respond_min', 'respond')} as respond_judged
      from facts f
      group by grouping sets ((f.key), ())
    )
    select g.*, ar.code from figures g left join areas ar on ${groupBy === 'area' ? sql`ar.id::text = g.key` : sql`false`}
    order by g.is_total, g.key nulls last
  `.execute(ex);
  return rows;
}

/** Alerts of one area placed (null: not located) in one UTC month, and how many reached each stage. */
export interface MonthStageCount {
  month: string;
  areaId: string | null;
  count: number;
  acknowledged: number;
  verified: number;
  responded: number;
}

/**
 * The filtered alerts per month and area placed with the stages they reached, as the figures
 * count them (a clock stopped): what their small cells are decided on for roles that see
 * aggregates only.
 */
export async function countStagesByMonth(ex: Executor, filter: AlertViewFilter): Promise<MonthStageCount[]> {
  const { rows } = await sql<{ month: string; area_id: string | null; alerts: number; acknowledged: number; verified: number; responded: number }>`
    select to_char(date_trunc('month', a.received_at at time zone 'UTC'), 'YYYY-MM-DD') as month, a.area_id, count(*)::int as alerts,
      count(a.acknowledged_at)::int as acknowledged, count(a.verified_at)::int as verified, count(a.responded_at)::int as responded
    from alerts a where ${filterConditions(filter)}
    group by 1, 2`.execute(ex);
  return rows.map((r) => ({ month: r.month, areaId: r.area_id, count: r.alerts, acknowledged: r.acknowledged, verified: r.verified, responded: r.responded }));
}
