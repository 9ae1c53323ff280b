import type { FastifyInstance } from 'fastify';
import {
  ACTION_STATUSES,
  CLOSURE_ANSWERS,
  CLOSURE_CHECKLIST_ITEMS,
  CLOSURE_REASONS,
  FOLLOW_UP_KINDS,
  NEED_CATEGORIES,
  RISK_LEVELS,
  STRENGTH_KINDS,
} from '../../../core/cases';
import {
  caseIdParams,
  caseList,
  caseView,
  caseVocabularies,
  followUpView,
  linkIncidentBody,
  listCasesQuery,
  openCaseBody,
  recordFollowUpBody,
  requestClosureBody,
  returnBody,
  updateCaseBody,
  versionBody,
} from '../../../core/schemas/cases';
import { listOf } from '../../../core/schemas/common';
import { inOrganisationScope } from '../../db/scope';
import type { AppContext } from '../../platform/context';
import type { RequestContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import type { CaseRow } from './store';
import { presentCaseWithPlan } from './reads';
import * as service from './service';

const tags = ['cases'];

export async function caseRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);
  /** Every change answers the case as it now is, plan included (audited as a read). */
  const full = async (req: RequestContext, row: CaseRow) =>
    inOrganisationScope(ctx.db, row.organisation_id, (trx) => presentCaseWithPlan(ctx, trx, req, row.organisation_id, row));

  r.get('/api/cases/vocabularies', {
    config: { auth: 'session', disclosure: 'no_survivor_data' },
    schema: { tags, summary: 'The ids of needs, strengths, follow-up kinds, risk levels and the closure checklist', response: { 200: caseVocabularies } },
  }, async () => ({
    needCategories: [...NEED_CATEGORIES],
    strengthKinds: [...STRENGTH_KINDS],
    followUpKinds: [...FOLLOW_UP_KINDS],
    riskLevels: [...RISK_LEVELS],
    closureReasons: [...CLOSURE_REASONS],
    closureChecklistItems: [...CLOSURE_CHECKLIST_ITEMS],
    closureAnswers: [...CLOSURE_ANSWERS],
    actionStatuses: [...ACTION_STATUSES],
  }));

  r.get('/api/cases', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: "The organisation's cases, with filters; sort=clinical orders open ones by clinical time left", querystring: listCasesQuery, response: { 200: caseList } },
  }, async (request, reply) => {
    noStore(reply);
    return service.listCases(ctx, requestContext(request), request.query);
  });

  r.post('/api/cases', {
    config: { auth: 'session', disclosure: { gate: 'services' } },
    schema: { tags, summary: 'Open a case for a survivor who consented to services', body: openCaseBody, response: { 201: caseView } },
  }, async (request, reply) => {
    const req = requestContext(request);
    const row = await service.openCase(ctx, req, request.body);
    return noStore(reply).status(201).send(await full(req, row));
  });

  r.get('/api/cases/:id', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'A case with its plan (audited)', params: caseIdParams, response: { 200: caseView } },
  }, async (request, reply) => {
    noStore(reply);
    return service.readCase(ctx, requestContext(request), request.params.id);
  });

  r.patch('/api/cases/:id', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'Change risk, assignee, next follow-up or plan (at the version read)', params: caseIdParams, body: updateCaseBody, response: { 200: caseView } },
  }, async (request, reply) => {
    const req = requestContext(request);
    noStore(reply);
    return full(req, await service.updateCase(ctx, req, request.params.id, request.body));
  });

  r.post('/api/cases/:id/incidents', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: "Link one of the survivor's incidents to the case", params: caseIdParams, body: linkIncidentBody, response: { 200: caseView } },
  }, async (request, reply) => {
    const req = requestContext(request);
    noStore(reply);
    return full(req, await service.linkIncident(ctx, req, request.params.id, request.body));
  });

  const decision = (
    path: string,
    summary: string,
    run: (req: RequestContext, id: string, body: { version: number; reason?: string }) => Promise<CaseRow>,
    body: typeof versionBody | typeof returnBody = versionBody,
  ) =>
    r.post(path, {
      config: { auth: 'session', disclosure: 'holder' },
      schema: { tags, summary, params: caseIdParams, body, response: { 200: caseView } },
    }, async (request, reply) => {
      const req = requestContext(request);
      noStore(reply);
      return full(req, await run(req, request.params.id, request.body));
    });

  decision('/api/cases/:id/plan/submit', 'Submit the plan for a supervisor’s approval', (req, id, b) => service.submitPlan(ctx, req, id, b.version));
  decision('/api/cases/:id/plan/approve', 'Approve a submitted plan (supervisors)', (req, id, b) => service.approvePlan(ctx, req, id, b.version));
  decision('/api/cases/:id/plan/return', 'Return a submitted plan with a reason (supervisors)', (req, id, b) => service.returnPlan(ctx, req, id, b.version, b.reason!), returnBody);
  decision('/api/cases/:id/closure/approve', 'Approve the closure (supervisors)', (req, id, b) => service.approveClosure(ctx, req, id, b.version));
  decision('/api/cases/:id/closure/return', 'Return the closure request with a reason (supervisors)', (req, id, b) => service.returnClosure(ctx, req, id, b.version, b.reason!), returnBody);
  decision('/api/cases/:id/reopen', 'Reopen a closed case (supervisors)', (req, id, b) => service.reopenCase(ctx, req, id, b.version));

  r.post('/api/cases/:id/closure', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'Ask to close the case: a reason and every checklist item answered', params: caseIdParams, body: requestClosureBody, response: { 200: caseView } },
  }, async (request, reply) => {
    const req = requestContext(request);
    noStore(reply);
    return full(req, await service.requestClosure(ctx, req, request.params.id, request.body));
  });

  r.get('/api/cases/:id/follow-ups', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'The follow-ups of a case with their notes (audited)', params: caseIdParams, response: { 200: listOf(followUpView) } },
  }, async (request, reply) => {
    noStore(reply);
    return { data: await service.listFollowUps(ctx, requestContext(request), request.params.id) };
  });

  r.post('/api/cases/:id/follow-ups', {
    config: { auth: 'session', disclosure: 'holder' },
    schema: { tags, summary: 'Record a follow-up (visit, call, accompaniment)', params: caseIdParams, body: recordFollowUpBody, response: { 201: followUpView } },
  }, async (request, reply) => {
    const view = await service.recordFollowUp(ctx, requestContext(request), request.params.id, request.body);
    return noStore(reply).status(201).send(view);
  });
}
