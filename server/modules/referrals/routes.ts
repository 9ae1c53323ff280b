import type { FastifyInstance } from 'fastify';
import { idParams, listOf } from '../../../core/schemas/common';
import {
  createReferralBody, declineReferralBody, deliverReferralBody, listReferralsQuery, referralListItem, referralTransitionBody, referralView,
} from '../../../core/schemas/referrals';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import { presentReferral, presentReferralItem } from './present';
import * as service from './service';

export async function referralRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);
  const tags = ['referrals'];
  // Every answer is read again through the consent gate (CON-4), so none is ever cached.
  const view = async (request: Parameters<typeof requestContext>[0], id: string) => presentReferral(await service.getReferral(ctx, requestContext(request), id));

  r.get('/api/referrals', {
    config: { auth: 'session', disclosure: { gate: 'referral' } },
    schema: { tags, summary: 'The incoming queue (urgent and clinical clock first) or the outgoing referrals', querystring: listReferralsQuery, response: { 200: listOf(referralListItem) } },
  }, async (request, reply) => {
    const items = await service.listReferrals(ctx, requestContext(request), request.query);
    return noStore(reply).send({ data: items.map(presentReferralItem) });
  });

  r.get('/api/referrals/:id', {
    config: { auth: 'session', disclosure: { gate: 'referral' } },
    schema: { tags, summary: 'One referral, with the sections its consent allows now', params: idParams, response: { 200: referralView } },
  }, async (request, reply) => noStore(reply).send(await view(request, request.params.id)));

  r.post('/api/referrals', {
    config: { auth: 'session', disclosure: { gate: 'referral' } },
    schema: { tags, summary: 'Refer a survivor from a case to a service (needs her consent for that recipient)', body: createReferralBody, response: { 201: referralView } },
  }, async (request, reply) => {
    const row = await service.createReferralRequest(ctx, requestContext(request), request.body);
    return noStore(reply).status(201).send(await view(request, row.id));
  });

  const transitions = [
    { path: 'accept', action: 'accept', summary: 'Accept a referral (receiving organisation)', body: referralTransitionBody },
    { path: 'close', action: 'close', summary: 'Close a referral after the service was delivered (receiving organisation)', body: referralTransitionBody },
    { path: 'revoke', action: 'revoke', summary: 'Revoke a referral before delivery (referring organisation)', body: referralTransitionBody },
  ] as const;
  for (const t of transitions) {
    r.post(`/api/referrals/:id/${t.path}`, {
      config: { auth: 'session', disclosure: { gate: 'referral' } },
      schema: { tags, summary: t.summary, params: idParams, body: t.body, response: { 200: referralView } },
    }, async (request, reply) => {
      await service.transitionReferral(ctx, requestContext(request), request.params.id, t.action, { version: request.body?.version });
      return noStore(reply).send(await view(request, request.params.id));
    });
  }

  r.post('/api/referrals/:id/decline', {
    config: { auth: 'session', disclosure: { gate: 'referral' } },
    schema: { tags, summary: 'Decline a referral, with a reason (receiving organisation)', params: idParams, body: declineReferralBody, response: { 200: referralView } },
  }, async (request, reply) => {
    await service.transitionReferral(ctx, requestContext(request), request.params.id, 'decline', request.body);
    return noStore(reply).send(await view(request, request.params.id));
  });

  r.post('/api/referrals/:id/deliver', {
    config: { auth: 'session', disclosure: { gate: 'referral' } },
    schema: { tags, summary: 'Record the service delivered (receiving organisation)', params: idParams, body: deliverReferralBody, response: { 200: referralView } },
  }, async (request, reply) => {
    await service.transitionReferral(ctx, requestContext(request), request.params.id, 'deliver', request.body);
    return noStore(reply).send(await view(request, request.params.id));
  });
}
