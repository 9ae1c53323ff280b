import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CLASSIFICATION_QUESTIONS, CRSV_ACTS, GBV_TYPES, INCIDENT_CONTEXTS, CLASSIFY_MESSAGES, type ClassifyMessageKey } from '../../../core/classify';
import { idParams } from '../../../core/schemas/common';
import {
  classificationGuide,
  createIncidentBody,
  exportIncidentsQuery,
  incidentList,
  incidentView,
  listIncidentsQuery,
  updateIncidentBody,
  type ClassificationGuide,
} from '../../../core/schemas/incidents';
import { unauthenticated } from '../../../core/errors';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import { isSignedInUser } from '../../platform/policy';
import { exportIncidents } from './export';
import * as service from './service';

const texts = (key: ClassifyMessageKey) => ({ en: CLASSIFY_MESSAGES.en[key], fr: CLASSIFY_MESSAGES.fr[key], ar: CLASSIFY_MESSAGES.ar[key] });

/** The guided classification's questions, acts, types and contexts, in en, fr and ar (part 4). */
const GUIDE: ClassificationGuide = {
  questions: CLASSIFICATION_QUESTIONS.map((q) => ({ id: q.id, order: q.order, yesLeadsTo: q.yesLeadsTo, text: texts(q.textKey) })),
  acts: CRSV_ACTS.map((a) => ({ id: a.id, impliesYesTo: a.impliesYesTo, label: texts(a.labelKey) })),
  types: GBV_TYPES.map((t) => ({ id: t, label: texts(`classify.type.${t}`) })),
  contexts: INCIDENT_CONTEXTS.map((c) => ({ id: c, label: texts(`classify.context.${c}`) })),
};

export async function incidentRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/incidents/classification/questions', {
    config: { auth: 'session', disclosure: 'no_survivor_data' },
    schema: { tags: ['incidents'], summary: 'The GBVIMS classification questions, acts, types and contexts (en, fr, ar)', response: { 200: classificationGuide } },
  }, async (request) => {
    if (!isSignedInUser(request.actor)) throw unauthenticated();
    return GUIDE;
  });

  r.get('/api/incidents', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags: ['incidents'], summary: "The organisation's incidents, non-identifying, filtered and paginated", querystring: listIncidentsQuery, response: { 200: incidentList } },
  }, async (request, reply) => noStore(reply).send(await service.listIncidents(ctx, requestContext(request), request.query)));

  r.post('/api/incidents', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags: ['incidents'], summary: 'Record an incident, classified from the yes/no answers', body: createIncidentBody, response: { 201: incidentView } },
  }, async (request, reply) => noStore(reply).status(201).send(await service.createIncidentRequest(ctx, requestContext(request), request.body)));

  r.get('/api/incidents/export', {
    config: { auth: 'session', disclosure: { gate: 'statistics' } },
    schema: {
      tags: ['incidents'],
      summary: 'Incident Recorder export (XLSX or CSV) of incidents with consent for statistics; needs a fresh password confirmation',
      querystring: exportIncidentsQuery,
      // A file streamed as an attachment (never serialised: Fastify sends streams as they are).
      response: { 200: z.string().describe('The Incident Recorder workbook (XLSX) or CSV file, as an attachment with a neutral name') },
    },
  }, async (request, reply) => {
    const file = await exportIncidents(ctx, requestContext(request), request.query);
    return noStore(reply)
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(file.body);
  });

  r.get('/api/incidents/:id', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags: ['incidents'], summary: 'One incident; case work also reads the narrative and exact location (audited)', params: idParams, response: { 200: incidentView } },
  }, async (request, reply) => noStore(reply).send(await service.readIncident(ctx, requestContext(request), request.params.id)));

  r.patch('/api/incidents/:id', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags: ['incidents'], summary: 'Change an incident at the version read (409 otherwise)', params: idParams, body: updateIncidentBody, response: { 200: incidentView } },
  }, async (request, reply) => noStore(reply).send(await service.updateIncidentRequest(ctx, requestContext(request), request.params.id, request.body)));
}
