import type { FastifyInstance } from 'fastify';
import { consentList, consentView, recordConsentBody, survivorConsentParams } from '../../../core/schemas/consents';
import { listOf } from '../../../core/schemas/common';
import {
  erasureBody,
  erasureResult,
  listSurvivorsQuery,
  registerSurvivorBody,
  survivorParams,
  survivorSummary,
  survivorView,
  survivorVocabularies,
  updateSurvivorBody,
  updateSurvivorVocabulariesBody,
} from '../../../core/schemas/survivors';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import { presentConsent, presentSurvivor, presentSurvivorSummary } from './present';
import { eraseSurvivor } from './erasure';
import * as consents from './consents';
import * as service from './service';

export async function survivorRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);
  const tags = ['survivors'];

  r.get('/api/survivors/vocabularies', {
    config: { auth: 'session', disclosure: 'no_survivor_data' },
    schema: { tags, summary: 'The configured lists of the survivor profile (sex, disability, displacement, marital status)', response: { 200: survivorVocabularies } },
  }, async (request) => service.readVocabularies(ctx, requestContext(request)));

  r.put('/api/survivors/vocabularies', {
    config: { auth: 'session', disclosure: 'no_survivor_data' },
    schema: { tags, summary: 'Replace the survivor profile lists (platform administrators)', body: updateSurvivorVocabulariesBody, response: { 200: survivorVocabularies } },
  }, async (request) => service.replaceVocabularies(ctx, requestContext(request), request.body));

  r.get('/api/survivors', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: "The organisation's survivors, newest first; nothing identifying", querystring: listSurvivorsQuery, response: { 200: listOf(survivorSummary) } },
  }, async (request, reply) => {
    const page = await service.listSurvivors(ctx, requestContext(request), request.query);
    noStore(reply);
    return { data: page.rows.map(presentSurvivorSummary), nextCursor: page.nextCursor };
  });

  r.post('/api/survivors', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'Register a survivor', body: registerSurvivorBody, response: { 201: survivorView } },
  }, async (request, reply) => {
    const { survivor, identity } = await service.registerSurvivorRequest(ctx, requestContext(request), request.body);
    return noStore(reply).status(201).send(presentSurvivor(survivor, identity));
  });

  r.get('/api/survivors/:id', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'A survivor; identifying fields for roles that read them (audited)', params: survivorParams, response: { 200: survivorView } },
  }, async (request, reply) => {
    const { survivor, identity } = await service.readSurvivor(ctx, requestContext(request), request.params.id);
    noStore(reply);
    return presentSurvivor(survivor, identity);
  });

  r.patch('/api/survivors/:id', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: "Change a survivor's profile or identifying fields", params: survivorParams, body: updateSurvivorBody, response: { 200: survivorView } },
  }, async (request, reply) => {
    const { survivor, identity } = await service.updateSurvivor(ctx, requestContext(request), request.params.id, request.body);
    noStore(reply);
    return presentSurvivor(survivor, identity);
  });

  r.get('/api/survivors/:id/consents', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: "The survivor's consents, withdrawn ones included", params: survivorParams, response: { 200: consentList } },
  }, async (request, reply) => {
    const rows = await consents.listConsentsRequest(ctx, requestContext(request), request.params.id);
    noStore(reply);
    return { data: rows.map(presentConsent) };
  });

  r.post('/api/survivors/:id/consents', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'Record a consent (CON-1; CHD-1 for children)', params: survivorParams, body: recordConsentBody, response: { 201: consentView } },
  }, async (request, reply) => {
    const row = await consents.recordConsentRequest(ctx, requestContext(request), request.params.id, request.body);
    return noStore(reply).status(201).send(presentConsent(row));
  });

  r.post('/api/survivors/:id/consents/:consentId/withdraw', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'Withdraw a consent; effective for every later request (CON-4)', params: survivorConsentParams, response: { 200: consentView } },
  }, async (request, reply) => {
    const row = await consents.withdrawConsentRequest(ctx, requestContext(request), request.params.id, request.params.consentId);
    noStore(reply);
    return presentConsent(row);
  });

  r.post('/api/survivors/:id/erasure', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: "Erase a survivor's identifying data everywhere (STO-3; supervisor, fresh password)", params: survivorParams, body: erasureBody, response: { 200: erasureResult } },
  }, async (request) => eraseSurvivor(ctx, requestContext(request), request.params.id, request.body));
}
