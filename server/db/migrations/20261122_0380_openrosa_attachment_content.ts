import { sql, type Kysely } from 'kysely';

// Photos sent with the alert form (issue 4: "submissions with repeats and attachments").
// - MIN-3: the stored bytes are the photo without its location and device metadata;
//   metadata_removed says what went (exif, xmp, comment...).
// - EVD-1: sha256 and size_bytes stay those of the bytes as received; stored_sha256 is of
//   what is kept, so both the original and the stored file can be checked later; the audit
//   rows about an attachment are its chain of custody (indexed by resource below).
// - STO-1: the content is sealed under the organisation's key, like the alert's raw message.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table openrosa_attachments
      add column alert_id uuid references alerts(id) on delete cascade,
      add column content_sealed bytea,
      add column stored_sha256 text,
      add column stored_size_bytes integer,
      add column metadata_removed text[] not null default '{}',
      add constraint openrosa_attachments_stored_sha_check check (stored_sha256 is null or stored_sha256 ~ '^[0-9a-f]{64}$');
    create index openrosa_attachments_alert_idx on openrosa_attachments (alert_id) where alert_id is not null;
    -- The custody of one record (every audit row about it) without scanning the trail.
    create index audit_log_resource_idx on audit_log (resource_type, resource_id, id);
  `.execute(db);
}
