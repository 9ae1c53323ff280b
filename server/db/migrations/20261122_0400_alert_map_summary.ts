import { sql, type Kysely } from 'kysely';

// Counts of alerts for the map's areas at 1,000,000 alerts (issue 4 part 5; read by
// server/modules/alerts/views-counts.ts).
//
// alert_map_counts holds, per organisation, the number of alerts per (area, state, severity,
// channel) received in each UTC day, month and year. A period [from, to) is answered from the
// years, months and days that fit in it, plus the alerts of its partial first and last days
// read from alerts itself, so answers stay exact. A map over "the last 30 days" reads a week
// of day rows and one month's rows instead of every alert.
//
// Triggers keep it right on every write path (intake, triage, bulk actions, merges,
// relocation, conversion, deletion), in the writing transaction, and the same way on
// PostgreSQL 15 and PGlite. They never update a count in place: each statement appends its
// net change per key to alert_map_count_changes, and readers add the pending changes to the
// counts. An in-place counter would be one hot row per (day, area, channel) that every
// concurrent intake transaction waits on until the one before commits (the lesson of the
// audit chain). A job (views-counts.ts compactMapCounts) folds the changes into the counts
// in the background, one compactor at a time; answers never depend on it having run.
//
// Statement-level triggers with transition tables: one insert per statement whatever the
// number of rows (intake batches, bulk actions), and an update that changes no counted
// column nets to nothing and writes nothing.
//
// alerts_received_idx replaces alerts_organisation_idx (same keys) with the map's columns
// included: the partial days at a period's ends, and the clusters of a period, are then read
// from the index alone instead of one heap page per alert. Same number of indexes to keep
// at intake.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index if not exists alerts_received_idx on alerts (organisation_id, received_at desc, id desc)
      include (state, severity, channel, area_id, grid_lat, grid_lon);
    drop index if exists alerts_organisation_idx;

    create table alert_map_counts (
      organisation_id uuid not null,
      period text not null,
      starts_on date not null,
      area_id uuid,
      state text not null,
      severity text,
      channel text not null,
      alerts integer not null,
      constraint alert_map_counts_period_check check (period in ('day', 'month', 'year'))
    );
    create unique index alert_map_counts_key on alert_map_counts (organisation_id, period, starts_on, area_id, state, severity, channel)
      include (alerts) nulls not distinct;
    create index alert_map_counts_empty_idx on alert_map_counts (organisation_id) where alerts = 0;

    create table alert_map_count_changes (
      id bigint generated always as identity primary key,
      organisation_id uuid not null,
      received_on date not null,
      area_id uuid,
      state text not null,
      severity text,
      channel text not null,
      alerts integer not null
    );
    create index alert_map_count_changes_day_idx on alert_map_count_changes (organisation_id, received_on);

    create function alert_map_counts_inserted() returns trigger language plpgsql as $$
    begin
      insert into alert_map_count_changes (organisation_id, received_on, area_id, state, severity, channel, alerts)
      select organisation_id, (received_at at time zone 'UTC')::date, area_id, state, severity, channel, count(*)::int
      from inserted_alerts group by 1, 2, 3, 4, 5, 6;
      return null;
    end $$;

    create function alert_map_counts_updated() returns trigger language plpgsql as $$
    begin
      insert into alert_map_count_changes (organisation_id, received_on, area_id, state, severity, channel, alerts)
      select organisation_id, received_on, area_id, state, severity, channel, sum(n)::int
      from (
        select organisation_id, (received_at at time zone 'UTC')::date as received_on, area_id, state, severity, channel, 1 as n from updated_alerts
        union all
        select organisation_id, (received_at at time zone 'UTC')::date, area_id, state, severity, channel, -1 from previous_alerts
      ) c
      group by 1, 2, 3, 4, 5, 6
      having sum(n) <> 0;
      return null;
    end $$;

    create function alert_map_counts_deleted() returns trigger language plpgsql as $$
    begin
      insert into alert_map_count_changes (organisation_id, received_on, area_id, state, severity, channel, alerts)
      select organisation_id, (received_at at time zone 'UTC')::date, area_id, state, severity, channel, -count(*)::int
      from deleted_alerts group by 1, 2, 3, 4, 5, 6;
      return null;
    end $$;

    create function alert_map_counts_truncated() returns trigger language plpgsql as $$
    begin
      delete from alert_map_count_changes;
      delete from alert_map_counts;
      return null;
    end $$;

    create trigger alerts_map_counts_insert after insert on alerts
      referencing new table as inserted_alerts for each statement execute function alert_map_counts_inserted();
    create trigger alerts_map_counts_update after update on alerts
      referencing old table as previous_alerts new table as updated_alerts for each statement execute function alert_map_counts_updated();
    create trigger alerts_map_counts_delete after delete on alerts
      referencing old table as deleted_alerts for each statement execute function alert_map_counts_deleted();
    create trigger alerts_map_counts_truncate after truncate on alerts
      for each statement execute function alert_map_counts_truncated();

    insert into alert_map_counts (organisation_id, period, starts_on, area_id, state, severity, channel, alerts)
    select d.organisation_id, p.period,
      case p.period when 'day' then d.received_on else date_trunc(p.period, d.received_on::timestamp)::date end,
      d.area_id, d.state, d.severity, d.channel, sum(d.n)::int
    from (
      select organisation_id, (received_at at time zone 'UTC')::date as received_on, area_id, state, severity, channel, count(*) as n
      from alerts group by 1, 2, 3, 4, 5, 6
    ) d
    cross join (values ('day'), ('month'), ('year')) as p(period)
    group by 1, 2, 3, 4, 5, 6, 7;
  `.execute(db);
}
