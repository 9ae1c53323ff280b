import { sql, type Kysely } from 'kysely';

// Indexes for the incident list filters the benchmarks (bench/documentation, 1,000,000
// incidents) showed walking or sorting most of an organisation:
// - an area filter (incidents/store filtered: area_id = any(area and descendants)), newest
//   report first: one area reads its own rows in list order; it replaces the
//   (organisation_id, area_id) index, its prefix;
// - a date range (incidents/store listBySpan: incident_earliest_at desc, id desc), which
//   starts at the range's end instead of walking every newer report;
// - the clinical list (incidents/store listClinical), bounded by the report date
//   (core/clinical earliestReportDateWithOpenWindow): rapes and sexual assaults of the last
//   days only, whatever is known of their time.
// `if not exists`: the benchmark database may hold them already from an EXPLAIN session.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index if not exists incidents_organisation_area_report_idx on incidents (organisation_id, area_id, report_date desc, id desc);
    drop index if exists incidents_area_idx;
    create index if not exists incidents_organisation_earliest_idx on incidents (organisation_id, incident_earliest_at desc, id desc);
    create index if not exists incidents_clinical_report_idx on incidents (organisation_id, report_date) where gbv_type in ('rape', 'sexual_assault');
  `.execute(db);
}
