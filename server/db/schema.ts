/** The database as Kysely sees it. Keep in step with migrations/. */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | T | undefined, string | T>;
type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  short_name: string;
  kind: string;
  country_code: string | null;
  /** Its administrators run the deployment: they manage every organisation and its users. */
  is_platform_operator: Generated<boolean>;
  created_at: Timestamp;
  disabled_at: NullableTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  display_name: string;
  role: string;
  language: Generated<string>;
  password_hash: string;
  password_changed_at: Timestamp;
  must_change_password: Generated<boolean>;
  totp_secret: Bytes | null;
  totp_enabled_at: NullableTimestamp;
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  failed_logins: Generated<number>;
  locked_until: NullableTimestamp;
  disabled_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  stage: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  reauthenticated_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  organisation_id: string;
  purpose: string;
  name: string;
  secret_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}

export interface DataKeysTable {
  id: Generated<string>;
  organisation_id: string | null;
  scope: string;
  wrapped_key: Bytes | null;
  master_key_id: string;
  status: Generated<string>;
  created_at: Timestamp;
  retired_at: NullableTimestamp;
  destroyed_at: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  /** Position in the hash chain; null until the chainer has linked the row. */
  seq: number | null;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_token_id: string | null;
  organisation_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  request_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string | null;
  hash: string | null;
  chained_at: NullableTimestamp;
}

