/**
 * One entry point over the gateway normalisers, so a route picks by the channel's provider.
 * SECURITY REL-4: whatever the payload, a normalised message or a validation DomainError.
 */
import { invalid } from '../../errors';
import { normaliseAfricasTalkingSms } from './africas-talking';
import { normaliseFrontlineSms } from './frontline-sms';
import { normaliseGenericSms } from './generic';
import { normaliseSmsSyncSms } from './smssync';
import { normaliseTwilioSms } from './twilio';
import type { InboundSms, SmsContext, SmsProvider } from './types';
import { normaliseVonageSms } from './vonage';

const NORMALISERS: Record<SmsProvider, (input: unknown, context: SmsContext) => InboundSms> = {
  twilio: normaliseTwilioSms,
  vonage: normaliseVonageSms,
  africas_talking: normaliseAfricasTalkingSms,
  frontline_sms: normaliseFrontlineSms,
  smssync: normaliseSmsSyncSms,
  generic: normaliseGenericSms,
};

/** The payload of `provider`'s inbound webhook (already decoded) to an InboundSms. */
export function normaliseInboundSms(provider: SmsProvider, input: unknown, context: SmsContext): InboundSms {
  if (!Object.hasOwn(NORMALISERS, provider)) throw invalid('sms.provider_unknown', 'Unknown SMS provider.', 'provider');
  return NORMALISERS[provider](input, context);
}
