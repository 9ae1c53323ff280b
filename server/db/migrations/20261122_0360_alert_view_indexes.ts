import { sql, type Kysely } from 'kysely';

// Indexes for the alert queue, map and figures at 1,000,000 alerts (issue 4 part 5; the
// queries are in server/modules/alerts/store.ts listAlerts and views-store.ts).
//
// The queue answers a page in two steps: ids from an index-only walk, then the rows. The walk
// is split per value of a small key (state and channel, or state alone for the severity
// order, or area), each branch reading one ordered range of an index and stopping at the page
// size; the branches are merged. A filter matching nothing then costs one walk of the index
// (no heap), never a sort of the organisation's alerts. So the filter columns are INCLUDEd
// and checked in the index itself.
// - alerts_queue_idx: received order, per (state, channel); from/to is a range in it.
// - alerts_queue_severity_idx: critical first (the rank below is repeated verbatim in
//   views-store.ts SEVERITY_RANK_SQL: the planner matches the expression's text), per state.
// - alerts_queue_area_idx: per area (an area filter is the area and its descendants), and
//   index-only scans of the map with an area filter.
// - alerts_area_count_idx: the map's counts per area without filters; its keys repeat (a few
//   hundred areas), so deduplication keeps it a few megabytes at a million alerts and a
//   parallel index-only scan counts them.
// - Small queues (locating, escalated, assigned to a person or a team): partial indexes, so a
//   queue walks only its own alerts.
// - alerts_grid_idx: the map's cells (counted per grid point in index order, the bbox a range
//   of it) and the id of a cell holding one alert.
// - alerts_merged_into_idx: the duplicates of an alert, and the foreign-key check on delete
//   (without it, deleting alerts scans the table once per deleted row).
// `if not exists`: a benchmark database may hold them already from an EXPLAIN session.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index if not exists alerts_queue_idx on alerts (organisation_id, state, channel, received_at desc, id desc)
      include (severity, area_id, unknown_sender, escalation_level, assigned_user_id, assigned_team, grid_lat, grid_lon);
    create index if not exists alerts_queue_severity_idx on alerts (
      organisation_id, state,
      (case severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end) desc,
      received_at desc, id desc
    ) include (channel, area_id, unknown_sender, escalation_level, assigned_user_id, assigned_team);
    create index if not exists alerts_queue_area_idx on alerts (organisation_id, area_id, received_at desc, id desc)
      include (state, channel, severity, unknown_sender, escalation_level, assigned_user_id, assigned_team, grid_lat, grid_lon);
    create index if not exists alerts_area_count_idx on alerts (organisation_id, area_id);
    create index if not exists alerts_locating_idx on alerts (organisation_id, received_at desc, id desc) where area_id is null;
    create index if not exists alerts_escalated_idx on alerts (organisation_id, received_at desc, id desc) where escalation_level > 0;
    create index if not exists alerts_assigned_idx on alerts (organisation_id, assigned_user_id, received_at desc, id desc) where assigned_user_id is not null;
    create index if not exists alerts_team_idx on alerts (organisation_id, assigned_team, received_at desc, id desc) where assigned_team is not null;
    create index if not exists alerts_grid_idx on alerts (organisation_id, grid_lat, grid_lon) where grid_lat is not null;
    create index if not exists alerts_merged_into_idx on alerts (merged_into_id) where merged_into_id is not null;
  `.execute(db);
}
