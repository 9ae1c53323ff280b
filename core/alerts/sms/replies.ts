/**
 * The bodies each gateway expects in answer to an inbound message, as pure builders: TwiML for
 * Twilio (a <Message> per reply SMS), SMSSync's and FrontlineSMS's JSON payloads (SMSSync may
 * carry outgoing messages back to the phone), an empty 200 for Vonage and Africa's Talking
 * (replies go out through their send APIs), and a small JSON for the generic webhook.
 * Everything interpolated is escaped (XML) or serialised (JSON), never concatenated raw
 * (SECURITY REL-4: untrusted text in, well-formed replies out).
 */
import { invalid } from '../../errors';
import { escapeXml } from '../xml-escape';
import type { SmsProvider } from './types';

export { escapeXml };

export interface SmsReplyBody {
  status: 200;
  contentType: string;
  body: string;
}

export interface OutgoingSms {
  to: string;
  message: string;
  /** SMSSync reports delivery back by this id. */
  uuid: string;
}

/** Twilio's TwiML: `<Response/>` when nothing is to be sent back, else one `<Message>` per reply. */
export function buildTwimlReply(messages: readonly string[] = []): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  if (messages.length === 0) return `${head}<Response/>`;
  return `${head}<Response>${messages.map((message) => `<Message>${escapeXml(message)}</Message>`).join('')}</Response>`;
}

/**
 * SMSSync's answer: `{"payload":{"success":true,"error":null}}`, or with `messages` the task
 * "send" asking the phone to send them (the secret identifies the server to the app), or a
 * failure with its error text (the app then retries later).
 */
export function buildSmsSyncReply(reply: { success: true; messages?: readonly OutgoingSms[]; secret?: string } | { success: false; error: string }): string {
  if (!reply.success) return JSON.stringify({ payload: { success: false, error: reply.error } });
  const messages = reply.messages ?? [];
  if (messages.length === 0) return JSON.stringify({ payload: { success: true, error: null } });
  return JSON.stringify({
    payload: {
      success: true,
      error: null,
      task: 'send',
      ...(reply.secret === undefined ? {} : { secret: reply.secret }),
      messages: messages.map(({ to, message, uuid }) => ({ to, message, uuid })),
    },
  });
}

/** FrontlineSMS's answer: `{"payload":{"success":true}}` (or false with an error). */
export function buildFrontlineSmsReply(reply: { success: true } | { success: false; error: string } = { success: true }): string {
  return JSON.stringify({ payload: reply.success ? { success: true } : { success: false, error: reply.error } });
}

/** The whole 200 answer for one provider; `messages` are reply texts where the gateway can carry them (Twilio, SMSSync). */
export function buildSmsReply(provider: SmsProvider, options: { messages?: readonly OutgoingSms[]; secret?: string } = {}): SmsReplyBody {
  const messages = options.messages ?? [];
  switch (provider) {
    case 'twilio':
      return { status: 200, contentType: 'text/xml; charset=utf-8', body: buildTwimlReply(messages.map((m) => m.message)) };
    case 'smssync':
      return { status: 200, contentType: 'application/json; charset=utf-8', body: buildSmsSyncReply({ success: true, messages, ...(options.secret === undefined ? {} : { secret: options.secret }) }) };
    case 'frontline_sms':
      return { status: 200, contentType: 'application/json; charset=utf-8', body: buildFrontlineSmsReply() };
    case 'generic':
      return { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ accepted: true }) };
    case 'vonage':
    case 'africas_talking':
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: '' };
    default:
      throw invalid('sms.provider_unknown', 'Unknown SMS provider.', 'provider');
  }
}
