import type { Actor } from '../../platform/actor';
import { hasPermission, isPlatformAdmin } from '../../platform/policy';

/** Boundaries are not sensitive: every role reads them, and so does an `areas.read` token. */
export const canReadAreas = (actor: Actor) =>
  hasPermission(actor, 'places.read') || (actor.kind === 'token' && actor.purpose === 'areas.read');

/**
 * Areas are shared by every organisation of the deployment (cases, alerts and statistics
 * refer to them), so only the platform operator's administrators change them.
 */
export const canImportAreas = (actor: Actor) => hasPermission(actor, 'places.import') && isPlatformAdmin(actor);
