import type { Role } from '../../../core/auth/roles';
import type { Language } from '../../../core/schemas/common';
import type { UserView } from '../../../core/schemas/users';
import type { UserRow } from './store';

export function presentUser(row: UserRow): UserView {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as Role,
    language: row.language as Language,
    totpEnabled: row.totp_enabled_at !== null,
    disabled: row.disabled_at !== null,
    locked: row.locked_until !== null && row.locked_until.getTime() > Date.now(),
    createdAt: row.created_at.toISOString(),
  };
}
