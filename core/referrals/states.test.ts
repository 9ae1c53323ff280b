import { describe, expect, it } from 'vitest';
import { availableActions, decideTransition, FINAL_STATUSES, REFERRAL_ACTIONS, REFERRAL_STATUSES, type ReferralAction, type ReferralParty } from './states';

// REF-1: every (status, action, party) triple, against the table the issue describes.
const EXPECTED: Record<string, { to: string; by: ReferralParty }> = {
  'sent/accept': { to: 'accepted', by: 'recipient' },
  'sent/decline': { to: 'declined', by: 'recipient' },
  'sent/revoke': { to: 'revoked', by: 'referrer' },
  'accepted/deliver': { to: 'service_delivered', by: 'recipient' },
  'accepted/revoke': { to: 'revoked', by: 'referrer' },
  'service_delivered/close': { to: 'closed', by: 'recipient' },
};

describe('decideTransition (REF-1)', () => {
  for (const status of REFERRAL_STATUSES) {
    for (const action of REFERRAL_ACTIONS) {
      for (const party of ['referrer', 'recipient'] as const) {
        const expected = EXPECTED[`${status}/${action}`];
        it(`${status} --${action}--> by ${party}`, () => {
          const decision = decideTransition(status, action, party);
          if (!expected) expect(decision).toEqual({ ok: false, reason: 'not_allowed_from_status' });
          else if (expected.by !== party) expect(decision).toEqual({ ok: false, reason: 'wrong_party' });
          else expect(decision).toEqual({ ok: true, to: expected.to });
        });
      }
    }
  }

  it('denies unknown statuses and actions', () => {
    expect(decideTransition('pending', 'accept', 'recipient')).toEqual({ ok: false, reason: 'unknown_status' });
    expect(decideTransition('sent', 'delete' as ReferralAction, 'recipient').ok).toBe(false);
  });

  it('final statuses allow nothing', () => {
    for (const status of FINAL_STATUSES) {
      expect(availableActions(status, 'referrer')).toEqual([]);
      expect(availableActions(status, 'recipient')).toEqual([]);
    }
  });

  it('revocation is only possible before delivery', () => {
    expect(availableActions('sent', 'referrer')).toEqual(['revoke']);
    expect(availableActions('accepted', 'referrer')).toEqual(['revoke']);
    expect(availableActions('service_delivered', 'referrer')).toEqual([]);
    expect(availableActions('sent', 'recipient')).toEqual(['accept', 'decline']);
  });
});
