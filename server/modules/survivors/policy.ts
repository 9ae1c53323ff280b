/** Who may do what with survivor records. Pure: actor and loaded rows only. */
import type { Permission } from '../../../core/auth/roles';
import type { Actor } from '../../platform/actor';
import { hasPermission, isPlatformAdmin, isSameOrganisation, isSignedInUser } from '../../platform/policy';

/**
 * Survivor records are case work: without the permission (analysts, administrators, viewers)
 * a survivor route answers 404, as if there were nothing (AUTHZ-4, MIN-2).
 */
export const canDoCaseWork = (actor: Actor, permission: Permission = 'cases.work') => hasPermission(actor, permission);

/** The survivor is held by the actor's organisation and the actor does case work there. */
export const canReachSurvivor = (actor: Actor, survivor: { organisation_id: string }, permission: Permission = 'cases.work') =>
  canDoCaseWork(actor, permission) && isSameOrganisation(actor, survivor.organisation_id);

/** MIN-2: names, contacts and locations only for roles that read identifying data. */
export const canReadIdentifying = (actor: Actor) => hasPermission(actor, 'identifying.read');

/** STO-3: a supervisor of the holding organisation erases (and confirms the password, SES-1). */
export const canEraseSurvivor = (actor: Actor, survivor: { organisation_id: string }) =>
  hasPermission(actor, 'cases.supervise') && isSameOrganisation(actor, survivor.organisation_id);

/** The lists are labels every signed-in user's forms and tables need. */
export const canReadVocabularies = (actor: Actor) => isSignedInUser(actor);
/** Vocabularies are deployment configuration. */
export const canManageVocabularies = (actor: Actor) => isPlatformAdmin(actor);
