import { sql, type Kysely } from 'kysely';

// Triage and rapid response of community alerts (issue 4, parts 3 to 6).
//
// - Triage: severity, assignment to a person or a team, an edit lock with an expiry, merging
//   of duplicates, the moments each clock stopped (acknowledged, verified, responded, closed)
//   kept on the row so time-to-X figures need no scan of the history.
// - Map: a coarse copy of the point (rounded to 0.01 degree, about 1 km) stays plain so the
//   server clusters a million alerts without opening any; the exact point stays sealed.
// - Response: tasks to organisations, mission components or people, with due times, status
//   and outcome; targets per severity; escalation state; an SMS outbox that every outbound
//   message goes through (acknowledgements, task notices, escalations), recipient and body
//   sealed (STO-1).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table alerts
      add column assigned_user_id uuid references users(id),
      add column assigned_team text,
      add column locked_by uuid references users(id),
      add column locked_until timestamptz,
      add column merged_into_id uuid references alerts(id),
      add column acknowledged_at timestamptz,
      add column verified_at timestamptz,
      add column responded_at timestamptz,
      add column closed_at timestamptz,
      add column escalation_level integer not null default 0,
      add column escalated_at timestamptz,
      add column incident_id uuid references incidents(id),
      add column grid_lat double precision,
      add column grid_lon double precision,
      add column version integer not null default 1,
      add constraint alerts_severity_check check (severity is null or severity in ('low', 'medium', 'high', 'critical')),
      add constraint alerts_merged_check check ((state = 'duplicate') = (merged_into_id is not null)),
      add constraint alerts_grid_check check ((grid_lat is null) = (grid_lon is null) and (grid_lat is null or (grid_lat between -90 and 90 and grid_lon between -180 and 180)));

    alter table alert_events
      add column kind text not null default 'state',
      add column details jsonb not null default '{}'::jsonb,
      add constraint alert_events_kind_check check (kind in ('state', 'severity', 'assigned', 'merged', 'located', 'escalated', 'task', 'converted'));

    create table alert_tasks (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      alert_id uuid not null references alerts(id) on delete cascade,
      assignee_organisation_id uuid references organisations(id),
      assignee_component text,
      assignee_user_id uuid references users(id),
      title text not null,
      instructions text,
      contact_phone_sealed bytea,
      due_at timestamptz not null,
      status text not null default 'open',
      outcome text,
      outcome_note text,
      completed_at timestamptz,
      escalated_at timestamptz,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint alert_tasks_status_check check (status in ('open', 'accepted', 'in_progress', 'done', 'cancelled')),
      constraint alert_tasks_outcome_check check (outcome is null or outcome in ('resolved', 'no_action_needed', 'unable_to_respond', 'referred')),
      constraint alert_tasks_assignee_check check (assignee_organisation_id is not null or assignee_component is not null or assignee_user_id is not null),
      constraint alert_tasks_done_check check ((status = 'done') = (outcome is not null and completed_at is not null))
    );
    create index alert_tasks_alert_idx on alert_tasks (alert_id, created_at);
    create index alert_tasks_open_due_idx on alert_tasks (due_at) where status in ('open', 'accepted', 'in_progress');
    create index alert_tasks_assignee_org_idx on alert_tasks (assignee_organisation_id, status, due_at) where assignee_organisation_id is not null;

    create table alert_response_targets (
      organisation_id uuid not null references organisations(id),
      severity text not null,
      acknowledge_minutes integer not null,
      verify_minutes integer not null,
      respond_minutes integer not null,
      updated_by uuid references users(id),
      updated_at timestamptz not null default now(),
      primary key (organisation_id, severity),
      constraint alert_response_targets_severity_check check (severity in ('low', 'medium', 'high', 'critical')),
      constraint alert_response_targets_minutes_check check (
        acknowledge_minutes between 1 and 43200 and verify_minutes between 1 and 43200 and respond_minutes between 1 and 43200)
    );

    create table alert_response_settings (
      organisation_id uuid primary key references organisations(id),
      outbound_channel_id uuid references alert_channels(id),
      on_call_phones_sealed bytea,
      updated_by uuid references users(id),
      updated_at timestamptz not null default now()
    );

    create table sms_outbox (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      channel_id uuid references alert_channels(id),
      purpose text not null,
      alert_id uuid references alerts(id) on delete set null,
      task_id uuid references alert_tasks(id) on delete set null,
      recipient_sealed bytea not null,
      body_sealed bytea not null,
      status text not null default 'pending',
      transport text,
      attempts integer not null default 0,
      provider_message_id text,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      constraint sms_outbox_purpose_check check (purpose in ('acknowledgement', 'task', 'escalation')),
      constraint sms_outbox_status_check check (status in ('pending', 'sent', 'recorded', 'failed'))
    );
    create index sms_outbox_pending_idx on sms_outbox (created_at) where status = 'pending';
    create index sms_outbox_channel_idx on sms_outbox (channel_id, status, created_at);
    create index sms_outbox_organisation_idx on sms_outbox (organisation_id, created_at desc);
  `.execute(db);
}
