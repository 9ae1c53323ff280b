/**
 * Who may do what with incidents (pure; AUTHZ-1). Object-level: an incident is visible only to
 * its own organisation (others get 404, hiddenDenial). Field-level: present.ts (MIN-2).
 */
import type { Actor } from '../../platform/actor';
import { hasPermission, hasRecentlyReauthenticated, isSameOrganisation } from '../../platform/policy';

export type IncidentSource = 'case_worker' | 'hotline';

/** Case workers and supervisors record incidents; hotline operators only from a call. */
export const canCreateIncident = (actor: Actor, source: IncidentSource) =>
  hasPermission(actor, 'cases.work') || (source === 'hotline' && hasPermission(actor, 'hotline.intake'));

/** Non-identifying lists and views (analysts too). */
export const canListIncidents = (actor: Actor) => hasPermission(actor, 'incidents.read');

/** Case work on one incident: its narrative and exact location, edits. */
export const canWorkOnIncident = (actor: Actor, incident: { organisation_id: string }) =>
  hasPermission(actor, 'cases.work') && isSameOrganisation(actor, incident.organisation_id);

export const canReadIncident = (actor: Actor, incident: { organisation_id: string }) =>
  canListIncidents(actor) && isSameOrganisation(actor, incident.organisation_id);

/** Sensitive fields (exact dates, age, survivor link, clinical clock) need identifying.read. */
export const readsSensitiveIncidentFields = (actor: Actor) => hasPermission(actor, 'identifying.read');

export const canExportIncidents = (actor: Actor) => hasPermission(actor, 'incidents.export');
/** SES-1: an export needs a password confirmed within the window. */
export const exportNeedsReauthentication = (actor: Actor, now: Date = new Date()) => !hasRecentlyReauthenticated(actor, now);

/**
 * MIN-2 write side: the fields a role may set on an incident. Only case work edits incidents;
 * the sealed fields (narrative, exact location) are case work too. Everything else a body
 * carries is dropped, so it changes nothing.
 */
export const INCIDENT_EDITABLE_FIELDS = [
  'incidentTime', 'reportDate', 'timeOfDay', 'area', 'placeType', 'displacementStage', 'ageAtIncident', 'perpetratorCount',
  'perpetratorSex', 'perpetratorAgeGroup', 'perpetratorRelationship', 'perpetratorCategory', 'conflictContexts', 'acts',
  'classificationAnswers', 'previouslyReported', 'previousGbvIncidents', 'goodsMoneyExchanged', 'abductionType',
  'narrative', 'exactLocation',
] as const;
export type IncidentEditableField = (typeof INCIDENT_EDITABLE_FIELDS)[number];

export function settableIncidentFields(actor: Actor): readonly IncidentEditableField[] {
  return hasPermission(actor, 'cases.work') ? INCIDENT_EDITABLE_FIELDS : [];
}
