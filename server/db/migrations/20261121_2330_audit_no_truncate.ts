import { sql, type Kysely } from 'kysely';

// AUD-1: row triggers do not fire on TRUNCATE; refuse it too.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function audit_log_no_truncate() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end;
    $$;
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_no_truncate();
  `.execute(db);
}