export interface AreasTable {
  id: Generated<string>;
  code: string;
  level: number;
  level_name: string;
  parent_id: string | null;
  names: Json<Record<string, string>>;
  geometry: Json<unknown> | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  centroid_lon: number | null;
  centroid_lat: number | null;
  source: string | null;
  attribution: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobsTable {
  id: Generated<number>;
  queue: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<string>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_at: NullableTimestamp;
  locked_by: string | null;
  last_error: string | null;
  unique_key: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface InstanceSettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}


// ---- Survivor-centred documentation (migration 20261122_0000) --------------------------
// Columns ending in _sealed hold field-cipher ciphertexts (server/platform/crypto/columns.ts).

type Int = ColumnType<number, number | undefined, number>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface SurvivorsTable {
  id: Generated<string>;
  organisation_id: string;
  code: string;
  /** STO-3: the survivor's own data key; destroying it erases every sealed copy. */
  record_key_id: string | null;
  sex: string | null;
  age_at_registration: number | null;
  age_group: string | null;
  is_child: boolean | null;
  disability: string | null;
  displacement_status: string | null;
  marital_status: string | null;
  nationality: string | null;
  children_born_of_rape: boolean | null;
  name_sealed: Bytes | null;
  contact_sealed: Bytes | null;
  location_sealed: Bytes | null;
  caregiver_sealed: Bytes | null;
  /** ONCE-1: how many times the survivor's story was written down. */
  narrative_entries: Generated<number>;
  registered_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int;
  erased_at: NullableTimestamp;
  erased_by: string | null;
  /** REL-2 (migration 20261122_0110): a replayed registration returns the first survivor. */
  idempotency_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SurvivorCodeCountersTable {
  organisation_id: string;
  year: number;
  last_value: number;
}

export interface ConsentsTable {
  id: Generated<string>;
  organisation_id: string;
  survivor_id: string;
  purpose: string;
  recipient_organisation_id: string | null;
  service_id: string | null;
  given_by: string;
  child_assent: string | null;
  guardian_not_asked_reason: string | null;
  method: string;
  legal_basis: string;
  given_at: Timestamp;
  recorded_by: string;
  recorded_at: Timestamp;
  withdrawn_at: NullableTimestamp;
  withdrawal_recorded_by: string | null;
}

export interface IncidentsTable {
  id: Generated<string>;
  organisation_id: string;
  survivor_id: string;
  code: string;
  /** The IncidentTime of core/clinical (exact, date, range or unknown). */
  incident_time: Json<Record<string, unknown>>;
  incident_date: ColumnType<string | null, string | null | undefined, string | null>;
  incident_earliest_at: NullableTimestamp;
  incident_latest_at: NullableTimestamp;
  report_date: ColumnType<string, string, string>;
  time_of_day: string | null;
  area_id: string | null;
  place_type: string | null;
  location_sealed: Bytes | null;
  displacement_stage: string | null;
  survivor_age_at_incident: number | null;
  survivor_age_group: string | null;
  is_child: boolean | null;
  perpetrator_count: string | null;
  perpetrator_sex: string | null;
  perpetrator_age_group: string | null;
  perpetrator_relationship: string | null;
  perpetrator_category: string | null;
  conflict_contexts: TextArray;
  acts: TextArray;
  classification_answers: Json<Record<string, string>> | null;
  gbv_type: string;
  derived_contexts: TextArray;
  is_crsv: Generated<boolean>;
  is_sea: Generated<boolean>;
  previously_reported: boolean | null;
  previous_gbv_incidents: boolean | null;
  goods_money_exchanged: boolean | null;
  abduction_type: string | null;
  narrative_sealed: Bytes | null;
  source: Generated<string>;
  idempotency_key: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int;
}

export interface CasesTable {
  id: Generated<string>;
  organisation_id: string;
  survivor_id: string;
  code: string;
  status: Generated<string>;
  risk_level: Generated<string>;
  assigned_to: string | null;
  needs: TextArray;
  strength_kinds: TextArray;
  /** The plan's text: needs, actions, strengths and connections in the survivor's words. */
  plan_sealed: Bytes | null;
  plan_status: Generated<string>;
  plan_submitted_at: NullableTimestamp;
  plan_approved_at: NullableTimestamp;
  plan_approved_by: string | null;
  plan_return_reason: string | null;
  plan_submitted_by: string | null;
  /** The closure checklist of core/cases: item → 'yes' | 'no' | 'not_applicable'. */
  closure_checklist: Json<Record<string, string>> | null;
  closure_reason: string | null;
  closure_return_reason: string | null;
  closure_requested_at: NullableTimestamp;
  closure_requested_by: string | null;
  closed_at: NullableTimestamp;
  closure_approved_by: string | null;
  next_follow_up_on: ColumnType<string | null, string | null | undefined, string | null>;
  idempotency_key: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int;
}

export interface CaseIncidentsTable {
  case_id: string;
  incident_id: string;
}

export interface CaseFollowUpsTable {
  id: Generated<string>;
  organisation_id: string;
  case_id: string;
  happened_on: ColumnType<string, string, string>;
  kind: string;
  note_sealed: Bytes | null;
  risk_level: string | null;
  recorded_by: string;
  idempotency_key: string | null;
  created_at: Timestamp;
}

export interface ServicesTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  service_type: string;
  area_ids: TextArray;
  facility_name: string | null;
  languages: TextArray;
  hours: string | null;
  contact: string | null;
  accepts_referrals: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  disabled_at: NullableTimestamp;
}

export interface ReferralsTable {
  id: Generated<string>;
  /** The referring organisation, which holds the survivor's record. */
  organisation_id: string;
  recipient_organisation_id: string;
  service_id: string;
  survivor_id: string;
  case_id: string | null;
  incident_id: string | null;
  status: Generated<string>;
  urgent: Generated<boolean>;
  shared_sections: TextArray;
  /** ONCE-1: the chosen sections, sealed under the survivor's record key. */
  shared_sealed: Bytes | null;
  consent_id: string | null;
  override_reason_code: string | null;
  override_justification: string | null;
  override_by: string | null;
  decline_reason: string | null;
  service_delivered_on: ColumnType<string | null, string | null | undefined, string | null>;
  outcome_note_sealed: Bytes | null;
  idempotency_key: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int;
}

export interface ReferralEventsTable {
  id: Generated<string>;
  referral_id: string;
  organisation_id: string;
  status: string;
  note: string | null;
  actor_user_id: string | null;
  occurred_at: Timestamp;
}

export interface HotlineCallsTable {
  id: Generated<string>;
  organisation_id: string;
  code: string;
  operator_id: string;
  received_at: Timestamp;
  duration_minutes: number | null;
  caller_kind: string;
  language: string | null;
  area_id: string | null;
  topics: TextArray;
  is_urgent: Generated<boolean>;
  summary_sealed: Bytes | null;
  /** The call's own data key, destroyed when the call is purged or its survivor erased. */
  summary_key_id: string | null;
  outcome: Generated<string>;
  survivor_id: string | null;
  incident_id: string | null;
  referral_id: string | null;
  idempotency_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// ---- Community alerts (issue 4) ------------------------------------------------------------

export interface AlertChannelsTable {
  id: Generated<string>;
  organisation_id: string;
  /** twilio, vonage, africas_talking, frontlinesms, smssync, generic, openrosa. */
  provider: string;
  name: string;
  enabled: Generated<boolean>;
  /** Country calling code (digits) for national numbers the gateway passes on. */
  default_calling_code: string | null;
  /** Language of the acknowledgements to unknown senders (en, fr, sw, ...). */
  reply_language: Generated<string>;
  /** Twilio AccountSid, Vonage api key: identifiers the gateway sends, not secrets. */
  account_id: string | null;
  /** Vonage signed webhooks: md5hash, md5, sha1, sha256, sha512. */
  signature_method: string | null;
  auth_token_sealed: Bytes | null;
  signature_secret_sealed: Bytes | null;
  shared_secret_sealed: Bytes | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Outbound (migration 0350): the number or sender id messages go out from. */
  outbound_sender: Generated<string | null>;
  /** Generic channels: where outgoing messages are POSTed (signed like the inbound webhook). */
  outbound_url: Generated<string | null>;
  /** The send API's secret (Vonage api_secret, Africa's Talking apiKey), sealed. */
  api_secret_sealed: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
}

export interface FocalPointsTable {
  id: Generated<string>;
  organisation_id: string;
  display_name: string;
  area_id: string | null;
  network: string | null;
  languages: TextArray;
  /** new, established, trusted. */
  trust_level: Generated<string>;
  enabled: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FocalPointIdentitiesTable {
  id: Generated<string>;
  organisation_id: string;
  focal_point_id: string;
  /** phone (E.164) or token (an API token id). */
  kind: string;
  /** Keyed hash (lookup-hash.ts) of the value, for finding the focal point of a sender. */
  value_hash: string;
  value_sealed: Bytes;
  created_at: Timestamp;
}

export interface AlertsTable {
  id: Generated<string>;
  organisation_id: string;
  /** Short reference given in the acknowledgement (A-XXXXXX). */
  reference: string;
  channel: string;
  channel_id: string | null;
  provider_message_id: string | null;
  sender_hash: string | null;
  sender_sealed: Bytes | null;
  focal_point_id: string | null;
  unknown_sender: boolean;
  state: Generated<string>;
  severity: string | null;
  area_id: string | null;
  /** How area_id was found: code, text, focal_point, manual. */
  area_source: string | null;
  location_sealed: Bytes | null;
  text_sealed: Bytes | null;
  raw_sealed: Bytes;
  categories: TextArray;
  people_at_risk: number | null;
  perpetrator_type: string | null;
  warnings: TextArray;
  observed_at: NullableTimestamp;
  received_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  assigned_user_id: string | null;
  assigned_team: string | null;
  /** Edit lock: who holds it and until when (expired locks are free). */
  locked_by: string | null;
  locked_until: NullableTimestamp;
  /** Set exactly when state is duplicate. */
  merged_into_id: string | null;
  acknowledged_at: NullableTimestamp;
  verified_at: NullableTimestamp;
  /** First response task done. */
  responded_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  escalation_level: Generated<number>;
  escalated_at: NullableTimestamp;
  /** The incident record this alert became (no identifying data copied). */
  incident_id: string | null;
  /** The point rounded to 0.01 degree (about 1 km), plain for server-side clustering. */
  grid_lat: number | null;
  grid_lon: number | null;
  version: Generated<number>;
}

export interface AlertEventsTable {
  id: Generated<string>;
  organisation_id: string;
  alert_id: string;
  from_state: string | null;
  /** The state after the event (unchanged for events other than 'state'). */
  to_state: string;
  actor_user_id: string | null;
  occurred_at: Timestamp;
  /** state, severity, assigned, merged, located, escalated, task, converted. */
  kind: Generated<string>;
  /** Non-identifying particulars (severity, team, merged into, task id...). */
  details: Json<Record<string, unknown>>;
}

export interface AlertTasksTable {
  id: Generated<string>;
  /** The organisation that owns the alert. */
  organisation_id: string;
  alert_id: string;
  assignee_organisation_id: string | null;
  /** A mission component or team label (force, police, civil_affairs...). */
  assignee_component: string | null;
  assignee_user_id: string | null;
  title: string;
  instructions: string | null;
  /** Phone to notify by SMS, sealed. */
  contact_phone_sealed: Bytes | null;
  due_at: Timestamp;
  /** open, accepted, in_progress, done, cancelled. */
  status: Generated<string>;
  /** resolved, no_action_needed, unable_to_respond, referred. */
  outcome: string | null;
  outcome_note: string | null;
  completed_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlertResponseTargetsTable {
  organisation_id: string;
  severity: string;
  acknowledge_minutes: number;
  verify_minutes: number;
  respond_minutes: number;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface AlertResponseSettingsTable {
  organisation_id: string;
  /** The gateway channel task notices and escalations are sent through. */
  outbound_channel_id: string | null;
  /** JSON list of E.164 numbers told of escalations, sealed. */
  on_call_phones_sealed: Bytes | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface SmsOutboxTable {
  id: Generated<string>;
  organisation_id: string;
  channel_id: string | null;
  /** acknowledgement, task, escalation. */
  purpose: string;
  alert_id: string | null;
  task_id: string | null;
  recipient_sealed: Bytes;
  body_sealed: Bytes;
  /** pending, sent, delivered (reported by the gateway, migration 0410), recorded (development transport), failed. */
  status: Generated<string>;
  transport: string | null;
  attempts: Generated<number>;
  provider_message_id: string | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  /** The number it goes out from when not the channel's own (migration 0350). */
  sender: Generated<string | null>;
  /** When the gateway reported it delivered to the handset (migration 0410). */
  delivered_at: NullableTimestamp;
}

// ---- OpenRosa submissions (issue 4) ---------------------------------------------------------

export interface OpenrosaSubmissionsTable {
  id: Generated<string>;
  organisation_id: string;
  form_id: string;
  form_version: string | null;
  instance_id: string;
  /** Lower-case hex SHA-256 of the submitted XML: a resend has the same, a conflict another. */
  xml_sha256: string;
  token_id: string | null;
  alert_id: string | null;
  received_at: Timestamp;
}

export interface OpenrosaAttachmentsTable {
  id: Generated<string>;
  organisation_id: string;
  submission_id: string;
  filename: string;
  content_type: string | null;
  /** EVD-1: size and SHA-256 of the bytes as received. */
  size_bytes: number;
  sha256: string;
  created_at: Timestamp;
  alert_id: string | null;
  /** MIN-3: the photo without its metadata, base64, sealed (STO-1). */
  content_sealed: Bytes | null;
  stored_sha256: string | null;
  stored_size_bytes: number | null;
  /** What the metadata stripping took out: exif, xmp, iptc, comment, vendor, text, time, trailing. */
  metadata_removed: TextArray;
}

/** Fragments of a long SMS waiting for the rest (Vonage concat). */
export interface SmsFragmentsTable {
  id: Generated<string>;
  organisation_id: string;
  channel_id: string;
  sender_hash: string;
  reference: string;
  total: number;
  part_index: number;
  provider_message_id: string | null;
  sender_sealed: Bytes;
  text_sealed: Bytes;
  raw_sealed: Bytes;
  received_at: Timestamp;
  created_at: Timestamp;
  /** The alert the joined message became; null while parts are missing. */
  alert_id: string | null;
}

/**
 * Alerts per organisation, UTC day/month/year of receipt, area, state, severity and channel
 * (migration 0400): kept by triggers on alerts through alert_map_count_changes.
 */
export interface AlertMapCountsTable {
  organisation_id: string;
  period: 'day' | 'month' | 'year';
  /** The period's first day (YYYY-MM-DD). */
  starts_on: string;
  area_id: string | null;
  state: string;
  severity: string | null;
  channel: string;
  alerts: number;
}

/** Every name of every area, lower-cased, kept by a trigger on areas (migration 0420). */
export interface AreaNamesTable {
  name: string;
  area_id: string;
}

/** Net changes to alert_map_counts appended by the triggers, not yet folded in (may be negative). */
export interface AlertMapCountChangesTable {
  id: Generated<number>;
  organisation_id: string;
  received_on: string;
  area_id: string | null;
  state: string;
  severity: string | null;
  channel: string;
  alerts: number;
}

export interface DB {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  notifications: NotificationsTable;
  data_keys: DataKeysTable;
  audit_log: AuditLogTable;
  areas: AreasTable;
  area_names: AreaNamesTable;
  jobs: JobsTable;
  instance_settings: InstanceSettingsTable;
  survivors: SurvivorsTable;
  survivor_code_counters: SurvivorCodeCountersTable;
  consents: ConsentsTable;
  incidents: IncidentsTable;
  cases: CasesTable;
  case_incidents: CaseIncidentsTable;
  case_follow_ups: CaseFollowUpsTable;
  services: ServicesTable;
  referrals: ReferralsTable;
  referral_events: ReferralEventsTable;
  hotline_calls: HotlineCallsTable;
  alert_channels: AlertChannelsTable;
  focal_points: FocalPointsTable;
  focal_point_identities: FocalPointIdentitiesTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  alert_tasks: AlertTasksTable;
  alert_response_targets: AlertResponseTargetsTable;
  alert_response_settings: AlertResponseSettingsTable;
  sms_outbox: SmsOutboxTable;
  sms_fragments: SmsFragmentsTable;
  openrosa_submissions: OpenrosaSubmissionsTable;
  openrosa_attachments: OpenrosaAttachmentsTable;
  alert_map_counts: AlertMapCountsTable;
  alert_map_count_changes: AlertMapCountChangesTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type DataKey = Selectable<DataKeysTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type Area = Selectable<AreasTable>;
export type Job = Selectable<JobsTable>;
export type Survivor = Selectable<SurvivorsTable>;
export type Consent = Selectable<ConsentsTable>;
export type Incident = Selectable<IncidentsTable>;
export type Case = Selectable<CasesTable>;
export type CaseFollowUp = Selectable<CaseFollowUpsTable>;
export type Service = Selectable<ServicesTable>;
export type Referral = Selectable<ReferralsTable>;
export type ReferralEvent = Selectable<ReferralEventsTable>;
export type HotlineCall = Selectable<HotlineCallsTable>;
export type AlertChannel = Selectable<AlertChannelsTable>;
export type FocalPoint = Selectable<FocalPointsTable>;
export type FocalPointIdentity = Selectable<FocalPointIdentitiesTable>;
export type Alert = Selectable<AlertsTable>;
export type AlertEvent = Selectable<AlertEventsTable>;
export type AlertTask = Selectable<AlertTasksTable>;
export type SmsOutboxMessage = Selectable<SmsOutboxTable>;
