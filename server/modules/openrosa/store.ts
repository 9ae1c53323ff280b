/** All SQL of OpenRosa submissions; every query names the organisation. */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/database';
import type { OpenrosaSubmissionsTable } from '../../db/schema';

export type SubmissionRow = Selectable<OpenrosaSubmissionsTable>;

/**
 * Inserts the submission unless its instanceID is already stored for the organisation:
 * concurrent resends race on the unique index and the loser gets undefined (REL-2).
 */
export async function insertSubmissionIfNew(ex: Executor, row: Insertable<OpenrosaSubmissionsTable> & { id: string }): Promise<SubmissionRow | undefined> {
  const result = await sql<SubmissionRow>`
    insert into openrosa_submissions (id, organisation_id, form_id, form_version, instance_id, xml_sha256, token_id)
    values (${row.id}, ${row.organisation_id}, ${row.form_id}, ${row.form_version ?? null}, ${row.instance_id}, ${row.xml_sha256}, ${row.token_id ?? null})
    on conflict (organisation_id, instance_id) do nothing
    returning *
  `.execute(ex);
  return result.rows[0];
}

export async function findSubmission(ex: Executor, organisationId: string, instanceId: string): Promise<SubmissionRow | undefined> {
  return ex.selectFrom('openrosa_submissions').selectAll().where('organisation_id', '=', organisationId).where('instance_id', '=', instanceId).executeTakeFirst();
}

export async function linkAlert(ex: Executor, organisationId: string, submissionId: string, alertId: string): Promise<void> {
  await ex.updateTable('openrosa_submissions').set({ alert_id: alertId }).where('organisation_id', '=', organisationId).where('id', '=', submissionId).execute();
}

export async function countSubmissions(ex: Executor, organisationId: string): Promise<number> {
  const row = await ex.selectFrom('openrosa_submissions').select((eb) => eb.fn.countAll<string>().as('n')).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
  return Number(row.n);
}
