import type { Actor } from '../../platform/actor';
import { isPlatformAdmin, isSignedInUser } from '../../platform/policy';

/** The directory of organisations is shared across the deployment (referrals need it). */
export const canListOrganisations = (actor: Actor) => isSignedInUser(actor);
/** Creating and changing organisations is the platform operator's configuration work. */
export const canManageOrganisations = (actor: Actor) => isPlatformAdmin(actor);
