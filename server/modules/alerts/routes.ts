import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalid } from '../../../core/errors';
import {
  alertList,
  alertView,
  channelIdParams,
  channelList,
  channelView,
  createChannelBody,
  createFocalPointBody,
  focalPointList,
  focalPointView,
  listAlertsQuery,
  listFocalPointsQuery,
  smsWebhookReply,
  updateChannelBody,
  updateFocalPointBody,
} from '../../../core/schemas/alerts';
import { idParams } from '../../../core/schemas/common';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import { receiveSmsWebhook, senderRateLimited, type SmsWebhookRequest } from './intake';
import { isSmsSyncReport, receiveSmsSyncReport } from './outbox-smssync';
import type { SmsChannelKind } from './policy';
import * as service from './service';

const tags = ['alerts'];

/** REL-4: an inbound SMS payload is a few kilobytes; anything past this is refused with 413. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;
/** Form fields one body may carry before it is refused (the normalisers allow fewer). */
const MAX_FORM_FIELDS = 200;

/** SMSSync's polls per channel: a phone asks every few seconds at most. */
export const CHANNEL_RATE = { max: 300, timeWindow: '1 minute' } as const;
/** Per sender on a channel, after the signature: focal points, and stricter for unknown numbers. */
export const KNOWN_SENDER_RATE = { max: 30, timeWindow: '10 minutes' } as const;
export const UNKNOWN_SENDER_RATE = { max: 5, timeWindow: '10 minutes' } as const;

const GATEWAYS: { segment: string; gateway: SmsChannelKind }[] = [
  { segment: 'twilio', gateway: 'twilio' },
  { segment: 'vonage', gateway: 'vonage' },
  { segment: 'africas-talking', gateway: 'africas_talking' },
  { segment: 'frontlinesms', gateway: 'frontlinesms' },
  { segment: 'smssync', gateway: 'smssync' },
  { segment: 'generic', gateway: 'generic' },
];

/**
 * application/x-www-form-urlencoded, decoded to a null-prototype record (no `__proto__`
 * games); a repeated name becomes a list, which the normalisers refuse by name.
 */
