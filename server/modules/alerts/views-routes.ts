/**
 * The alert map and the response-time figures (issue 4 parts 5-6). Alert officers
 * (alerts.triage) and analysts (alerts.aggregates) reach both; views.ts decides how precise
 * each may see the places (clusters for officers, area counts only for analysts, small cells
 * withheld from them). The queue's filters are on GET /api/alerts (routes.ts).
 */
import type { FastifyInstance } from 'fastify';
import { alertMap, alertMapQuery, alertMetrics, alertMetricsQuery } from '../../../core/schemas/alert-views';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import { alertMetrics as readAlertMetrics, mapAlerts } from './views';
import { scheduleMapCompaction } from './views-counts';

const tags = ['alerts'];

export async function alertViewRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  // A server that listens runs jobs: the first compaction of the map's counts, which then
  // queues the next (views-counts.ts). Answers never wait for it.
  app.addHook('onListen', async () => {
    try {
      await scheduleMapCompaction(ctx);
    } catch (err) {
      app.log.error({ err }, 'could not queue the compaction of the map counts');
    }
  });

  const r = typed(app);

  r.get('/api/alerts/map', {
    config: { auth: 'session' },
    schema: {
      tags,
      summary: 'Alerts on the map, with the queue filters: counts per area of a level (rolled up), and clusters of the bbox at a zoom for alert officers (a single alert with its id); for analysts, area counts only, over whole UTC days, small counts withheld (AGG-2)',
      querystring: alertMapQuery,
      response: { 200: alertMap },
    },
  }, async (request, reply) => {
    noStore(reply);
    return mapAlerts(ctx, requestContext(request), request.query);
  });

  r.get('/api/alerts/metrics', {
    config: { auth: 'session' },
    schema: {
      tags,
      summary: 'Time to acknowledge, verify and respond (median, 90th percentile, share within target) per area, week or month, and in total; for analysts over whole UTC days, groups with small counts withheld (AGG-2)',
      querystring: alertMetricsQuery,
      response: { 200: alertMetrics },
    },
  }, async (request, reply) => {
    noStore(reply);
    return readAlertMetrics(ctx, requestContext(request), request.query);
  });
}
