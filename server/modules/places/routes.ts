import type { FastifyInstance, FastifyReply } from 'fastify';
import { AREA_IMPORT_LIMITS } from '../../../core/places/parse';
import {
  areaCodeParams,
  areaDetail,
  areaFeatureCollection,
  areaGeojsonQuery,
  areaImportReport,
  areaList,
  importAreasBody,
  listAreasQuery,
} from '../../../core/places/schemas';
import type { AppContext } from '../../platform/context';
import { requestContext, typed } from '../../platform/http/route-kit';
import { presentAreaDetail, presentAreaList } from './present';
import * as service from './service';

// JSON text of the file plus the request's own fields; anything larger is refused with 413.
const IMPORT_BODY_LIMIT = AREA_IMPORT_LIMITS.maxInputBytes + 64 * 1024;

// Boundaries are read by signed-in users and by machine clients holding an areas.read token.
const READ_AUTH = { session: true, token: 'areas.read' } as const;

export async function placeRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/areas', {
    config: { auth: READ_AUTH },
    schema: { tags: ['places'], summary: 'Administrative areas, by level or parent code', querystring: listAreasQuery, response: { 200: areaList } },
  }, async (request) => presentAreaList(await service.listAreas(ctx, requestContext(request), request.query)));

  r.get('/api/areas/geojson', {
    config: { auth: READ_AUTH },
    schema: {
      tags: ['places'],
      summary: 'Boundaries of one level as GeoJSON, with the attribution to show under the map',
      querystring: areaGeojsonQuery,
      response: { 200: areaFeatureCollection },
    },
  }, async (request, reply) => {
    const ifNoneMatch = request.headers['if-none-match'];
    const { etag, body } = await service.getLevelGeojson(ctx, requestContext(request), request.query.level, ifNoneMatch);
    // Boundaries are not sensitive: a private cache may keep them for five minutes.
    // Sent untyped: 304 has no body, and 200 is JSON text serialized once per version.
    const raw = reply as unknown as FastifyReply;
    raw.header('etag', etag).header('cache-control', 'private, max-age=300');
    if (body === null) return raw.status(304).send();
    return raw.type('application/json; charset=utf-8').send(body);
  });

  r.get('/api/areas/:code', {
    config: { auth: READ_AUTH },
    schema: { tags: ['places'], summary: 'One area by its code', params: areaCodeParams, response: { 200: areaDetail } },
  }, async (request) => presentAreaDetail(await service.getArea(ctx, requestContext(request), request.params.code)));

  r.post('/api/areas/import', {
    config: { auth: 'session' },
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags: ['places'],
      summary: 'Import a boundary file (GeoJSON or TopoJSON); a dry run, the default, writes nothing',
      description:
        'Answers a report listing every bad feature. A real import (dryRun false) with any bad feature writes nothing and answers the same report with written false.',
      body: importAreasBody,
      response: { 200: areaImportReport },
    },
  }, async (request) => {
    const { dryRun, ...input } = request.body;
    return service.importAreas(ctx, requestContext(request), input, { dryRun });
  });
}
