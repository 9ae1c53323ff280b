import { sql, type Kysely } from 'kysely';

// AUTHZ-2: organisation isolation enforced by PostgreSQL itself on the case tables.
//
// The application connects as `weft_app` (WEFT_DB_ROLE), a role that owns nothing, so the
// policies below apply to it (FORCE makes them apply to the owner too). Each request's work
// runs in `inOrganisationScope` (server/db/scope.ts), which sets `weft.organisation_id` for
// its transaction. A query on a case table with no scope set raises an error instead of
// silently answering nothing, so a forgotten scope is found by the first test that runs it.
// PGlite runs as a superuser, which bypasses RLS: the stores' own scoping guards it there.
const CASE_TABLES = ['survivors', 'consents', 'incidents', 'cases', 'case_incidents', 'case_follow_ups', 'referrals', 'referral_events', 'hotline_calls'];

export async function up(db: Kysely<any>): Promise<void> {
  // The role is cluster-wide and may exist already (another database, an earlier run). A
  // migration runner without CREATEROLE gets a notice and must create it by hand.
  await sql`
    do $$
    begin
      if not exists (select 1 from pg_roles where rolname = 'weft_app') then
        begin
          create role weft_app nologin;
        exception when insufficient_privilege then
          raise notice 'weft: cannot create role weft_app; create it (nologin) and grant it to the application user';
        end;
      end if;
    end;
    $$;
  `.execute(db);

  await sql`
    create function weft_scope_is_system() returns boolean language sql stable as $$
      select coalesce(current_setting('weft.system', true), 'off') = 'on'
    $$;

    create function weft_scope_organisation() returns uuid language plpgsql stable as $$
    declare
      scope text := nullif(current_setting('weft.organisation_id', true), '');
    begin
      if scope is null then
        raise exception 'weft: case tables are read and written only inside an organisation scope (server/db/scope.ts)'
          using errcode = 'insufficient_privilege';
      end if;
      return scope::uuid;
    end;
    $$;
  `.execute(db);

  for (const table of CASE_TABLES) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`alter table ${sql.table(table)} force row level security`.execute(db);
  }

  // (select f()) is evaluated once per query (an InitPlan), not once per row.
  await sql`
    create policy referrals_scope on referrals
      using ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation())
             or recipient_organisation_id = (select weft_scope_organisation()));

    create policy referral_events_scope on referral_events
      using ((select weft_scope_is_system()) or exists (select 1 from referrals r where r.id = referral_events.referral_id));

    -- A referral recipient reads the survivor, her consents and the referred incident (the
    -- consent gate runs on every read); only the holder writes them.
    create policy survivors_read on survivors for select
      using ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation())
             or exists (select 1 from referrals r where r.survivor_id = survivors.id and r.recipient_organisation_id = (select weft_scope_organisation())));
    create policy survivors_write on survivors for all
      using ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation()))
      with check ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation()));

    create policy consents_read on consents for select
      using ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation())
             or exists (select 1 from referrals r where r.survivor_id = consents.survivor_id and r.recipient_organisation_id = (select weft_scope_organisation())));
    create policy consents_write on consents for all
      using ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation()))
      with check ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation()));

    create policy incidents_read on incidents for select
      using ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation())
             or exists (select 1 from referrals r where r.incident_id = incidents.id and r.recipient_organisation_id = (select weft_scope_organisation())));
    create policy incidents_write on incidents for all
      using ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation()))
      with check ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation()));

    create policy cases_scope on cases
      using ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation()));
    create policy case_incidents_scope on case_incidents
      using ((select weft_scope_is_system()) or exists (select 1 from cases c where c.id = case_incidents.case_id));
    create policy case_follow_ups_scope on case_follow_ups
      using ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation()));
    create policy hotline_calls_scope on hotline_calls
      using ((select weft_scope_is_system()) or organisation_id = (select weft_scope_organisation()));
  `.execute(db);

  // Privileges: everything the application does, nothing it does not (no DDL, no TRUNCATE,
  // no DELETE on the audit trail). Later migrations' tables inherit the same grants.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'weft_app') then
        execute format('grant usage on schema %I to weft_app', current_schema());
        execute format('grant select, insert, update, delete on all tables in schema %I to weft_app', current_schema());
        execute format('grant usage, select, update on all sequences in schema %I to weft_app', current_schema());
        execute format('grant execute on all functions in schema %I to weft_app', current_schema());
        execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to weft_app', current_schema());
        execute format('alter default privileges in schema %I grant usage, select, update on sequences to weft_app', current_schema());
        revoke delete on audit_log from weft_app;
      end if;
    end;
    $$;
  `.execute(db);
}
