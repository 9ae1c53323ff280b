import { sql, type Kysely } from 'kysely';

// OpenRosa submissions (issue 4): ODK Collect and KoboCollect send Weft's alert form.
// - REL-2: meta/instanceID is the idempotency key, unique per organisation; the SHA-256 of
//   the submitted XML tells a resend (same bytes: 201 again, one alert) from a conflicting
//   one (other bytes: 409), as ODK Central does.
// - The XML itself is sealed with the alert (alerts.raw_sealed); this table holds no content.
// - EVD-1: attachments keep their SHA-256, size and type (none accepted yet: the alert form has
//   no media question; the table is ready for when one is added).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table openrosa_submissions (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      form_id text not null,
      form_version text,
      instance_id text not null,
      xml_sha256 text not null,
      token_id uuid references api_tokens(id),
      alert_id uuid references alerts(id),
      received_at timestamptz not null default now(),
      constraint openrosa_submissions_sha_check check (xml_sha256 ~ '^[0-9a-f]{64}$')
    );
    create unique index openrosa_submissions_instance_key on openrosa_submissions (organisation_id, instance_id);

    create table openrosa_attachments (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      submission_id uuid not null references openrosa_submissions(id) on delete cascade,
      filename text not null,
      content_type text,
      size_bytes integer not null,
      sha256 text not null,
      created_at timestamptz not null default now(),
      constraint openrosa_attachments_sha_check check (sha256 ~ '^[0-9a-f]{64}$')
    );
    create unique index openrosa_attachments_file_key on openrosa_attachments (submission_id, filename);
  `.execute(db);
}

