/**
 * Phone numbers as gateways write them, to E.164 (ITU-T E.164: `+`, country code, at most 15
 * digits) for the keyed lookup hash of a sender, keeping the raw form for the encrypted copy.
 * No numbering-plan database: the shape is checked, not whether the number exists. SECURITY
 * REL-4 (length and character limits, refusals name the field).
 */
import { invalid } from '../../errors';
import { SMS_LIMITS, type SmsAddress } from './types';

const CONTROL_OR_FORMAT = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/;
/** Separators people and gateways put inside numbers: spaces, dashes, dots, parentheses, slashes. */
const SEPARATORS = /[\s\-.()/\u00a0]/g;
const CALLING_CODE = /^[1-9][0-9]{0,2}$/;
/** Channel prefixes some gateways put before a number (Twilio's WhatsApp and similar channels). */
const CHANNEL_PREFIX = /^(whatsapp|tel|sms|viber):/i;

export interface PhoneOptions {
  /** Country calling code (digits, no +) for national numbers written with a trunk 0. */
  defaultCallingCode?: string | undefined;
  /** The gateway writes international numbers without the + (Vonage's msisdn and to). */
  internationalWithoutPlus?: boolean;
}

/**
 * The E.164 form of a phone number, or null when the text does not have the shape of one
 * (short codes, alphanumeric sender ids, too few or too many digits). `defaultCallingCode`
 * (digits, e.g. "243") turns a national number with a single trunk 0 into E.164; without it a
 * national number stays null rather than guessed (a bare 11-digit number may be national in
 * one country and international in another).
 */
export function toE164(text: string, options: PhoneOptions = {}): string | null {
  const { defaultCallingCode, internationalWithoutPlus = false } = options;
  const compact = text.trim().replace(CHANNEL_PREFIX, '').replace(SEPARATORS, '');
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else if (internationalWithoutPlus && /^[1-9]/.test(compact)) digits = compact;
  else if (compact.startsWith('0') && !compact.startsWith('00') && defaultCallingCode && CALLING_CODE.test(defaultCallingCode))
    digits = defaultCallingCode + compact.slice(1);
  else return null;
  // E.164 allows 15 digits; fewer than 8 is no subscriber number in any plan, but a short code.
  if (!/^[1-9][0-9]{7,14}$/.test(digits)) return null;
  return `+${digits}`;
}

/**
 * A sender or recipient address as a gateway sent it. Refuses what cannot be an address
 * (empty, too long, control characters); keeps anything else raw, with its E.164 form when it
 * has one.
 */
export function readSmsAddress(value: string, field: string, options: PhoneOptions = {}): SmsAddress {
  const raw = value.trim();
  if (raw === '') throw invalid('sms.address_missing', `${field} is empty; it must be the sender's or recipient's number.`, field);
  if (raw.length > SMS_LIMITS.maxAddressChars)
    throw invalid('sms.address_too_long', `${field} must be at most ${SMS_LIMITS.maxAddressChars} characters.`, field);
  if (CONTROL_OR_FORMAT.test(raw)) throw invalid('sms.address_invalid', `${field} must not contain control characters.`, field);
  return { raw, e164: toE164(raw, options) };
}
