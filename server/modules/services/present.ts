import type { ServiceType, ServiceView } from '../../../core/schemas/services';
import type { Actor } from '../../platform/actor';
import { canManageService } from './policy';
import type { ServiceRow } from './store';

/** A directory entry holds no personal data: every field goes to every signed-in reader. */
export function presentService(row: ServiceRow, actor: Actor): ServiceView {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    name: row.name,
    type: row.service_type as ServiceType,
    areaIds: row.area_ids,
    facilityName: row.facility_name,
    languages: row.languages,
    hours: row.hours,
    contact: row.contact,
    acceptsReferrals: row.accepts_referrals,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    policies: { update: canManageService(actor, row.organisation_id) },
  };
}
