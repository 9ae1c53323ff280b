import { sql, type Kysely } from 'kysely';

// Survivor-centred documentation (DESIGN capabilities 1 and 2): survivors, consents,
// incidents, cases, the service directory, referrals and hotline calls.
//
// Every column ending in `_sealed` is a field-cipher ciphertext registered in
// server/platform/crypto/columns.ts. A survivor's identifying data (and everything derived
// from it: narratives, exact locations, what a referral carries) is sealed under the
// survivor's own record key, so an erasure destroys one key and every copy is unreadable
// (STO-3). Written once for PostgreSQL 15+ and PGlite (PostgreSQL 18).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table survivors (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      code text not null,
      record_key_id uuid references data_keys(id),
      sex text,
      age_at_registration integer,
      age_group text,
      is_child boolean,
      disability text,
      displacement_status text,
      marital_status text,
      nationality text,
      children_born_of_rape boolean,
      name_sealed bytea,
      contact_sealed bytea,
      location_sealed bytea,
      caregiver_sealed bytea,
      narrative_entries integer not null default 0,
      registered_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      erased_at timestamptz,
      erased_by uuid references users(id)
    );
    create unique index survivors_code_key on survivors (organisation_id, code);
    create index survivors_organisation_idx on survivors (organisation_id, created_at desc);

    create table survivor_code_counters (
      organisation_id uuid primary key references organisations(id),
      year integer not null,
      last_value integer not null
    );

    create table consents (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      survivor_id uuid not null references survivors(id),
      purpose text not null,
      recipient_organisation_id uuid references organisations(id),
      service_id uuid,
      given_by text not null,
      child_assent text,
      guardian_not_asked_reason text,
      method text not null,
      legal_basis text not null,
      given_at timestamptz not null,
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null default now(),
      withdrawn_at timestamptz,
      withdrawal_recorded_by uuid references users(id)
    );
    create index consents_survivor_idx on consents (survivor_id);
    create index consents_recipient_idx on consents (recipient_organisation_id) where recipient_organisation_id is not null;

    create table incidents (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      survivor_id uuid not null references survivors(id),
      code text not null,
      incident_time jsonb not null,
      incident_date date,
      incident_earliest_at timestamptz,
      incident_latest_at timestamptz,
      report_date date not null,
      time_of_day text,
      area_id uuid references areas(id),
      place_type text,
      location_sealed bytea,
      displacement_stage text,
      survivor_age_at_incident integer,
      survivor_age_group text,
      is_child boolean,
      perpetrator_count text,
      perpetrator_sex text,
      perpetrator_age_group text,
      perpetrator_relationship text,
      perpetrator_category text,
      conflict_contexts text[] not null default '{}',
      acts text[] not null default '{}',
      classification_answers jsonb,
      gbv_type text not null,
      derived_contexts text[] not null default '{}',
      is_crsv boolean not null default false,
      is_sea boolean not null default false,
      previously_reported boolean,
      previous_gbv_incidents boolean,
      goods_money_exchanged boolean,
      abduction_type text,
      narrative_sealed bytea,
      source text not null default 'case_worker',
      idempotency_key text,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    );
    create unique index incidents_code_key on incidents (organisation_id, code);
    create unique index incidents_idempotency_key on incidents (organisation_id, idempotency_key) where idempotency_key is not null;
    create index incidents_organisation_idx on incidents (organisation_id, report_date desc, id);
    create index incidents_survivor_idx on incidents (survivor_id);
    create index incidents_area_idx on incidents (organisation_id, area_id);
    create index incidents_type_idx on incidents (organisation_id, gbv_type);
    create index incidents_clock_idx on incidents (organisation_id, incident_earliest_at desc) where gbv_type in ('rape', 'sexual_assault');

    create table cases (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      survivor_id uuid not null references survivors(id),
      code text not null,
      status text not null default 'open',
      risk_level text not null default 'medium',
      assigned_to uuid references users(id),
      needs text[] not null default '{}',
      strength_kinds text[] not null default '{}',
      plan_sealed bytea,
      plan_status text not null default 'draft',
      plan_submitted_at timestamptz,
      plan_approved_at timestamptz,
      plan_approved_by uuid references users(id),
      plan_return_reason text,
      closure_checklist jsonb,
      closure_reason text,
      closure_requested_at timestamptz,
      closure_requested_by uuid references users(id),
      closed_at timestamptz,
      closure_approved_by uuid references users(id),
      next_follow_up_on date,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    );
    create unique index cases_code_key on cases (organisation_id, code);
    create index cases_organisation_idx on cases (organisation_id, status, updated_at desc, id);
    create index cases_survivor_idx on cases (survivor_id);
    create index cases_assigned_idx on cases (assigned_to, status);

    create table case_incidents (
      case_id uuid not null references cases(id),
      incident_id uuid not null references incidents(id),
      primary key (case_id, incident_id)
    );
    create index case_incidents_incident_idx on case_incidents (incident_id);

    create table case_follow_ups (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      case_id uuid not null references cases(id),
      happened_on date not null,
      kind text not null,
      note_sealed bytea,
      risk_level text,
      recorded_by uuid not null references users(id),
      created_at timestamptz not null default now()
    );
    create index case_follow_ups_case_idx on case_follow_ups (case_id, happened_on desc);

    create table services (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      name text not null,
      service_type text not null,
      area_ids uuid[] not null default '{}',
      facility_name text,
      languages text[] not null default '{}',
      hours text,
      contact text,
      accepts_referrals boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      disabled_at timestamptz
    );
    create index services_organisation_idx on services (organisation_id);
    create index services_type_idx on services (service_type) where disabled_at is null;

    create table referrals (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      recipient_organisation_id uuid not null references organisations(id),
      service_id uuid not null references services(id),
      survivor_id uuid not null references survivors(id),
      case_id uuid references cases(id),
      incident_id uuid references incidents(id),
      status text not null default 'sent',
      urgent boolean not null default false,
      shared_sections text[] not null default '{}',
      shared_sealed bytea,
      consent_id uuid references consents(id),
      override_reason_code text,
      override_justification text,
      override_by uuid references users(id),
      decline_reason text,
      service_delivered_on date,
      outcome_note_sealed bytea,
      idempotency_key text,
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    );
    create unique index referrals_idempotency_key on referrals (organisation_id, idempotency_key) where idempotency_key is not null;
    create index referrals_organisation_idx on referrals (organisation_id, created_at desc);
    create index referrals_recipient_idx on referrals (recipient_organisation_id, status, created_at desc);
    create index referrals_survivor_idx on referrals (survivor_id);
    create index referrals_case_idx on referrals (case_id);

    create table referral_events (
      id uuid primary key default gen_random_uuid(),
      referral_id uuid not null references referrals(id),
      organisation_id uuid not null references organisations(id),
      status text not null,
      note text,
      actor_user_id uuid references users(id),
      occurred_at timestamptz not null default now()
    );
    create index referral_events_referral_idx on referral_events (referral_id, occurred_at);

    create table hotline_calls (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      code text not null,
      operator_id uuid not null references users(id),
      received_at timestamptz not null,
      duration_minutes integer,
      caller_kind text not null,
      language text,
      area_id uuid references areas(id),
      topics text[] not null default '{}',
      is_urgent boolean not null default false,
      summary_sealed bytea,
      summary_key_id uuid references data_keys(id),
      outcome text not null default 'pending',
      survivor_id uuid references survivors(id),
      incident_id uuid references incidents(id),
      referral_id uuid references referrals(id),
      idempotency_key text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index hotline_calls_code_key on hotline_calls (organisation_id, code);
    create unique index hotline_calls_idempotency_key on hotline_calls (organisation_id, idempotency_key) where idempotency_key is not null;
    create index hotline_calls_organisation_idx on hotline_calls (organisation_id, received_at desc);
  `.execute(db);
}
