/**
 * The vocabulary of the authorization matrix (AUTHZ-1): who asks (actors), how the record
 * asked for relates to them (relations), and what the answer must be (outcomes).
 *
 * A module declares its routes in `cases/<module>.ts` (default export of `defineCases`).
 * The matrix test loads every file in `cases/`, and its inventory test fails for any route
 * the app registers that no file declares.
 */
import type { LightMyRequestResponse as InjectResponse } from 'fastify';
import type { Role } from '../../../core/auth/roles';
import type { TokenPurpose } from '../../../core/auth/token-purposes';
import type { AppContext } from '../../platform/context';
import type { SignedInUser } from '../factories';

export type OrgKey = 'A' | 'B';

/**
 * How the record a request names relates to the actor.
 * - `none`: the route names no record (lists, creation, public routes).
 * - `self`: the actor's own record (their user, their notification).
 * - `same_org`: another record of the actor's organisation.
 * - `other_org`: a record of the other organisation.
 * - `missing`: an id no record has (a random UUID).
 * - `recipient`: a referral the other organisation sent to the actor's organisation, with the
 *   survivor's consent for it live (REF-1, CON-2).
 * - `recipient_withdrawn`: such a referral after the survivor withdrew that consent (CON-4).
 */
export type Relation = 'none' | 'self' | 'same_org' | 'other_org' | 'missing' | 'recipient' | 'recipient_withdrawn';

/** Relations in which the record belongs to the other organisation but is shared with the actor's. */
export const isRecipientRelation = (relation: Relation): boolean => relation === 'recipient' || relation === 'recipient_withdrawn';

export interface UserActor {
  kind: 'user';
  label: string;
  org: OrgKey;
  role: Role;
  /** Admin of organisation A, which operates the deployment. */
  isPlatformAdmin: boolean;
  user: SignedInUser;
  /** One of the actor's own notifications (from signing in). */
  notificationId: string;
}

export interface TokenActor {
  kind: 'token';
  label: string;
  org: OrgKey;
  purpose: TokenPurpose;
  token: string;
}

export interface AnonymousActor {
  kind: 'anonymous';
  label: 'anonymous';
}

export type MatrixActor = UserActor | TokenActor | AnonymousActor;

/**
 * What a request must answer. `allow`: 2xx. The refusals: 401, 403, 404. `{ status }`: the
 * request passed authorization and the service answers this status for this body (a
 * conflict, a validation error); it counts as reached, never as refused.
 */
export type Outcome = 'allow' | 'unauthenticated' | 'forbidden' | 'not_found' | { status: number; why: string };

/** Records of one organisation that cases point at. None of them is an actor. */
export interface OrgFixture {
  key: OrgKey;
  id: string;
  isPlatformOperator: boolean;
  /** A viewer who is never an actor: the object of user administration cases. */
  targetUserId: string;
  targetNotificationId: string;
  /** A token never used as an actor: the object of revocation cases. */
  targetTokenId: string;
}

/** What a case's functions get to build a request. */
export interface Target {
  actor: MatrixActor;
  relation: Relation;
  /** The actor's organisation (A for anonymous). */
  home: OrgFixture;
  other: OrgFixture;
  /** The organisation holding the record: `other` for other_org and the recipient relations, else `home`. */
  org: OrgFixture;
  /** A value unique to this request, for names and emails. */
  unique: string;
  ctx: AppContext;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface MatrixCase {
  method: HttpMethod;
  /** The route as registered, e.g. `/api/users/:id`: matched against the app's inventory. */
  route: string;
  /** Defaults to `['none']`. */
  relations?: readonly Relation[];
  /** The record id a `:id` parameter takes for the relation (`missing` gets a random UUID). */
  id?: (t: Target) => string;
  /** The full URL, when the route's pattern with `:id` filled in is not enough (queries). */
  url?: (t: Target) => string;
  body?: (t: Target) => unknown;
  /**
   * `fresh`: send as a throwaway session of the same user, for routes that end the session
   * they run in (sign-out). Tokens and anonymous actors are unaffected.
   */
  session?: 'fresh';
  /**
   * The outcome for an actor who passed the route's `config.auth` (the harness decides
   * 401/403 for the rest: anonymous and tokens on session routes, sessions on token routes,
   * tokens of the wrong purpose).
   */
  expect: (actor: MatrixActor, relation: Relation) => Outcome;
  /** Checks a successful answer (no other organisation's rows in a list…); returns a problem or null. */
  verify?: (t: Target, response: InjectResponse) => Promise<string | null> | string | null;
  /** Runs after the request, e.g. to remember a changed password. */
  after?: (t: Target, response: InjectResponse) => void;
}

export interface ModuleCases {
  module: string;
  cases: readonly MatrixCase[];
  /** Creates, once before the run, records the cases point at that the shared fixture lacks. */
  setup?: (ctx: AppContext) => Promise<void>;
}

/** What a `cases/<module>.ts` file exports by default. */
export const defineCases = (module: string, cases: readonly MatrixCase[], options: Pick<ModuleCases, 'setup'> = {}): ModuleCases => ({
  module,
  cases,
  ...options,
});
