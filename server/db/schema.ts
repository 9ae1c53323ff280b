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

export interface DB {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  notifications: NotificationsTable;
  data_keys: DataKeysTable;
  audit_log: AuditLogTable;
  areas: AreasTable;
  jobs: JobsTable;
  instance_settings: InstanceSettingsTable;
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
