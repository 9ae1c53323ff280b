/**
 * Triage of alerts (states, severity, assignment, edit lock, merge, bulk): alert officers
 * (alerts.triage) of the alert's own organisation; another organisation's alert answers 404.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { alertSummary } from '../../../core/schemas/alerts';
import {
  alertAssigneeList,
  alertLockView,
  bulkAlertBody,
  bulkAlertResult,
  mergeAlertBody,
  transitionAlertBody,
  unmergeAlertBody,
  updateAlertBody,
} from '../../../core/schemas/alert-triage';
import { idParams } from '../../../core/schemas/common';
import type { AppContext } from '../../platform/context';
import { requestContext, typed } from '../../platform/http/route-kit';
import * as triage from './triage';
import { bulkTriage } from './triage-bulk';

const tags = ['alerts'];

export async function alertTriageRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/alerts/assignees', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Colleagues an alert may be assigned to (active, and triaging alerts)', response: { 200: alertAssigneeList } },
  }, async (request) => triage.listAssignees(ctx, requestContext(request)));

  r.post('/api/alerts/:id/transition', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Move an alert to another state (dismissing needs a reason)', params: idParams, body: transitionAlertBody, response: { 200: alertSummary } },
  }, async (request) => triage.transitionAlert(ctx, requestContext(request), request.params.id, request.body));

  r.patch('/api/alerts/:id', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Set severity, assignment, or the area (manual locating)', params: idParams, body: updateAlertBody, response: { 200: alertSummary } },
  }, async (request) => triage.updateAlert(ctx, requestContext(request), request.params.id, request.body));

  r.post('/api/alerts/:id/lock', {
    config: { auth: 'session' },
    schema: { tags, summary: `Take or renew the edit lock for ten minutes`, params: idParams, response: { 200: alertLockView } },
  }, async (request) => triage.lockAlert(ctx, requestContext(request), request.params.id));

  r.delete('/api/alerts/:id/lock', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Release one’s edit lock', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await triage.unlockAlert(ctx, requestContext(request), request.params.id);
    return reply.status(204).send(null);
  });

  r.post('/api/alerts/:id/merge', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Mark an alert a duplicate of another', params: idParams, body: mergeAlertBody, response: { 200: alertSummary } },
  }, async (request) => triage.mergeAlert(ctx, requestContext(request), request.params.id, request.body));

  r.post('/api/alerts/:id/unmerge', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Undo a merge: the duplicate is new again', params: idParams, body: unmergeAlertBody, response: { 200: alertSummary } },
  }, async (request) => triage.unmergeAlert(ctx, requestContext(request), request.params.id, request.body));

  r.post('/api/alerts/bulk', {
    config: { auth: 'session' },
    schema: { tags, summary: 'One action on up to 1000 alerts; locked, unknown or not-allowed alerts are reported and left alone', body: bulkAlertBody, response: { 200: bulkAlertResult } },
  }, async (request) => bulkTriage(ctx, requestContext(request), request.body));
}
