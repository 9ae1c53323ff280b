import type { Actor } from '../../platform/actor';
import { hasPermission, isSameOrganisation } from '../../platform/policy';

/** Tokens act for one organisation; only its own admins mint or revoke them. */
export const canManageTokensOf = (actor: Actor, organisationId: string) =>
  hasPermission(actor, 'tokens.manage') && isSameOrganisation(actor, organisationId);
