import { sql, type Kysely } from 'kysely';

// Foundation tables: organisations, identity, sessions, tokens, keys, audit, places, jobs.
// Written once for PostgreSQL 15+ and PGlite (PostgreSQL 18).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      short_name text not null,
      kind text not null,
      country_code text,
      is_platform_operator boolean not null default false,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );
    create unique index organisations_short_name_key on organisations (lower(short_name));

    create table users (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      email text not null,
      display_name text not null,
      role text not null,
      language text not null default 'en',
      password_hash text not null,
      password_changed_at timestamptz not null default now(),
      must_change_password boolean not null default false,
      totp_secret bytea,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_email_key on users (lower(email));
    create index users_organisation_idx on users (organisation_id);

    create table sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      stage text not null,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      reauthenticated_at timestamptz,
      ip text,
      user_agent text
    );
    create index sessions_user_idx on sessions (user_id);

    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      purpose text not null,
      name text not null,
      secret_hash text not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_tokens_organisation_idx on api_tokens (organisation_id);

    create table notifications (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      kind text not null,
      data jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index notifications_user_idx on notifications (user_id, created_at desc);

    create table data_keys (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid references organisations(id),
      scope text not null,
      wrapped_key bytea,
      master_key_id text not null,
      status text not null default 'active',
      created_at timestamptz not null default now(),
      retired_at timestamptz,
      destroyed_at timestamptz
    );
    create index data_keys_organisation_idx on data_keys (organisation_id, status);
    -- STO-1: one active key per organisation, even if two creators raced past the row lock.
    create unique index data_keys_one_active_org_key on data_keys (organisation_id)
      where scope = 'organisation' and status = 'active';

    create table audit_log (
      id bigserial primary key,
      seq bigint,
      occurred_at timestamptz not null,
      actor_user_id uuid,
      actor_token_id uuid,
      organisation_id uuid,
      action text not null,
      resource_type text not null,
      resource_id text,
      outcome text not null,
      request_id text,
      details jsonb not null default '{}'::jsonb,
      prev_hash text,
      hash text,
      chained_at timestamptz
    );
    create unique index audit_log_seq_key on audit_log (seq);
    create index audit_log_unchained_idx on audit_log (id) where seq is null;
    create index audit_log_occurred_idx on audit_log (occurred_at desc);
    create index audit_log_organisation_idx on audit_log (organisation_id, id desc);
    create index audit_log_action_idx on audit_log (action, id desc);

    create table areas (
      id uuid primary key default gen_random_uuid(),
      code text not null,
      level integer not null,
      level_name text not null,
      parent_id uuid references areas(id),
      names jsonb not null,
      geometry jsonb,
      min_lon double precision,
      min_lat double precision,
      max_lon double precision,
      max_lat double precision,
      centroid_lon double precision,
      centroid_lat double precision,
      source text,
      attribution text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index areas_code_key on areas (code);
    create index areas_parent_idx on areas (parent_id);
    create index areas_level_idx on areas (level);

    create table jobs (
      id bigserial primary key,
      queue text not null,
      payload jsonb not null default '{}'::jsonb,
      status text not null default 'pending',
      run_at timestamptz not null default now(),
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      locked_at timestamptz,
      locked_by text,
      last_error text,
      unique_key text,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index jobs_ready_idx on jobs (queue, run_at) where status = 'pending';
    create unique index jobs_unique_key on jobs (queue, unique_key) where unique_key is not null and status in ('pending', 'running');

    create table instance_settings (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    );
  `.execute(db);

  // AUD-1: the audit trail is append-only at the database too. The one update allowed is the
  // chainer's: it fills seq, prev_hash, hash and chained_at of a row not yet chained, and
  // nothing else. The hash chain detects what a superuser could still do by disabling this.
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.hash is null and new.hash is not null
         and new.id = old.id and new.occurred_at = old.occurred_at
         and new.actor_user_id is not distinct from old.actor_user_id
         and new.actor_token_id is not distinct from old.actor_token_id
         and new.organisation_id is not distinct from old.organisation_id
         and new.action = old.action and new.resource_type = old.resource_type
         and new.resource_id is not distinct from old.resource_id
         and new.outcome = old.outcome
         and new.request_id is not distinct from old.request_id
         and new.details = old.details then
        return new;
      end if;
      raise exception 'audit_log is append-only';
    end;
    $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
  `.execute(db);
}
