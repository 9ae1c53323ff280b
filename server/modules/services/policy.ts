/** Pure decisions about the service directory (AUTHZ-1). */
import type { Actor } from '../../platform/actor';
import { canAdminister, isPlatformAdmin, isSignedInUser } from '../../platform/policy';

/** Every signed-in user reads the directory: referrals from any organisation need it. */
export const canReadServices = (actor: Actor): boolean => isSignedInUser(actor);

/** 'services.manage' of the service's organisation, or a platform administrator for any. */
export const canManageService = (actor: Actor, organisationId: string): boolean => canAdminister(actor, 'services.manage', organisationId);

/** Disabled entries are seen only by those who could enable them again. */
export const canSeeDisabledServices = (actor: Actor, organisationId: string | undefined): boolean =>
  isPlatformAdmin(actor) || (organisationId !== undefined && canManageService(actor, organisationId));
