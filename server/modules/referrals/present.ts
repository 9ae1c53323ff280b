/**
 * MIN-2: the fields each side of a referral receives. The recipient never receives the
 * holder's ids (survivor, case, incident) nor the override's justification; what the referral
 * carries comes only from `shared`, which reads.ts fills only when the gate allows it now.
 */
import { availableActions, normaliseSections, type ReferralParty } from '../../../core/referrals';
import type { ReferralListItem, ReferralView } from '../../../core/schemas/referrals';
import type { ServiceType } from '../../../core/schemas/services';
import type { ReferralContext, ReferralDetail } from './reads';

export function presentReferralItem(item: ReferralContext): ReferralListItem {
  const { row } = item;
  const holder = item.direction === 'outgoing';
  return {
    id: row.id,
    direction: item.direction,
    status: row.status as ReferralListItem['status'],
    urgent: row.urgent,
    referringOrganisationId: row.organisation_id,
    referringOrganisationName: item.referringOrganisationName,
    service: {
      id: item.service.id,
      name: item.service.name,
      type: item.service.service_type as ServiceType,
      organisationId: item.service.organisation_id,
      organisationName: item.service.organisation_name,
    },
    ...(holder ? { caseId: row.case_id, survivorId: row.survivor_id, incidentId: row.incident_id } : {}),
    gbvType: item.gbvType,
    clinicalClock: item.clock as ReferralListItem['clinicalClock'],
    sharedSections: normaliseSections(row.shared_sections),
    consentWithdrawn: item.consentWithdrawn,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentReferral(detail: ReferralDetail): ReferralView {
  const { row } = detail;
  const holder = detail.parties.includes('referrer');
  const actions = new Set(detail.parties.flatMap((party: ReferralParty) => availableActions(row.status, party)));
  return {
    ...presentReferralItem({ ...detail, direction: holder && !detail.parties.includes('recipient') ? 'outgoing' : detail.direction }),
    version: row.version,
    shared: detail.shared,
    erased: detail.erased,
    narrativeEntries: detail.narrativeEntries,
    declineReason: row.decline_reason as ReferralView['declineReason'],
    serviceDeliveredOn: row.service_delivered_on,
    outcomeNote: detail.outcomeNote,
    override: row.override_reason_code
      ? { reasonCode: row.override_reason_code, justification: holder ? row.override_justification : null, byUserId: holder ? row.override_by : null }
      : null,
    events: detail.events.map((event) => ({
      status: event.status as ReferralView['status'],
      note: event.note,
      actorUserId: event.actor_user_id,
      occurredAt: event.occurred_at.toISOString(),
    })),
    actions: [...actions],
  };
}
