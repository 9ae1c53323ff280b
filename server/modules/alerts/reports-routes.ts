/** Alerts sent by web form or hotline operators; alert to incident. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { deriveAddressKey } from '../../../core/net/address-key';
import {
  incidentDraft,
  incidentDraftQuery,
  linkAlertIncidentBody,
  myAlertReportList,
  myAlertReportsQuery,
  reportAlertBody,
  reportAlertResponse,
} from '../../../core/schemas/alert-reports';
import { alertSummary } from '../../../core/schemas/alerts';
import { idParams } from '../../../core/schemas/common';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import { linkAlertIncident, readIncidentDraft } from './conversion';
import { listMyReports, reportAlert } from './reports';

const tags = ['alerts'];

/** REL-4: a filled alert form is a few kilobytes at most (text ≤ 2,000 characters). */
export const REPORT_BODY_LIMIT = 16 * 1024;
/** Per client address (an IPv6 client per /64): a person filling forms, with room for a hotline's busy hour. */
export const REPORT_RATE = { max: 60, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => deriveAddressKey(request.ip) } as const;

export async function alertReportRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.post('/api/alerts/reports', {
    config: { auth: 'session', rateLimit: REPORT_RATE },
    bodyLimit: REPORT_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Send an alert by the web form or for a hotline call (idempotent on idempotencyKey; warns on identifying text)',
      body: reportAlertBody,
      response: { 200: reportAlertResponse, 201: reportAlertResponse },
    },
  }, async (request, reply) => {
    const { created, response } = await reportAlert(ctx, requestContext(request), request.body);
    return noStore(reply).status(created ? 201 : 200).send(response);
  });

  r.get('/api/alerts/reports/mine', {
    config: { auth: 'session' },
    schema: { tags, summary: 'The alerts I sent by form, newest first: reference, state and clocks (no text)', querystring: myAlertReportsQuery, response: { 200: myAlertReportList } },
  }, async (request, reply) => noStore(reply).send(await listMyReports(ctx, requestContext(request), request.query)));

  r.get('/api/alerts/:id/incident-draft', {
    config: { auth: 'session' },
    schema: {
      tags,
      summary: 'Prefill for an incident record from a verified alert: area, date, time of day, perpetrator category, contexts (never text, sender or point)',
      params: idParams,
      querystring: incidentDraftQuery,
      response: { 200: incidentDraft },
    },
  }, async (request, reply) => noStore(reply).send(await readIncidentDraft(ctx, requestContext(request), request.params.id, request.query)));

  r.post('/api/alerts/:id/incident', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Link a verified alert to the incident recorded from it (once)', params: idParams, body: linkAlertIncidentBody, response: { 200: alertSummary } },
  }, async (request) => linkAlertIncident(ctx, requestContext(request), request.params.id, request.body));
}
