/**
 * Generates fictional alerts of one organisation for the queue and map benchmarks (issue 4,
 * views): by default 1,000,000 on PostgreSQL (100,000 on PGlite), over the real DR Congo
 * provinces and eastern health zones (../shared/data, imported through the places service),
 * written server-side with `insert … select … from generate_series` in batches of
 * BENCH_BATCH rows, each its own transaction.
 *
 * The spread: received_at over the past year, denser lately, with three spike days (an
 * election day, two attacks); channels as a network uses them (Twilio and OpenRosa most);
 * states by age (recent alerts new or being verified, old ones closed or dismissed, 8%
 * duplicates merged into an earlier alert); severities set once triage starts; 97% of
 * alerts in a health zone drawn with a long-tailed weight (front lines, displacement sites),
 * 3% with no area (the locating queue); a grid point (0.01 degree) inside the zone's box for
 * alerts that came with a location. The map's counts (migration 0400) are rebuilt once after
 * the load, their trigger off meanwhile, as the secondary indexes are. Sealed columns hold fixed dummy bytes of realistic
 * sizes: bench data, never opened. No audit rows are written for generated alerts.
 *
 * Run alone: npx tsx bench/alerts/generate.ts [--alerts N]
 *   BENCH_TARGETS=postgres with DATABASE_URL (a scratch database, kept: BENCH_KEEP_DATABASE=1)
 *   or BENCH_DATABASE_URL (an existing database) to write to PostgreSQL.
 */
import path from 'node:path';
import { sql } from 'kysely';
import { createChannelBody } from '../../core/schemas/alerts';
import { createChannel } from '../../server/modules/alerts/service';
import { rebuildMapCounts } from '../../server/modules/alerts/views-counts';
import type { AppContext } from '../../server/platform/context';
import { buildOrganisation, buildUser, type TestUser } from '../../server/test/factories';
import { adminRequest, analyse, importDrcAreas, int, openAlertsTarget, readAreas, targetLabels, type AlertsTarget } from './support';

export interface AlertsFixture {
  generatedAt: string;
  alerts: number;
  organisationId: string;
  coordinator: TestUser;
  /** Provinces (level 1) holding the most generated alerts first, and every health zone. */
  provinces: string[];
  zones: string[];
  seconds: number;
}

const FIXTURE_KEY = 'bench.alerts.fixture';
const PASSWORD = 'fictional bench passphrase 2026';
const BATCH = Number(process.env.BENCH_BATCH ?? 100_000);
const SMS_PROVIDERS = ['twilio', 'africas_talking', 'generic', 'frontlinesms', 'smssync', 'vonage'] as const;

export async function readAlertsFixture(ctx: AppContext): Promise<AlertsFixture | null> {
  const row = await ctx.db.selectFrom('instance_settings').select('value').where('key', '=', FIXTURE_KEY).executeTakeFirst();
  return row ? (row.value as AlertsFixture) : null;
}

/** Kept in the database itself, so a reused database brings its users and ids along. */
export async function saveAlertsFixture(ctx: AppContext, fixture: AlertsFixture): Promise<void> {
  const value = JSON.stringify(fixture);
  await ctx.db
    .insertInto('instance_settings')
    .values({ key: FIXTURE_KEY, value, updated_at: new Date() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: new Date() }))
    .execute();
}

/**
 * One batch: rows n in [first, last]. Ids are md5(seed || n) so a duplicate can point at an
 * earlier alert (n - 1 - k) without reading it back (shaped as version 4 UUIDs, as the API checks).
 */
