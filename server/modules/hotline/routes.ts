import type { FastifyInstance } from 'fastify';
import { CALL_OUTCOMES, CALL_TOPICS, CALLER_KINDS } from '../../../core/hotline';
import { idParams } from '../../../core/schemas/common';
import {
  callList,
  callOutcomeBody,
  callSummary,
  callToIncidentBody,
  callToReferralBody,
  callView,
  hotlineVocabularies,
  listCallsQuery,
  logCallBody,
} from '../../../core/schemas/hotline';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import * as service from './service';

const tags = ['hotline'];

export async function hotlineRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/hotline/vocabularies', {
    config: { auth: 'session', disclosure: 'no_survivor_data' },
    schema: { tags, summary: 'Caller kinds, topics and outcomes of a call (ids; labels live in i18n)', response: { 200: hotlineVocabularies } },
  }, async () => ({ callerKinds: [...CALLER_KINDS], topics: [...CALL_TOPICS], outcomes: [...CALL_OUTCOMES] }));

  r.get('/api/hotline/calls', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: "The organisation's calls, newest first, without summaries", querystring: listCallsQuery, response: { 200: callList } },
  }, async (request, reply) => {
    noStore(reply);
    return service.listCalls(ctx, requestContext(request), request.query);
  });

  r.post('/api/hotline/calls', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'Log a call (minimum data; the summary is sealed)', body: logCallBody, response: { 201: callSummary } },
  }, async (request, reply) => noStore(reply).status(201).send(await service.logCall(ctx, requestContext(request), request.body)));

  r.get('/api/hotline/calls/:id', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'A call with its summary (audited)', params: idParams, response: { 200: callView } },
  }, async (request, reply) => {
    noStore(reply);
    return service.readCall(ctx, requestContext(request), request.params.id);
  });

  r.post('/api/hotline/calls/:id/outcome', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'Record that the caller got information and nothing follows', params: idParams, body: callOutcomeBody, response: { 200: callSummary } },
  }, async (request, reply) => {
    noStore(reply);
    return service.recordInformationGiven(ctx, requestContext(request), request.params.id);
  });

  r.post('/api/hotline/calls/:id/incident', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'Turn the call into an incident (survivor, verbal consent, incident)', params: idParams, body: callToIncidentBody, response: { 200: callSummary } },
  }, async (request, reply) => {
    noStore(reply);
    return service.convertCallToIncident(ctx, requestContext(request), request.params.id, request.body);
  });

  r.post('/api/hotline/calls/:id/referral', {
    config: { auth: 'session', disclosure: { gate: 'referral' } },
    schema: { tags, summary: 'Turn the call into a referral to a service (consent for that recipient)', params: idParams, body: callToReferralBody, response: { 200: callSummary } },
  }, async (request, reply) => {
    noStore(reply);
    return service.convertCallToReferral(ctx, requestContext(request), request.params.id, request.body);
  });
}
