/**
 * Shapes of API answers that have no schema in core/schemas yet. Where core has one,
 * import its type from there instead (SessionResponse, OrganisationView, UserView,
 * ApiTokenView, AuditEntryView).
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { ApiTokenView } from '../../core/schemas/tokens';

export interface AppConfig {
  quickExitUrl: string;
  languages: string[];
  version: string;
  mapAttribution: string;
}

export interface ListResponse<T> {
  data: T[];
  nextCursor?: string | null;
}

export type NotificationKind = 'sign_in' | 'password_changed' | 'totp_changed' | 'password_reset' | 'totp_reset';

export interface AccountNotification {
  id: string;
  kind: NotificationKind | (string & {});
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** The secret itself comes only in the answer to its creation: shown once, never again. */
export type CreatedApiToken = ApiTokenView & { token: string };

export type AreaNames = Partial<Record<string, string>>;

export interface AreaView {
  id: string;
  code: string;
  level: number;
  levelName: string;
  parentCode: string | null;
  names: AreaNames;
  bbox: [number, number, number, number] | null;
  centroid: [number, number] | null;
}

export interface AreaFeatureProperties {
  code: string;
  level: number;
  names: AreaNames;
  parentCode: string | null;
}

export interface AreaFeatureCollection extends FeatureCollection<Geometry, AreaFeatureProperties> {
  attribution?: string;
}
