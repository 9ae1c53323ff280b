/** Named predicates and outcomes the case files compose, so each rule reads as a sentence. */
import type { MatrixActor, Outcome, Relation, UserActor } from './types';

export const isUser = (a: MatrixActor): a is UserActor => a.kind === 'user';
export const isAdmin = (a: MatrixActor) => isUser(a) && a.role === 'admin';
export const isPlatformAdmin = (a: MatrixActor) => isUser(a) && a.isPlatformAdmin;

/** Everyone who got past the route's auth requirement. */
export const everyone = (): Outcome => 'allow';
/** Admins (of any organisation); everyone else 403. */
export const adminsOnly = (a: MatrixActor): Outcome => (isAdmin(a) ? 'allow' : 'forbidden');
/** Platform admins; everyone else 403. */
export const platformAdminsOnly = (a: MatrixActor): Outcome => (isPlatformAdmin(a) ? 'allow' : 'forbidden');

/**
 * A record that only its organisation's admins (and, where `platformReaches`, the platform
 * admins) may act on. Everyone else is told it does not exist (404), as for a missing id.
 */
export const adminOfRecord =
  (options: { platformReaches: boolean; self?: Outcome }) =>
  (a: MatrixActor, relation: Relation): Outcome => {
    if (relation === 'missing' || !isAdmin(a)) return 'not_found';
    if (relation === 'self') return options.self ?? 'allow';
    if (relation === 'other_org') return options.platformReaches && isPlatformAdmin(a) ? 'allow' : 'not_found';
    return 'allow';
  };

/** The actor's own record only; anything else answers 404. */
export const ownRecordOnly = (_a: MatrixActor, relation: Relation): Outcome => (relation === 'self' ? 'allow' : 'not_found');
