import { sql, type Kysely } from 'kysely';

// REL-2: a registration sent twice (a retry after a dropped connection) returns the survivor
// registered the first time instead of a second record with a second code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table survivors add column idempotency_key text;
    create unique index survivors_idempotency_key on survivors (organisation_id, idempotency_key) where idempotency_key is not null;
  `.execute(db);
}
