import type { Actor } from '../../platform/actor';
import { canAdminister, hasPermission, isPlatformAdmin } from '../../platform/policy';

/** Admins manage the users of their own organisation; platform admins, of every organisation. */
export const canManageUsersOf = (actor: Actor, organisationId: string) => canAdminister(actor, 'users.manage', organisationId);
export const canListAllUsers = (actor: Actor) => isPlatformAdmin(actor);
export const canListUsers = (actor: Actor) => hasPermission(actor, 'users.manage');
