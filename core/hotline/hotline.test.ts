import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../domain-error.testing';
import { CALL_OUTCOMES, nextCallOutcome, transitionCall, type CallEvent } from '.';

describe('call outcomes', () => {
  const allowed: Array<[string, CallEvent, string]> = [
    ['pending', 'information_given', 'none'],
    ['pending', 'to_incident', 'incident'],
    ['pending', 'to_referral', 'referral'],
    ['incident', 'to_referral', 'referral'],
  ];
  it.each(allowed)('%s --%s--> %s', (from, event, to) => expect(nextCallOutcome(from, event)).toBe(to));

  it('refuses every other transition as a 422 naming outcome', () => {
    const events: CallEvent[] = ['information_given', 'to_incident', 'to_referral'];
    for (const from of CALL_OUTCOMES) {
      for (const event of events) {
        if (allowed.some(([f, e]) => f === from && e === event)) continue;
        expect(nextCallOutcome(from, event)).toBeNull();
        expect(thrownDomainError(() => transitionCall(from, event))).toMatchObject({ category: 'rule_violation', field: 'outcome' });
      }
    }
  });
});
