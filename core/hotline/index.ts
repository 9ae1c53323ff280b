/**
 * Hotline intake (issue 3 part 8): the vocabularies of a call log kept to the minimum, and the
 * outcomes a call may reach. A call is information given (none), an incident, a referral, or
 * an incident then a referral; nothing else.
 */
import { ruleViolation } from '../errors';

export const CALLER_KINDS = ['survivor', 'relative_or_friend', 'witness', 'community_member', 'service_provider', 'other'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

/** What the call was about: categories, never the story (that is the sealed summary). */
export const CALL_TOPICS = [
  'sexual_violence',
  'physical_violence',
  'psychological_violence',
  'forced_marriage',
  'denial_of_resources',
  'child_protection',
  'medical_care',
  'psychosocial_support',
  'legal_information',
  'safety_shelter',
  'information_request',
  'other',
] as const;
export type CallTopic = (typeof CALL_TOPICS)[number];

export const CALL_OUTCOMES = ['pending', 'none', 'incident', 'referral'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export type CallEvent = 'information_given' | 'to_incident' | 'to_referral';

const TRANSITIONS: Record<CallEvent, Partial<Record<CallOutcome, CallOutcome>>> = {
  information_given: { pending: 'none' },
  to_incident: { pending: 'incident' },
  // A call first recorded as an incident may still be referred (the clinic for PEP).
  to_referral: { pending: 'referral', incident: 'referral' },
};

export function nextCallOutcome(current: string, event: CallEvent): CallOutcome | null {
  return TRANSITIONS[event][current as CallOutcome] ?? null;
}

export function transitionCall(current: string, event: CallEvent): CallOutcome {
  const next = nextCallOutcome(current, event);
  if (next === null) throw ruleViolation(`hotline.${event}_not_allowed`, `This call's outcome is already ${current}; it cannot change that way.`, 'outcome');
  return next;
}
