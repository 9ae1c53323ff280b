import { sql, type Kysely } from 'kysely';

// Alerts sent by signed-in users (web form, hotline operators): the reporter is the actor of
// the alert's first event (no phone, no sender hash: the user is known), and "my recent
// alerts" finds them by it. Without this index that list would scan every event of every
// organisation.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index alert_events_reporter_idx on alert_events (actor_user_id, occurred_at desc)
      where kind = 'state' and from_state is null and actor_user_id is not null;
  `.execute(db);
}
