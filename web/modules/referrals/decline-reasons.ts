/** Decline reasons (codes, never free text), checked complete against the schema's type. */
import type { ReferralView } from '../../../core/schemas/referrals';

type DeclineReason = NonNullable<ReferralView['declineReason']>;
const REASONS: Record<DeclineReason, true> = {
  outside_service_scope: true,
  no_capacity: true,
  outside_area: true,
  survivor_unreachable: true,
  survivor_declined: true,
  duplicate: true,
  other: true,
};
export const DECLINE_REASONS = Object.keys(REASONS) as DeclineReason[];
