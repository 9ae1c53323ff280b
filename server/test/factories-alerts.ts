/**
 * Test support for community alerts: channels and focal points written through the module's
 * services as an administrator of the organisation, and signed gateway requests (Twilio,
 * Vonage, the generic webhook) computed the way the gateways compute them. Numbers are in
 * fictional ranges (+1 555 01xx, +254 700 000 xxx).
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { genericSignedString, twilioSignedString, vonageSignedString } from '../../core/alerts';
import type { ChannelView, CreateChannelInput, CreateFocalPointInput, FocalPointView } from '../../core/schemas/alerts';
import { createChannelBody, createFocalPointBody } from '../../core/schemas/alerts';
import type { UserActor } from '../platform/actor';
import type { AppContext, RequestContext } from '../platform/context';
import { createChannel, createFocalPoint } from '../modules/alerts/service';
import { buildUser } from './factories';

/** A request on behalf of a fresh administrator of the organisation (TOTP not needed for services). */
async function adminRequest(ctx: AppContext, organisationId: string): Promise<RequestContext> {
  const user = await buildUser(ctx, { role: 'admin', organisationId });
  const actor: UserActor = {
    kind: 'user',
    userId: user.id,
    organisationId,
    role: 'admin',
    isPlatformOperator: false,
    sessionId: randomUUID(),
    stage: 'complete',
    reauthenticatedAt: null,
  };
  return { actor, requestId: null, ip: null, userAgent: null };
}

export const TEST_SECRETS = {
  authToken: 'twilio-auth-token-0123456789',
  signatureSecret: 'weft-signature-secret-0123456789',
  sharedSecret: 'shared-secret',
} as const;

/** A channel of `provider` with the secrets that provider needs (TEST_SECRETS unless given). */
export async function buildAlertChannel(
  ctx: AppContext,
  organisationId: string,
  provider: CreateChannelInput['provider'],
  overrides: Partial<CreateChannelInput> = {},
): Promise<ChannelView> {
  const secrets: Partial<CreateChannelInput> =
    provider === 'twilio'
      ? { authToken: TEST_SECRETS.authToken }
      : provider === 'generic' || provider === 'vonage'
        ? { signatureSecret: TEST_SECRETS.signatureSecret }
        : { sharedSecret: TEST_SECRETS.sharedSecret };
  const input = createChannelBody.parse({ provider, name: `Channel ${provider} ${randomUUID().slice(0, 8)}`, ...secrets, ...overrides });
  return createChannel(ctx, await adminRequest(ctx, organisationId), input);
}

export async function buildFocalPoint(ctx: AppContext, organisationId: string, overrides: Partial<CreateFocalPointInput> = {}): Promise<FocalPointView> {
  const input = createFocalPointBody.parse({ displayName: `Focal point ${randomUUID().slice(0, 8)}`, ...overrides });
  return createFocalPoint(ctx, await adminRequest(ctx, organisationId), input);
}

// ---- Signed requests ----------------------------------------------------------------------

export const formEncode = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** X-Twilio-Signature for a form POST to `url` (as Twilio requested it). */
export const twilioSignature = (url: string, fields: Record<string, string>, token: string = TEST_SECRETS.authToken) =>
  createHmac('sha1', token).update(twilioSignedString(url, fields), 'utf8').digest('base64');

/** Vonage signed-webhook fields: sig (md5hash) over the fields plus a timestamp. */
export function vonageSigned(fields: Record<string, string>, secret: string = TEST_SECRETS.signatureSecret, nowMs = Date.now()): Record<string, string> {
  const withTime = { ...fields, timestamp: String(Math.floor(nowMs / 1000)) };
  const sig = createHash('md5').update(vonageSignedString(withTime) + secret, 'utf8').digest('hex');
  return { ...withTime, sig };
}

/** The generic webhook's headers for `rawBody`. */
export function genericHeaders(rawBody: string, secret: string = TEST_SECRETS.signatureSecret, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac('sha256', secret).update(genericSignedString(timestamp, rawBody), 'utf8').digest('hex');
  return { 'content-type': 'application/json', 'x-weft-timestamp': timestamp, 'x-weft-signature': `sha256=${signature}` };
}

/** The URL app.inject requests, as the route reconstructs it. */
export const injectedUrl = (path: string) => `http://localhost:80${path}`;

/** POSTs a Twilio form, signed unless `signature` is given. */
export function postTwilio(app: FastifyInstance, channelId: string, fields: Record<string, string>, signature?: string) {
  const path = `/api/alerts/sms/${channelId}/twilio`;
  return app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? twilioSignature(injectedUrl(path), fields) },
    payload: formEncode(fields),
  });
}
