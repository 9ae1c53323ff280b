/**
 * Rapid response at the HTTP boundary (issue 4 part 4): response tasks, targets, outbound
 * settings, each channel's outbound configuration, the outbox, and SMSSync's pull of outgoing
 * messages. Loading this plugin registers the outbox and escalation jobs, and a listening
 * server queues the first escalation pass (the pass then queues the next, every minute).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  alertIdParams,
  channelOutboundView,
  createTaskBody,
  listOutboxQuery,
  listTasksQuery,
  outboundChannelChoices,
  outboxList,
  putChannelOutboundBody,
  putSettingsBody,
  putTargetsBody,
  settingsView,
  smsSyncGetAnswer,
  smsSyncTaskQuery,
  targetsView,
  taskIdParams,
  taskList,
  taskView,
  updateTaskBody,
} from '../../../core/schemas/alert-response';
import { channelIdParams } from '../../../core/schemas/alerts';
import { idParams } from '../../../core/schemas/common';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import { listOutboundChannelChoices } from './channels';
import { scheduleEscalation } from './escalation';
import { CHANNEL_RATE } from './routes';
import { listOutbox } from './outbox';
import { answerSmsSyncGet } from './outbox-smssync';
import { putChannelOutbound, putSettings, putTargets, readChannelOutbound, readSettings, readTargets } from './response-settings';
import { createTask, listTasks, listTasksOfAlert, updateTask } from './tasks';

const tags = ['alerts'];

export async function alertResponseRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  // Only a server that listens runs jobs (server/main.ts starts the worker beside it); tests and
  // benchmarks that inject requests queue nothing.
  app.addHook('onListen', async () => {
    try {
      await scheduleEscalation(ctx);
    } catch (err) {
      // The server still serves; the first pass is queued at the next start.
      app.log.error({ err }, 'could not queue the first escalation pass');
    }
  });

  const r = typed(app);

  // ---- Tasks ------------------------------------------------------------------------------

  r.get('/api/alerts/tasks', {
    config: { auth: 'session' },
    schema: {
      tags,
      summary: 'Tasks my organisation gave (officers) and tasks given to it or to me (responders), soonest due first; alerts at area precision',
      querystring: listTasksQuery,
      response: { 200: taskList },
    },
  }, async (request, reply) => noStore(reply).send(await listTasks(ctx, requestContext(request), request.query)));

  r.patch('/api/alerts/tasks/:taskId', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Move a task (accept, in progress, done with outcome, cancel) or its due time', params: taskIdParams, body: updateTaskBody, response: { 200: taskView } },
  }, async (request, reply) => noStore(reply).send(await updateTask(ctx, requestContext(request), request.params.taskId, request.body)));

  r.get('/api/alerts/:id/tasks', {
    config: { auth: 'session' },
    schema: { tags, summary: "An alert's response tasks", params: alertIdParams, response: { 200: taskList } },
  }, async (request, reply) => noStore(reply).send(await listTasksOfAlert(ctx, requestContext(request), request.params.id)));

  r.post('/api/alerts/:id/tasks', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Give a response task to an organisation, a mission component or a person, with a due time', params: alertIdParams, body: createTaskBody, response: { 201: taskView } },
  }, async (request, reply) => noStore(reply).status(201).send(await createTask(ctx, requestContext(request), request.params.id, request.body)));

  // ---- Targets and settings ---------------------------------------------------------------

  r.get('/api/alerts/response-targets', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Response-time targets per severity (Weft defaults where the organisation set none)', response: { 200: targetsView } },
  }, async (request) => readTargets(ctx, requestContext(request)));

  r.put('/api/alerts/response-targets', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Set response-time targets for some or all severities', body: putTargetsBody, response: { 200: targetsView } },
  }, async (request) => putTargets(ctx, requestContext(request), request.body));

  r.get('/api/alerts/response-settings', {
    config: { auth: 'session' },
    schema: { tags, summary: 'The outbound SMS channel and on-call numbers (masked; audited)', response: { 200: settingsView } },
  }, async (request, reply) => noStore(reply).send(await readSettings(ctx, requestContext(request))));

  r.put('/api/alerts/response-settings', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Set the outbound SMS channel and the on-call numbers told of escalations', body: putSettingsBody, response: { 200: settingsView } },
  }, async (request, reply) => noStore(reply).send(await putSettings(ctx, requestContext(request), request.body)));

  r.get('/api/alerts/response-settings/channels', {
    config: { auth: 'session' },
    schema: {
      tags,
      summary: 'The channels the outbound SMS may go through: name, gateway, on or off, whether it can send (no configuration, no secret)',
      response: { 200: outboundChannelChoices },
    },
  }, async (request, reply) => noStore(reply).send(await listOutboundChannelChoices(ctx, requestContext(request))));

  r.get('/api/alerts/channels/:id/outbound', {
    config: { auth: 'session' },
    schema: { tags, summary: "A channel's outbound configuration and whether it can send", params: idParams, response: { 200: channelOutboundView } },
  }, async (request) => readChannelOutbound(ctx, requestContext(request), request.params.id));

  r.put('/api/alerts/channels/:id/outbound', {
    config: { auth: 'session' },
    schema: { tags, summary: "Set a channel's sender, outbound URL or send-API secret (write-only)", params: idParams, body: putChannelOutboundBody, response: { 200: channelOutboundView } },
  }, async (request) => putChannelOutbound(ctx, requestContext(request), request.params.id, request.body));

  r.get('/api/alerts/outbox', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Recent outbound SMS: recipient masked, body, status, transport, attempts (audited)', querystring: listOutboxQuery, response: { 200: outboxList } },
  }, async (request, reply) => noStore(reply).send(await listOutbox(ctx, requestContext(request), request.query)));

  // ---- SMSSync: the phone polls for its outgoing messages and for what awaits a report ---------
  // Its POSTs to the same sync URL (?task=sent, ?task=result) arrive on the inbound SMSSync
  // route, which hands them to outbox-smssync.ts receiveSmsSyncReport.

  r.get('/api/alerts/sms/:channelId/smssync', {
    config: {
      auth: 'public',
      rateLimit: { ...CHANNEL_RATE, keyGenerator: (request: FastifyRequest) => `alerts:smssync-pull:${String((request.params as { channelId?: unknown }).channelId)}` },
    },
    schema: {
      tags,
      summary:
        "SMSSync's GETs with the channel's secret: ?task=send, the pending messages (marked sent as they are handed over); ?task=result, the messages handed over that await a delivery report",
      params: channelIdParams,
      querystring: smsSyncTaskQuery,
      response: { 200: smsSyncGetAnswer },
    },
  }, async (request, reply) => noStore(reply).send(await answerSmsSyncGet(ctx, request.params.channelId, request.query)));
}
