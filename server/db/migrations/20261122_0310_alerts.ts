import { sql, type Kysely } from 'kysely';

// Community alerts (issue 4, DESIGN capability 3): the channels alerts arrive through, the
// focal points who send them, the alerts and their state history.
//
// - Secrets of a channel (gateway auth token, signature secret, shared secret) are sealed
//   (STO-1), never stored or returned in clear.
// - A sender's phone number (or a focal point's token id) is never stored in clear: a keyed
//   hash (HMAC-SHA256 under a key derived from the master key, scoped to the organisation)
//   finds the focal point, and the sealed value keeps it readable for those allowed (MIN-1).
// - An alert's text, raw message and exact location are sealed; its area stays plain.
// - REL-2: a gateway that retries sends the same message id; one alert per (channel, id).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table alert_channels (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      provider text not null,
      name text not null,
      enabled boolean not null default true,
      default_calling_code text,
      reply_language text not null default 'en',
      account_id text,
      signature_method text,
      auth_token_sealed bytea,
      signature_secret_sealed bytea,
      shared_secret_sealed bytea,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint alert_channels_provider_check check (provider in ('twilio', 'vonage', 'africas_talking', 'frontlinesms', 'smssync', 'generic', 'openrosa')),
      constraint alert_channels_calling_code_check check (default_calling_code is null or default_calling_code ~ '^[1-9][0-9]{0,3}$')
    );
    create unique index alert_channels_name_key on alert_channels (organisation_id, lower(name));
    create index alert_channels_organisation_idx on alert_channels (organisation_id);

    create table focal_points (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      display_name text not null,
      area_id uuid references areas(id),
      network text,
      languages text[] not null default '{}',
      trust_level text not null default 'new',
      enabled boolean not null default true,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint focal_points_trust_check check (trust_level in ('new', 'established', 'trusted'))
    );
    create index focal_points_organisation_idx on focal_points (organisation_id, lower(display_name));

    create table focal_point_identities (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      focal_point_id uuid not null references focal_points(id) on delete cascade,
      kind text not null,
      value_hash text not null,
      value_sealed bytea not null,
      created_at timestamptz not null default now(),
      constraint focal_point_identities_kind_check check (kind in ('phone', 'token'))
    );
    create unique index focal_point_identities_hash_key on focal_point_identities (organisation_id, kind, value_hash);
    create index focal_point_identities_focal_point_idx on focal_point_identities (focal_point_id);

    create table alerts (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      reference text not null,
      channel text not null,
      channel_id uuid references alert_channels(id),
      provider_message_id text,
      sender_hash text,
      sender_sealed bytea,
      focal_point_id uuid references focal_points(id),
      unknown_sender boolean not null,
      state text not null default 'new',
      severity text,
      area_id uuid references areas(id),
      area_source text,
      location_sealed bytea,
      text_sealed bytea,
      raw_sealed bytea not null,
      categories text[] not null default '{}',
      people_at_risk integer,
      perpetrator_type text,
      warnings text[] not null default '{}',
      observed_at timestamptz,
      received_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint alerts_channel_check check (channel in ('twilio', 'vonage', 'africas_talking', 'frontlinesms', 'smssync', 'generic', 'openrosa', 'web', 'hotline')),
      constraint alerts_state_check check (state in ('new', 'acknowledged', 'verifying', 'verified', 'dismissed', 'duplicate', 'closed')),
      constraint alerts_area_source_check check (area_source is null or area_source in ('code', 'text', 'focal_point', 'manual')),
      constraint alerts_people_check check (people_at_risk is null or people_at_risk between 0 and 1000000)
    );
    create unique index alerts_reference_key on alerts (organisation_id, reference);
    create unique index alerts_channel_message_key on alerts (channel_id, provider_message_id) where channel_id is not null and provider_message_id is not null;
    create unique index alerts_channelless_message_key on alerts (organisation_id, channel, provider_message_id) where channel_id is null and provider_message_id is not null;
    create index alerts_organisation_idx on alerts (organisation_id, received_at desc, id desc);
    create index alerts_focal_point_idx on alerts (focal_point_id) where focal_point_id is not null;

    create table alert_events (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      alert_id uuid not null references alerts(id) on delete cascade,
      from_state text,
      to_state text not null,
      actor_user_id uuid references users(id),
      occurred_at timestamptz not null default now()
    );
    create index alert_events_alert_idx on alert_events (alert_id, occurred_at);
  `.execute(db);
}
