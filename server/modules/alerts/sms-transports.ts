/**
 * The gateways' send APIs, one request per message, in each provider's documented format:
 * - Twilio: POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP basic auth
 *   (AccountSid, auth token), form fields To, From, Body; 201 with the message's sid.
 * - Vonage SMS API: POST {base}/sms/json, form fields api_key, api_secret, from, to (digits,
 *   no +), text; 200 with messages[].status "0" when accepted.
 * - Africa's Talking: POST {base}/version1/messaging, header apiKey, form fields username, to,
 *   message (from when set); 201 with SMSMessageData.Recipients[].statusCode 100-102.
 * - Generic: POST JSON {id, to, message} to the channel's outbound URL, signed as the inbound
 *   webhook is (X-Weft-Timestamp, X-Weft-Signature: sha256=HMAC over "timestamp.body").
 * - FrontlineSMS (FrontlineCloud's webhook API, as Ushahidi's FrontlineSMS data source calls
 *   it): POST JSON {apiKey, payload: {message, recipients: [{type: 'mobile', value}]}} to the
 *   channel's outbound URL, {server}/api/1/webhook (a bare server URL gets that path); 200 when
 *   accepted. apiKey is the channel's send-API secret.
 * SMSSync phones pull their messages (response-routes.ts).
 *
 * Failures come back as short texts made here, never a gateway's body (it may echo a number)
 * and never a credential; `retry` says whether another attempt may succeed (network, 429, 5xx).
 */
import { createHmac } from 'node:crypto';
import { genericSignedString } from '../../../core/alerts';
import type { Config } from '../../config';

export interface GatewayChannel {
  provider: string;
  accountId: string | null;
  sender: string | null;
  outboundUrl: string | null;
  /** Opened secrets; null when not set. */
  authToken: string | null;
  apiSecret: string | null;
  signatureSecret: string | null;
}

export interface OutgoingMessage {
  /** Our id for the message (the outbox row). */
  id: string;
  to: string;
  body: string;
  /** Overrides the channel's sender (the number an acknowledged alert was sent to). */
  from: string | null;
}

export type SendResult = { ok: true; providerMessageId: string | null } | { ok: false; retry: boolean; error: string };

/** How long one gateway request may take before it counts as a failure to retry. */
export const GATEWAY_TIMEOUT_MS = 15_000;

/** What a channel lacks before it can send (empty: it can). SMSSync phones pull, so need nothing more. */
export function outboundMissing(channel: GatewayChannel & { enabled?: boolean }): string[] {
  const missing: string[] = [];
  const need = (ok: boolean, what: string) => (ok ? undefined : missing.push(what));
  if (channel.enabled === false) missing.push('enabled');
  switch (channel.provider) {
    case 'twilio':
      need(channel.accountId !== null, 'accountId');
      need(channel.authToken !== null, 'authToken');
      need(channel.sender !== null, 'senderId');
      break;
    case 'vonage':
      need(channel.accountId !== null, 'accountId');
      need(channel.apiSecret !== null, 'apiSecret');
      need(channel.sender !== null, 'senderId');
      break;
    case 'africas_talking':
      need(channel.accountId !== null, 'accountId');
      need(channel.apiSecret !== null, 'apiSecret');
      break;
    case 'generic':
      need(channel.outboundUrl !== null, 'outboundUrl');
      need(channel.signatureSecret !== null, 'signatureSecret');
      break;
    case 'frontlinesms':
      need(channel.outboundUrl !== null, 'outboundUrl');
      need(channel.apiSecret !== null, 'apiSecret');
      break;
    case 'smssync':
      break;
    default:
      missing.push('provider');
  }
  return missing;
}

const permanent = (error: string): SendResult => ({ ok: false, retry: false, error });

