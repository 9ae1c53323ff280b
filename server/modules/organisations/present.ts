import type { OrganisationView } from '../../../core/schemas/organisations';
import type { Organisation } from '../../db/schema';

export function presentOrganisation(row: Omit<Organisation, 'is_platform_operator'> & { is_platform_operator?: boolean }): OrganisationView {
  return {
    id: row.id,
    name: row.name,
    shortName: row.short_name,
    kind: row.kind as OrganisationView['kind'],
    countryCode: row.country_code,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}
