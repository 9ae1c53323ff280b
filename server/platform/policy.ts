/**
 * Named predicates that module policies compose. Pure: they look only at the actor and
 * at data already loaded. Everything is denied unless a predicate says otherwise.
 */
import { roleHasPermission, type Permission } from '../../core/auth/roles';
import type { Actor, UserActor } from './actor';

export const isSignedInUser = (actor: Actor): actor is UserActor =>
  actor.kind === 'user' && actor.stage === 'complete';

export const hasPermission = (actor: Actor, permission: Permission): actor is UserActor =>
  isSignedInUser(actor) && roleHasPermission(actor.role, permission);

export const isSameOrganisation = (actor: Actor, organisationId: string): boolean =>
  actor.kind !== 'anonymous' && actor.organisationId === organisationId;

/** An administrator of the organisation that operates the deployment. */
export const isPlatformAdmin = (actor: Actor): actor is UserActor =>
  isSignedInUser(actor) && actor.role === 'admin' && actor.isPlatformOperator;

/** Manages a given organisation's records of type `permission`: its own admin, or the platform's. */
export const canAdminister = (actor: Actor, permission: Permission, organisationId: string): boolean =>
  hasPermission(actor, permission) && (isSameOrganisation(actor, organisationId) || isPlatformAdmin(actor));

/** SES-1: how long a password confirmation covers exports, overrides, erasure and unmasking. */
export const REAUTHENTICATION_WINDOW_MS = 10 * 60_000;

/** The signed-in user confirmed their password within the window (SES-1). */
export const hasRecentlyReauthenticated = (actor: Actor, now: Date = new Date()): boolean =>
  isSignedInUser(actor) &&
  actor.reauthenticatedAt !== null &&
  now.getTime() - actor.reauthenticatedAt.getTime() <= REAUTHENTICATION_WINDOW_MS;