async function post(url: string, init: { headers: Record<string, string>; body: string }): Promise<Response | SendResult> {
  try {
    return await fetch(url, { method: 'POST', headers: init.headers, body: init.body, redirect: 'error', signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, retry: true, error: timedOut ? 'the gateway did not answer in time' : 'the gateway could not be reached' };
  }
}

const isResult = (value: Response | SendResult): value is SendResult => !(value instanceof Response);

/** A refusal by HTTP status: 429 and 5xx may pass later; other 4xx will not. */
function byStatus(provider: string, response: Response, detail = ''): SendResult {
  const retry = response.status === 429 || response.status >= 500;
  return { ok: false, retry, error: `${provider} answered HTTP ${response.status}${detail}` };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';
const trimBase = (base: string) => base.replace(/\/+$/, '');

async function sendTwilio(config: Config, channel: GatewayChannel, message: OutgoingMessage): Promise<SendResult> {
  const from = message.from ?? channel.sender;
  if (!channel.accountId || !channel.authToken || !from) return permanent('the Twilio channel has no account, auth token or sender number');
  const url = `${trimBase(config.WEFT_TWILIO_API_URL)}/2010-04-01/Accounts/${encodeURIComponent(channel.accountId)}/Messages.json`;
  const answer = await post(url, {
    headers: { authorization: `Basic ${Buffer.from(`${channel.accountId}:${channel.authToken}`).toString('base64')}`, 'content-type': FORM, accept: 'application/json' },
    body: form({ To: message.to, From: from, Body: message.body }),
  });
  if (isResult(answer)) return answer;
  const json = (await readJson(answer)) as { sid?: unknown; code?: unknown } | null;
  if (!answer.ok) return byStatus('Twilio', answer, typeof json?.code === 'number' ? ` (error ${json.code})` : '');
  return { ok: true, providerMessageId: typeof json?.sid === 'string' ? json.sid.slice(0, 128) : null };
}

/** Vonage statuses worth another try: throttled (1), internal error (5), communication failed (13). */
const VONAGE_RETRY = new Set(['1', '5', '13']);

async function sendVonage(config: Config, channel: GatewayChannel, message: OutgoingMessage): Promise<SendResult> {
  const from = message.from ?? channel.sender;
  if (!channel.accountId || !channel.apiSecret || !from) return permanent('the Vonage channel has no api key, api secret or sender');
  const answer = await post(`${trimBase(config.WEFT_VONAGE_API_URL)}/sms/json`, {
    headers: { 'content-type': FORM, accept: 'application/json' },
    body: form({ api_key: channel.accountId, api_secret: channel.apiSecret, from: from.replace(/^\+/, ''), to: message.to.replace(/^\+/, ''), text: message.body, 'client-ref': message.id }),
  });
  if (isResult(answer)) return answer;
  if (!answer.ok) return byStatus('Vonage', answer);
  const json = (await readJson(answer)) as { messages?: Array<{ status?: unknown; 'message-id'?: unknown }> } | null;
  const first = Array.isArray(json?.messages) ? json.messages[0] : undefined;
  const status = String(first?.status ?? '');
  if (status === '0') return { ok: true, providerMessageId: typeof first?.['message-id'] === 'string' ? first['message-id'].slice(0, 128) : null };
  return { ok: false, retry: VONAGE_RETRY.has(status), error: `Vonage refused the message (status ${status.slice(0, 8) || 'missing'})` };
}

async function sendAfricasTalking(config: Config, channel: GatewayChannel, message: OutgoingMessage): Promise<SendResult> {
  if (!channel.accountId || !channel.apiSecret) return permanent("the Africa's Talking channel has no username or api key");
  const from = message.from ?? channel.sender;
  const answer = await post(`${trimBase(config.WEFT_AFRICAS_TALKING_API_URL)}/version1/messaging`, {
    headers: { apikey: channel.apiSecret, 'content-type': FORM, accept: 'application/json' },
    body: form({ username: channel.accountId, to: message.to, message: message.body, ...(from ? { from } : {}) }),
  });
  if (isResult(answer)) return answer;
  if (!answer.ok) return byStatus("Africa's Talking", answer);
  const json = (await readJson(answer)) as { SMSMessageData?: { Recipients?: Array<{ statusCode?: unknown; messageId?: unknown }> } } | null;
  const recipient = json?.SMSMessageData?.Recipients?.[0];
  const code = Number(recipient?.statusCode);
  if (code >= 100 && code <= 102) return { ok: true, providerMessageId: typeof recipient?.messageId === 'string' ? recipient.messageId.slice(0, 128) : null };
  // 500 (internal error) and 501 (gateway error) may pass later; the rest (invalid number, no balance...) will not.
  return { ok: false, retry: code === 500 || code === 501, error: `Africa's Talking refused the message (status ${Number.isFinite(code) ? code : 'missing'})` };
}

async function sendGeneric(channel: GatewayChannel, message: OutgoingMessage, nowMs: number): Promise<SendResult> {
  if (!channel.outboundUrl || !channel.signatureSecret) return permanent('the generic channel has no outbound URL or signature secret');
  const body = JSON.stringify({ id: message.id, to: message.to, message: message.body, ...(message.from ? { from: message.from } : {}) });
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac('sha256', channel.signatureSecret).update(genericSignedString(timestamp, body), 'utf8').digest('hex');
  const answer = await post(channel.outboundUrl, {
    headers: { 'content-type': 'application/json', 'x-weft-timestamp': timestamp, 'x-weft-signature': `sha256=${signature}` },
    body,
  });
  if (isResult(answer)) return answer;
  if (!answer.ok) return byStatus('the outbound URL', answer);
  return { ok: true, providerMessageId: null };
}

/** FrontlineCloud's webhook path, added to an outbound URL that names only the server. */
export const FRONTLINE_WEBHOOK_PATH = '/api/1/webhook';

/** The URL a FrontlineSMS channel posts to: the outbound URL as given, or its server's webhook when it has no path. */
export function frontlineWebhookUrl(outboundUrl: string): string {
  const url = new URL(outboundUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = FRONTLINE_WEBHOOK_PATH;
  return url.toString();
}

async function sendFrontlineSms(channel: GatewayChannel, message: OutgoingMessage): Promise<SendResult> {
  if (!channel.outboundUrl || !channel.apiSecret) return permanent('the FrontlineSMS channel has no outbound URL or API key');
  const body = JSON.stringify({ apiKey: channel.apiSecret, payload: { message: message.body, recipients: [{ type: 'mobile', value: message.to }] } });
  const answer = await post(frontlineWebhookUrl(channel.outboundUrl), { headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
  if (isResult(answer)) return answer;
  if (!answer.ok) return byStatus('FrontlineSMS', answer);
  // FrontlineCloud answers no message id: the outbox row's own id is the reference.
  return { ok: true, providerMessageId: null };
}

/** Sends one message through the channel's gateway. */
export async function sendThroughGateway(config: Config, channel: GatewayChannel, message: OutgoingMessage, nowMs = Date.now()): Promise<SendResult> {
  switch (channel.provider) {
    case 'twilio':
      return sendTwilio(config, channel, message);
    case 'vonage':
      return sendVonage(config, channel, message);
    case 'africas_talking':
      return sendAfricasTalking(config, channel, message);
    case 'generic':
      return sendGeneric(channel, message, nowMs);
    case 'frontlinesms':
      return sendFrontlineSms(channel, message);
    default:
      return permanent(`a ${channel.provider} channel cannot send messages`);
  }
}
