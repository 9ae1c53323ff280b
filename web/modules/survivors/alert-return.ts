/**
 * The way back to an incident from an alert when its survivor is not registered yet:
 * /incidents/new?alert=A → /survivors/new?alert=A → /survivors/S?step=consent&alert=A →
 * /incidents/new?alert=A&survivorId=S. Only the two ids travel: an alert never names a
 * survivor, so nothing of it reaches the registration. Both are checked again by the server
 * when the incident page loads them (a foreign or unknown alert answers "not found").
 */
import { isUuid } from '../incidents/incident-from-alert';

const enc = encodeURIComponent;

/** The alert a registration is for, from ?alert=: only a well-formed id, else none (a plain registration). */
export function alertOfSearch(search: URLSearchParams): string | null {
  const alertId = search.get('alert');
  return isUuid(alertId) ? alertId : null;
}

/** Registering a survivor for the incident of an alert. */
export const registerForAlertPath = (alertId: string): string => `/survivors/new?alert=${enc(alertId)}`;

/** Straight after registration: the survivor's consent, still carrying the alert. */
export function afterRegistrationPath(survivorId: string, alertId: string | null): string {
  const base = `/survivors/${enc(survivorId)}?step=consent`;
  return alertId ? `${base}&alert=${enc(alertId)}` : base;
}

/** A registration given up: back where it started. */
export const cancelRegistrationPath = (alertId: string | null): string => (alertId ? `/incidents/new?alert=${enc(alertId)}` : '/survivors');

/** The incident form with the alert's values and this survivor chosen. */
export const incidentFromAlertPath = (alertId: string, survivorId: string): string => `/incidents/new?alert=${enc(alertId)}&survivorId=${enc(survivorId)}`;
