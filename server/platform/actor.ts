import type { Role } from '../../core/auth/roles';
import type { SessionStage } from '../../core/schemas/auth';

/** Who is making a request. Every policy function takes one. */
export type Actor = UserActor | TokenActor | AnonymousActor;

export interface UserActor {
  kind: 'user';
  userId: string;
  organisationId: string;
  role: Role;
  /** Member of the organisation that runs the deployment. */
  isPlatformOperator: boolean;
  sessionId: string;
  stage: SessionStage;
  reauthenticatedAt: Date | null;
}

export interface TokenActor {
  kind: 'token';
  tokenId: string;
  organisationId: string;
  purpose: string;
}

export interface AnonymousActor {
  kind: 'anonymous';
}

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };

/** The fields every audit row takes from the actor. */
export function auditActor(actor: Actor): {
  actorUserId: string | null;
  actorTokenId: string | null;
  organisationId: string | null;
} {
  switch (actor.kind) {
    case 'user':
      return { actorUserId: actor.userId, actorTokenId: null, organisationId: actor.organisationId };
    case 'token':
      return { actorUserId: null, actorTokenId: actor.tokenId, organisationId: actor.organisationId };
    default:
      return { actorUserId: null, actorTokenId: null, organisationId: null };
  }
}