async function writeBatch(target: AlertsTarget, organisationId: string, seed: string, first: number, last: number): Promise<void> {
  const dummy = (bytes: number) => Buffer.alloc(bytes, 0xa5);
  await sql`
    with g as (
      select n, random() as r_state, random() as r_sev, random() as r_area, random() as r_chan, random() as r_loc, random() as r_x, random() as r_y, random() as r_fp, random() as r_null,
        case when n % 997 = 0 then now() - interval '47 days' + random() * interval '14 hours'
             when n % 991 = 0 then now() - interval '150 days' + random() * interval '6 hours'
             when n % 983 = 0 then now() - interval '3 days' + random() * interval '4 hours'
             else now() - power(random(), 1.4) * interval '365 days' end as received_at
      from generate_series(${first}::int, ${last}::int) as n
    ), shaped as (
      select g.*,
        extract(epoch from now() - received_at) / 86400 as age_days,
        (select z.id from bench_zones z where z.cum >= g.r_area * (select max(cum) from bench_zones) order by z.cum limit 1) as zone_id,
        (select c.kind from bench_channels c where c.cum >= g.r_chan order by c.cum limit 1) as channel
      from g
    ), staged as (
      select s.*,
        case when s.age_days < 2 then (case when r_state < 0.45 then 'new' when r_state < 0.65 then 'acknowledged' when r_state < 0.85 then 'verifying' when r_state < 0.95 then 'verified' else 'dismissed' end)
             when s.age_days < 14 then (case when r_state < 0.08 then 'new' when r_state < 0.18 then 'acknowledged' when r_state < 0.33 then 'verifying' when r_state < 0.63 then 'verified' when r_state < 0.78 then 'dismissed' when r_state < 0.85 and n > ${first} + 50 then 'duplicate' else 'closed' end)
             else (case when r_state < 0.01 then 'new' when r_state < 0.02 then 'acknowledged' when r_state < 0.05 then 'verifying' when r_state < 0.20 then 'verified' when r_state < 0.40 then 'dismissed' when r_state < 0.48 and n > ${first} + 50 then 'duplicate' else 'closed' end) end as state,
        case when r_null < 0.03 then null else s.zone_id end as area_id,
        (s.channel = 'openrosa' or (s.channel in ('web', 'hotline') and r_loc < 0.5) or r_loc < 0.15) as has_point
      from shaped s
    )
    insert into alerts (
      id, organisation_id, reference, channel, channel_id, provider_message_id, sender_hash, sender_sealed, focal_point_id, unknown_sender,
      state, severity, area_id, area_source, location_sealed, text_sealed, raw_sealed, categories, people_at_risk, perpetrator_type, warnings,
      observed_at, received_at, created_at, updated_at, merged_into_id, acknowledged_at, verified_at, responded_at, closed_at,
      escalation_level, grid_lat, grid_lon, version
    )
    select
      overlay(overlay(md5(${seed} || n) placing '4' from 13) placing 'a' from 17)::uuid, ${organisationId}, 'G-' || lpad(to_hex(n), 7, '0'), st.channel,
      (select id from bench_channels c where c.kind = st.channel), case when st.channel in ('web', 'hotline') then null else ${seed} || '-' || n end,
      case when st.channel = 'openrosa' then null else md5('sender' || (n % 5000)) end, case when st.channel = 'openrosa' then null else ${dummy(60)}::bytea end,
      case when r_fp < 0.8 then (select f.id from bench_focal_points f where f.k = n % 300) end, not (r_fp < 0.8),
      st.state,
      case when st.state = 'new' and r_sev < 0.7 then null when r_sev < 0.35 then 'low' when r_sev < 0.70 then 'medium' when r_sev < 0.92 then 'high' else 'critical' end,
      st.area_id, case when st.area_id is null then null when st.channel = 'openrosa' then 'code' when r_loc < 0.5 then 'text' else 'focal_point' end,
      case when st.has_point then ${dummy(90)}::bytea end, ${dummy(160)}::bytea, ${dummy(520)}::bytea,
      case n % 5 when 0 then array['armed_men'] when 1 then array['abduction', 'armed_men'] when 2 then array['looting', 'gunfire'] when 3 then array['sexual_violence'] else array['displacement'] end,
      case when r_y < 0.6 then (n % 40) + 1 end, (array['non_state_armed_group', 'state_forces', 'unknown', null])[1 + n % 4], '{}'::text[],
      received_at - (n % 36) * interval '20 minutes', received_at, received_at, received_at + interval '2 hours',
      case when st.state = 'duplicate' then overlay(overlay(md5(${seed} || (n - 1 - n % 50)) placing '4' from 13) placing 'a' from 17)::uuid end,
      case when st.state <> 'new' then received_at + (5 + n % 120) * interval '1 minute' end,
      case when st.state in ('verified', 'closed') then received_at + (1 + n % 48) * interval '1 hour' end,
      case when st.state = 'closed' or (st.state = 'verified' and r_y < 0.4) then received_at + (2 + n % 96) * interval '1 hour' end,
      case when st.state in ('closed', 'dismissed', 'duplicate') then received_at + (6 + n % 200) * interval '1 hour' end,
      case when st.state in ('new', 'acknowledged') and st.age_days > 1 then 1 + n % 2 else 0 end,
      case when st.has_point then round((z.min_lat + r_y * (z.max_lat - z.min_lat))::numeric, 2)::float8 end,
      case when st.has_point then round((z.min_lon + r_x * (z.max_lon - z.min_lon))::numeric, 2)::float8 end,
      1 + (n % 4)
    from staged st
    left join bench_zones z on z.id = coalesce(st.area_id, st.zone_id)
  `.execute(target.ownerDb);
}

