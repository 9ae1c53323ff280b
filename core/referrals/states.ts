/**
 * REF-1: a referral is a disclosure with states. Pure, so the server and the browser agree on
 * what may happen next.
 *
 *   sent ──accept──▶ accepted ──deliver──▶ service_delivered ──close──▶ closed
 *    │  ╲                │
 *    │   decline ▶ declined (reason)
 *    └──revoke──▶ revoked  ◀──revoke── accepted   (by the referrer, before delivery)
 *
 * Who acts: the recipient organisation accepts, declines, records the delivery and closes; the
 * referring organisation revokes. A referral closed, declined or revoked is final.
 */
export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'service_delivered', 'closed', 'revoked'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_ACTIONS = ['accept', 'decline', 'deliver', 'close', 'revoke'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

/** Which side of the referral may take an action. */
export type ReferralParty = 'referrer' | 'recipient';

interface Transition {
  readonly from: readonly ReferralStatus[];
  readonly to: ReferralStatus;
  readonly by: ReferralParty;
}

export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralAction, Transition>> = {
  accept: { from: ['sent'], to: 'accepted', by: 'recipient' },
  decline: { from: ['sent'], to: 'declined', by: 'recipient' },
  deliver: { from: ['accepted'], to: 'service_delivered', by: 'recipient' },
  close: { from: ['service_delivered'], to: 'closed', by: 'recipient' },
  revoke: { from: ['sent', 'accepted'], to: 'revoked', by: 'referrer' },
};

export const FINAL_STATUSES: readonly ReferralStatus[] = ['declined', 'closed', 'revoked'];
export const isFinalStatus = (status: string): boolean => (FINAL_STATUSES as readonly string[]).includes(status);

/** Statuses in which the recipient still has work to do (its open queue). */
export const OPEN_STATUSES: readonly ReferralStatus[] = ['sent', 'accepted', 'service_delivered'];

export type TransitionDecision =
  | { readonly ok: true; readonly to: ReferralStatus }
  | { readonly ok: false; readonly reason: 'unknown_status' | 'wrong_party' | 'not_allowed_from_status' };

/** May `party` take `action` on a referral in `status`? Denies anything unknown. */
export function decideTransition(status: string, action: ReferralAction, party: ReferralParty): TransitionDecision {
  if (!(REFERRAL_STATUSES as readonly string[]).includes(status)) return { ok: false, reason: 'unknown_status' };
  const transition = REFERRAL_TRANSITIONS[action] as Transition | undefined;
  if (!transition) return { ok: false, reason: 'not_allowed_from_status' };
  if (!(transition.from as readonly string[]).includes(status)) return { ok: false, reason: 'not_allowed_from_status' };
  if (transition.by !== party) return { ok: false, reason: 'wrong_party' };
  return { ok: true, to: transition.to };
}

/** The actions `party` may take now, for the abilities sent with a referral. */
export function availableActions(status: string, party: ReferralParty): ReferralAction[] {
  return REFERRAL_ACTIONS.filter((action) => decideTransition(status, action, party).ok);
}
