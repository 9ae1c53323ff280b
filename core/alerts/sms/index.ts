/** Inbound SMS from the supported gateways, normalised; their reply bodies; the strings they sign (issue 4, channels; REL-4). */
export * from './types';
export { toE164, readSmsAddress, type PhoneOptions } from './phone';
export { readPresentedSecret } from './fields';
export { normaliseTwilioSms } from './twilio';
export { normaliseVonageSms } from './vonage';
export { normaliseAfricasTalkingSms } from './africas-talking';
export { normaliseFrontlineSms } from './frontline-sms';
export { normaliseSmsSyncSms, readPhoneTimestamp } from './smssync';
export * from './smssync-results';
export { normaliseGenericSms, GENERIC_WEBHOOK_FIELDS } from './generic';
export { normaliseInboundSms } from './normalise';
export { joinSmsParts, fallbackDedupeKey } from './parts';
export * from './replies';
export * from './signing';