/** Drops the indexes of alerts that back no constraint; returns their definitions to build them again. */
async function dropSecondaryIndexes(target: AlertsTarget): Promise<string[]> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select i.relname as name, pg_get_indexdef(i.oid) as definition
    from pg_index x join pg_class i on i.oid = x.indexrelid
    where x.indrelid = 'alerts'::regclass and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`.execute(target.ownerDb);
  for (const r of rows) await sql`drop index ${sql.ref(r.name)}`.execute(target.ownerDb);
  return rows.map((r) => r.definition);
}

export async function generateAlertsData(target: AlertsTarget, count: number, log: (line: string) => void): Promise<AlertsFixture> {
  const { ctx } = target.runtime;
  const started = performance.now();
  if ((await ctx.db.selectFrom('areas').select('id').limit(1).execute()).length === 0) await importDrcAreas(ctx, log);
  const areas = await readAreas(ctx.db);
  const zones = areas.filter((a) => a.level === 2);
  const organisation = await buildOrganisation(ctx, { name: 'Fictional Alert Network (bench views)', shortName: 'FANV' });
  const admin = await adminRequest(ctx, organisation.id);
  const coordinator = await buildUser(ctx, { role: 'coordinator', organisationId: organisation.id, email: 'bench.fanv.coordinator@bench.weft.example', password: PASSWORD });
  const channels: Array<{ kind: string; id: string | null; share: number }> = [];
  const shares: Record<string, number> = { twilio: 0.34, africas_talking: 0.12, generic: 0.06, frontlinesms: 0.04, smssync: 0.03, vonage: 0.02, openrosa: 0.27, web: 0.07, hotline: 0.05 };
  for (const provider of SMS_PROVIDERS) {
    const secrets = provider === 'twilio' ? { authToken: 'bench-twilio-auth-token-0123456789abcdef' } : provider === 'generic' || provider === 'vonage' ? { signatureSecret: 'bench-signature-secret-0123456789' } : { sharedSecret: 'bench-shared-secret-0123456789' };
    const channel = await createChannel(ctx, admin, createChannelBody.parse({ provider, name: `Bench ${provider}`, ...secrets }));
    channels.push({ kind: provider, id: channel.id, share: shares[provider]! });
  }
  for (const kind of ['openrosa', 'web', 'hotline']) channels.push({ kind, id: null, share: shares[kind]! });

  // Work tables of the owner: weighted zones (a long tail: rank^-0.8), channels, focal points.
  const db = target.ownerDb;
  await sql`drop table if exists bench_zones, bench_channels, bench_focal_points`.execute(db);
  await sql`create table bench_zones (id uuid primary key, cum float8 not null, min_lat float8, max_lat float8, min_lon float8, max_lon float8)`.execute(db);
  let cum = 0;
  const shuffled = [...zones].sort((a, b) => (a.code.split('').reverse().join('') < b.code.split('').reverse().join('') ? -1 : 1));
  const zoneRows = shuffled.map((z, rank) => ({ id: z.id, cum: (cum += 1 / (rank + 1) ** 0.8), min_lat: z.bbox.minLat, max_lat: z.bbox.maxLat, min_lon: z.bbox.minLon, max_lon: z.bbox.maxLon }));
  await sql`insert into bench_zones select * from json_populate_recordset(null::bench_zones, ${JSON.stringify(zoneRows)}::json)`.execute(db);
  await sql`create index on bench_zones (cum)`.execute(db);
  await sql`create table bench_channels (kind text primary key, id uuid, cum float8 not null)`.execute(db);
  let c = 0;
  const channelRows = channels.map((ch) => ({ kind: ch.kind, id: ch.id, cum: (c += ch.share) }));
  channelRows[channelRows.length - 1]!.cum = 1.0000001;
  await sql`insert into bench_channels select * from json_populate_recordset(null::bench_channels, ${JSON.stringify(channelRows)}::json)`.execute(db);
  await sql`create table bench_focal_points (k int primary key, id uuid not null)`.execute(db);
  await sql`
    with made as (
      insert into focal_points (organisation_id, display_name, area_id, languages, trust_level)
      select ${organisation.id}, 'Fictional focal point ' || k, (select id from bench_zones order by md5(k::text || id::text) limit 1), array['fr'], 'established'
      from generate_series(0, 299) as k
      returning id, display_name
    )
    insert into bench_focal_points select substring(display_name from '[0-9]+$')::int, id from made`.execute(db);
  log(`areas, organisation, ${channels.length} channels and 300 focal points ready in ${((performance.now() - started) / 1000).toFixed(1)} s; generating ${int(count)} alerts in batches of ${int(BATCH)}`);

  const genStarted = performance.now();
  const seed = `bench-alerts-${Date.now()}`;
  // A bulk load's usual way on a server: secondary indexes dropped, then built once, as they were.
  const indexes = target.label === 'postgres' ? await dropSecondaryIndexes(target) : [];
  // The map's counts likewise: triggers off during the load, counted once after (migration 0400).
  await sql`alter table alerts disable trigger alerts_map_counts_insert`.execute(db);
  for (let first = 1; first <= count; first += BATCH) {
    const last = Math.min(count, first + BATCH - 1);
    await writeBatch(target, organisation.id, seed, first, last);
    const s = (performance.now() - genStarted) / 1000;
    log(`  ${int(last)} alerts in ${s.toFixed(1)} s: ${int(last / s)} alerts/s`);
  }
  const indexed = performance.now();
  for (const definition of indexes) {
    await target.ownerDb.transaction().execute(async (trx) => {
      await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
      await sql.raw(definition).execute(trx);
    });
  }
  if (indexes.length > 0) log(`  ${indexes.length} secondary indexes of alerts rebuilt in ${((performance.now() - indexed) / 1000).toFixed(1)} s`);
  await sql`alter table alerts enable trigger alerts_map_counts_insert`.execute(db);
  const counted = performance.now();
  await rebuildMapCounts(db, organisation.id);
  log(`  the map's counts per day, month and year rebuilt in ${((performance.now() - counted) / 1000).toFixed(1)} s`);
  const seconds = (performance.now() - genStarted) / 1000;
  await sql`drop table bench_zones, bench_channels, bench_focal_points`.execute(db);
  const vacuumed = performance.now();
  // What autovacuum does to a table this size in production: statistics and the visibility map.
  if (target.label === 'postgres') {
    await sql`vacuum analyze alerts`.execute(db);
    await sql`vacuum analyze alert_map_counts`.execute(db);
  } else await analyse(db, ['alerts', 'alert_map_counts']);
  await analyse(db, ['areas', 'focal_points', 'alert_channels']);
  log(`generated ${int(count)} alerts in ${seconds.toFixed(1)} s (${int(count / seconds)} alerts/s); vacuum analyze ${((performance.now() - vacuumed) / 1000).toFixed(1)} s`);

  const byProvince = await sql<{ id: string; n: string }>`
    select p.id, count(*) as n from alerts a join areas z on z.id = a.area_id join areas p on p.id = z.parent_id
    where a.organisation_id = ${organisation.id} group by p.id order by n desc`.execute(db);
  const fixture: AlertsFixture = {
    generatedAt: new Date().toISOString(),
    alerts: count,
    organisationId: organisation.id,
    coordinator,
    provinces: byProvince.rows.map((r) => r.id),
    zones: zones.map((z) => z.id),
    seconds,
  };
  await saveAlertsFixture(ctx, fixture);
  return fixture;
}

export function alertCount(label: 'pglite' | 'postgres'): number {
  const i = process.argv.indexOf('--alerts');
  return Number((i >= 0 ? process.argv[i + 1] : undefined) ?? process.env.BENCH_ALERTS ?? (label === 'postgres' ? 1_000_000 : 100_000));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  for (const label of targetLabels([process.env.DATABASE_URL || process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite'])) {
    if (label === 'postgres' && !process.env.BENCH_DATABASE_URL) process.env.BENCH_KEEP_DATABASE = '1';
    const target = await openAlertsTarget(label);
    try {
      if (await readAlertsFixture(target.runtime.ctx)) console.log(`[${label}] this database already holds generated alerts; nothing written.`);
      else await generateAlertsData(target, alertCount(label), (line) => console.log(`[${label}] ${line}`));
    } finally {
      await target.close();
    }
  }
}
