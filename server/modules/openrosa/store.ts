/** All SQL of OpenRosa submissions; every query names the organisation. */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/database';
import type { OpenrosaAttachmentsTable, OpenrosaSubmissionsTable } from '../../db/schema';

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

// ---- Attachments ----------------------------------------------------------------------------

/** One file per (submission, file name): a resend of a split submission adds only what is new. */
export async function insertAttachmentIfNew(ex: Executor, row: Insertable<OpenrosaAttachmentsTable>): Promise<boolean> {
  const inserted = await ex.insertInto('openrosa_attachments').values(row).onConflict((oc) => oc.columns(['submission_id', 'filename']).doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

const ATTACHMENT_FIELDS = ['id', 'organisation_id', 'content_type', 'size_bytes', 'sha256', 'stored_sha256', 'metadata_removed', 'created_at'] as const;

export async function listAlertAttachments(ex: Executor, organisationId: string, alertId: string) {
  return ex.selectFrom('openrosa_attachments').select(ATTACHMENT_FIELDS).where('organisation_id', '=', organisationId).where('alert_id', '=', alertId).orderBy('created_at').orderBy('id').execute();
}

export async function findAlertAttachment(ex: Executor, organisationId: string, alertId: string, attachmentId: string) {
  return ex
    .selectFrom('openrosa_attachments')
    .select([...ATTACHMENT_FIELDS, 'content_sealed'])
    .where('organisation_id', '=', organisationId)
    .where('alert_id', '=', alertId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

/** The audit rows about one attachment, oldest first: its chain of custody (EVD-1). */
export async function listAttachmentCustody(ex: Executor, organisationId: string, attachmentId: string) {
  return ex
    .selectFrom('audit_log')
    .select(['action', 'actor_user_id', 'actor_token_id', 'occurred_at'])
    .where('organisation_id', '=', organisationId)
    .where('resource_type', '=', 'alert_attachment')
    .where('resource_id', '=', attachmentId)
    .orderBy('id')
    .limit(1000)
    .execute();
}