export function parseFormBody(text: string): Record<string, string | string[]> {
  const fields = Object.create(null) as Record<string, string | string[]>;
  let count = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    if (++count > MAX_FORM_FIELDS) throw invalid('alerts.form_too_many_fields', `The form has more than ${MAX_FORM_FIELDS} fields.`, 'body');
    const previous = fields[name];
    fields[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return fields;
}

export async function alertRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  // The bodies as received, for signatures over raw bytes (generic webhook, Twilio JSON).
  const rawBodies = new WeakMap<FastifyRequest, string>();
  const contentKinds = new WeakMap<FastifyRequest, 'form' | 'json'>();
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  // Scoped to this plugin: the rest of the API keeps Fastify's own parsers.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT }, (request, body, done) => {
    rawBodies.set(request, body as string);
    contentKinds.set(request, 'json');
    defaultJson(request, body as string, done);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT }, (request, body, done) => {
    rawBodies.set(request, body as string);
    contentKinds.set(request, 'form');
    try {
      done(null, parseFormBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  const senderKeys = new WeakMap<FastifyRequest, string>();
  const senderKey = (request: FastifyRequest) => senderKeys.get(request) ?? 'none';
  const knownLimit = app.createRateLimit({ ...KNOWN_SENDER_RATE, keyGenerator: (request) => `alerts:known:${senderKey(request)}` });
  const unknownLimit = app.createRateLimit({ ...UNKNOWN_SENDER_RATE, keyGenerator: (request) => `alerts:unknown:${senderKey(request)}` });

  const r = typed(app);

  for (const { segment, gateway } of GATEWAYS) {
    r.post(`/api/alerts/sms/:channelId/${segment}`, {
      config: {
        auth: 'public',
        csrf: false,
        // Per channel, before any check: bounds what a forger can make us verify, yet leaves
        // room for an election day's burst through one number (configurable).
        rateLimit: {
          max: ctx.config.WEFT_ALERT_CHANNEL_LIMIT_PER_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: (request: FastifyRequest) => `alerts:channel:${String((request.params as { channelId?: unknown }).channelId)}`,
        },
      },
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags,
        summary: `Inbound SMS from ${segment} (authenticated by the channel's signature or shared secret; answered in the gateway's format)`,
        params: channelIdParams,
        response: { 200: smsWebhookReply },
      },
    }, async (request, reply) => {
      // SMSSync POSTs its Message Results API (?task=sent, ?task=result) to the sync URL that
      // also receives its SMS: those go to the outbox's SMSSync side (outbox-smssync.ts).
      if (gateway === 'smssync' && isSmsSyncReport(request.query)) {
        const answer = await receiveSmsSyncReport(ctx, request.params.channelId, request.query, request.body);
        return noStore(reply).type('application/json; charset=utf-8').send(answer);
      }
      const webhook: SmsWebhookRequest = {
        gateway,
        channelId: request.params.channelId,
        url: `${request.protocol}://${request.host}${request.url}`,
        rawBody: rawBodies.get(request) ?? null,
        body: request.body,
        contentKind: contentKinds.get(request) ?? 'none',
        query: (request.query ?? {}) as Record<string, unknown>,
        headers: request.headers,
        nowMs: Date.now(),
      };
      const result = await receiveSmsWebhook(ctx, webhook, async (key, known) => {
        senderKeys.set(request, key);
        const outcome = await (known ? knownLimit : unknownLimit)(request);
        if (!outcome.isAllowed && outcome.isExceeded) throw senderRateLimited();
      });
      return noStore(reply).status(result.reply.status).type(result.reply.contentType).send(result.reply.body);
    });
  }

  // ---- Channels ---------------------------------------------------------------------------

  r.get('/api/alerts/channels', {
    config: { auth: 'session' },
    schema: { tags, summary: "The organisation's alert channels (secrets shown only as set or not)", response: { 200: channelList } },
  }, async (request) => service.listChannels(ctx, requestContext(request)));

  r.post('/api/alerts/channels', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Add an SMS or webhook channel (secrets are write-only)', body: createChannelBody, response: { 201: channelView } },
  }, async (request, reply) => reply.status(201).send(await service.createChannel(ctx, requestContext(request), request.body)));

  r.patch('/api/alerts/channels/:id', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Change a channel: name, enabled, language, secrets (a new value replaces the old)', params: idParams, body: updateChannelBody, response: { 200: channelView } },
  }, async (request) => service.updateChannel(ctx, requestContext(request), request.params.id, request.body));

  // ---- Focal points -----------------------------------------------------------------------

  r.get('/api/alerts/focal-points', {
    config: { auth: 'session' },
    schema: { tags, summary: 'The focal point register, by name, with alert counts (no phone numbers)', querystring: listFocalPointsQuery, response: { 200: focalPointList } },
  }, async (request) => service.listFocalPoints(ctx, requestContext(request), request.query));

  r.post('/api/alerts/focal-points', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Register a focal point and the numbers they send from (sealed and hashed)', body: createFocalPointBody, response: { 201: focalPointView } },
  }, async (request, reply) => reply.status(201).send(await service.createFocalPoint(ctx, requestContext(request), request.body)));

  r.get('/api/alerts/focal-points/:id', {
    config: { auth: 'session' },
    schema: { tags, summary: 'A focal point with masked numbers (audited)', params: idParams, response: { 200: focalPointView } },
  }, async (request) => service.readFocalPoint(ctx, requestContext(request), request.params.id));

  r.patch('/api/alerts/focal-points/:id', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Change a focal point; add or remove numbers', params: idParams, body: updateFocalPointBody, response: { 200: focalPointView } },
  }, async (request) => service.updateFocalPoint(ctx, requestContext(request), request.params.id, request.body));

  // ---- Alerts -----------------------------------------------------------------------------

  r.get('/api/alerts', {
    config: { auth: 'session' },
    schema: {
      tags,
      summary: "The alert queue: the organisation's alerts filtered by state, severity, channel, area (with the areas inside it), time, locating, assignment, team, sender, escalation; newest or critical first, keyset pages (no text, sender or exact place)",
      querystring: listAlertsQuery,
      response: { 200: alertList },
    },
  }, async (request) => service.listAlerts(ctx, requestContext(request), request.query));

  r.get('/api/alerts/:id', {
    config: { auth: 'session' },
    schema: { tags, summary: 'One alert with its text and location opened (audited)', params: idParams, response: { 200: alertView } },
  }, async (request) => service.readAlert(ctx, requestContext(request), request.params.id));
}
