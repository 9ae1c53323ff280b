import { sql, type Kysely } from 'kysely';

// Long SMS that a gateway delivers in fragments (Vonage concat-ref/-total/-part) wait here
// until the last one arrives and the joined message becomes ONE alert (REL-2). Text, sender
// and raw payload are sealed like an alert's (STO-1); the sender is found by its keyed hash.
// A completed fragment keeps the alert it became for a while, so a gateway's retry of it is
// answered as a duplicate instead of starting a new message.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sms_fragments (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      channel_id uuid not null references alert_channels(id),
      sender_hash text not null,
      reference text not null,
      total integer not null,
      part_index integer not null,
      provider_message_id text,
      sender_sealed bytea not null,
      text_sealed bytea not null,
      raw_sealed bytea not null,
      received_at timestamptz not null,
      created_at timestamptz not null default now(),
      alert_id uuid references alerts(id) on delete cascade,
      constraint sms_fragments_part_check check (total between 2 and 50 and part_index between 1 and total)
    );
    create unique index sms_fragments_part_key on sms_fragments (channel_id, sender_hash, reference, total, part_index);
    create index sms_fragments_waiting_idx on sms_fragments (created_at) where alert_id is null;
  `.execute(db);
}
