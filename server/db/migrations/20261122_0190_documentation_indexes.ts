import { sql, type Kysely } from 'kysely';

// Indexes the documentation benchmarks (bench/documentation, 1,000,000 incidents) showed the
// list and export queries need; each matches a query's filter and ORDER BY exactly, so a page
// reads about as many rows as it returns instead of sorting a whole organisation:
// - the case list, newest change first, with or without filters (cases/store listCases);
// - the incident list, newest report first (incidents/store listRecent: report_date desc, id desc);
// - the Incident Recorder export, read in id order in batches (incidents/store exportBatch);
// - the clinical list, rapes and sexual assaults whose window may still be open.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index cases_organisation_updated_idx on cases (organisation_id, updated_at desc, id desc);
    create index incidents_organisation_report_idx on incidents (organisation_id, report_date desc, id desc);
    create index incidents_organisation_id_idx on incidents (organisation_id, id);
    create index incidents_clinical_latest_idx on incidents (organisation_id, incident_latest_at) where gbv_type in ('rape', 'sexual_assault');
  `.execute(db);
}
