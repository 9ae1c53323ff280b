/** All SQL of OpenRosa submissions; every query names the organisation. */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/database';
import type { OpenrosaAttachmentsTable, OpenrosaSubmissionsTable } from '../../db/schema';

export type SubmissionRow = Selectable<OpenrosaSubmissionsTable>;

/**
 * Inserts the submissions whose instanceID is not stored yet for their organisation, in one
 * statement; returns those inserted. Resends (and twins within the batch) are skipped: the
 * loser of a race on the unique index gets nothing back, no error (REL-2).
 */
export async function insertSubmissionsIfNew(ex: Executor, rows: readonly (Insertable<OpenrosaSubmissionsTable> & { id: string })[]): Promise<SubmissionRow[]> {
  if (rows.length === 0) return [];
  // Index lock order by instance, so two batches sharing instances cannot deadlock.
  const ordered = [...rows].sort((a, b) => (a.instance_id < b.instance_id ? -1 : a.instance_id > b.instance_id ? 1 : 0));
  const values = ordered.map((row) => sql`(${row.id}, ${row.organisation_id}, ${row.form_id}, ${row.form_version ?? null}, ${row.instance_id}, ${row.xml_sha256}, ${row.token_id ?? null})`);
  const result = await sql<SubmissionRow>`
    insert into openrosa_submissions (id, organisation_id, form_id, form_version, instance_id, xml_sha256, token_id)
    values ${sql.join(values)}
    on conflict (organisation_id, instance_id) do nothing
    returning *
  `.execute(ex);
  return result.rows;
}

export async function findSubmission(ex: Executor, organisationId: string, instanceId: string): Promise<SubmissionRow | undefined> {
  return ex.selectFrom('openrosa_submissions').selectAll().where('organisation_id', '=', organisationId).where('instance_id', '=', instanceId).executeTakeFirst();
}

/** Links each new submission to the alert it became, in one statement. */
export async function linkAlerts(ex: Executor, links: readonly { organisationId: string; submissionId: string; alertId: string }[]): Promise<void> {
  if (links.length === 0) return;
  const values = links.map((l) => sql`(${l.organisationId}::uuid, ${l.submissionId}::uuid, ${l.alertId}::uuid)`);
  await sql`
    update openrosa_submissions s set alert_id = v.alert_id
    from (values ${sql.join(values)}) as v (organisation_id, submission_id, alert_id)
    where s.organisation_id = v.organisation_id and s.id = v.submission_id
  `.execute(ex);
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
