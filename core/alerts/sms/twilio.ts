/**
 * Twilio Programmable Messaging inbound webhook: an application/x-www-form-urlencoded POST with
 * MessageSid (older accounts also SmsSid, SmsMessageSid), AccountSid, From, To, Body, NumMedia,
 * MediaUrl0..n, NumSegments (field names per ../shared/data/protocols/SMS-PAYLOAD-NOTES.md).
 * The signature (X-Twilio-Signature) is checked by the server over `twilioSignedString` before
 * this runs. SECURITY REL-4: limits, refusals name the field.
 */
import { invalid } from '../../errors';
import { optionalText, readCount, readExtra, readExtras, readMessageId, readPayload, readSmsText, requiredText, serverTime } from './fields';
import { readSmsAddress } from './phone';
import { SMS_LIMITS, type InboundSms, type SmsContext } from './types';

/** Twilio's inbound webhook fields (already form-decoded) to an InboundSms. Twilio sends no time: the server's clock is used. */
export function normaliseTwilioSms(fields: unknown, context: SmsContext): InboundSms {
  const payload = readPayload(fields, 'form', 'Twilio');
  const id = requiredText(payload, 'MessageSid', 'SmsMessageSid', 'SmsSid');
  const from = requiredText(payload, 'From');
  const to = requiredText(payload, 'To');
  const body = requiredText(payload, 'Body');
  const extras = readExtras(payload, { AccountSid: 'accountSid', NumSegments: 'numSegments', FromCountry: 'fromCountry' });
  const numMedia = optionalText(payload, 'NumMedia');
  const mediaCount = numMedia === undefined || numMedia.value === '' ? 0 : readCount(numMedia.value, 'NumMedia', 0, SMS_LIMITS.maxMedia);
  for (let i = 0; i < mediaCount; i++) {
    const url = optionalText(payload, `MediaUrl${i}`);
    if (url === undefined) throw invalid('sms.field_missing', `MediaUrl${i} is missing (NumMedia is ${mediaCount}).`, `MediaUrl${i}`);
    if (!/^https:\/\/[^\s]+$/.test(url.value)) throw invalid('sms.field_invalid', `MediaUrl${i} must be an https URL.`, `MediaUrl${i}`);
    extras[`mediaUrl${i}`] = readExtra(url.value, `MediaUrl${i}`);
  }
  if (mediaCount > 0) extras.numMedia = String(mediaCount);
  return {
    provider: 'twilio',
    providerMessageId: readMessageId(id.value, id.field),
    from: readSmsAddress(from.value, 'From', context),
    to: readSmsAddress(to.value, 'To', context),
    text: readSmsText(body.value, 'Body'),
    ...serverTime(context.nowMs),
    extras,
  };
}
