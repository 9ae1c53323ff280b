import { sql, type Kysely } from 'kysely';

// Cases (issue 3 part 6): a device may resend the opening of a case or a follow-up (REL-2),
// so both take an idempotency key; a supervisor's return of a closure keeps its reason apart
// from the plan's; the plan remembers who submitted it, since its author may not approve it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table cases add column idempotency_key text;
    alter table cases add column plan_submitted_by uuid references users(id);
    alter table cases add column closure_return_reason text;
    create unique index cases_idempotency_key on cases (organisation_id, idempotency_key) where idempotency_key is not null;
    alter table case_follow_ups add column idempotency_key text;
    create unique index case_follow_ups_idempotency_key on case_follow_ups (organisation_id, idempotency_key) where idempotency_key is not null;
    create index cases_next_follow_up_idx on cases (organisation_id, next_follow_up_on) where status <> 'closed';
  `.execute(db);
}
