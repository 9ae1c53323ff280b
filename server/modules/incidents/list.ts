/** The incident list: non-identifying, keyset pages in three orders (recent, incident time, clinical). */
import { forbidden, invalid } from '../../../core/errors';
import type { ListIncidentsQuery } from '../../../core/schemas/incidents';
import type { Incident } from '../../db/schema';
import { inOrganisationScope } from '../../db/scope';
import type { AppContext, RequestContext } from '../../platform/context';
import { canListIncidents, readsSensitiveIncidentFields } from './policy';
import { presentIncident } from './present';
import * as store from './store';
import { clockOrNull, organisationOf } from './service';

// ---- Lists -------------------------------------------------------------------------------

interface RecentCursor { k: 'recent'; r: string; i: string }
/** A date-range list's order (store.listBySpan): the span's start and the id. */
interface SpanCursor { k: 'span'; e: string; i: string }
interface ClinicalCursor { k: 'clinical'; n: string; d: string | null; i: string }
type Cursor = RecentCursor | SpanCursor | ClinicalCursor;

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string | undefined, kind: Cursor['k']): Cursor | null {
  if (text === undefined) return null;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    const ok =
      value.k === kind &&
      typeof value.i === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value.i) &&
      (value.k === 'recent'
        ? /^\d{4}-\d{2}-\d{2}$/.test(value.r)
        : value.k === 'span'
          ? typeof value.e === 'string' && !Number.isNaN(Date.parse(value.e))
          : !Number.isNaN(Date.parse(value.n)) && (value.d === null || !Number.isNaN(Date.parse(value.d))));
    if (ok) return value;
  } catch {
    // falls through to the error below
  }
  throw invalid('incident.cursor_invalid', 'The cursor is not one this list gave out; start again without it.', 'cursor');
}

/**
 * Non-identifying list of the organisation's incidents, filtered, keyset-paginated: newest
 * report first, or with a date range (from/to) the most recent possible incident time first.
 * With sort=clinical: rape and sexual assault whose PEP or EC window may still be open (or
 * whose date is unknown, reported recently enough: core/clinical windowsClosedByReportDate),
 * least time left first, the same `now` across pages (kept in the cursor).
 */
export function listIncidents(ctx: AppContext, req: RequestContext, query: ListIncidentsQuery) {
  if (!canListIncidents(req.actor)) throw forbidden();
  const organisationId = organisationOf(req);
  return inOrganisationScope(ctx.db, organisationId, async (trx) => {
    const filter: store.ListFilter = {
      organisationId,
      areaIds: query.area !== undefined ? await store.areaAndDescendantIds(trx, (await store.findArea(trx, query.area))?.id ?? invalidArea()) : undefined,
      gbvType: query.gbvType,
      from: query.from,
      to: query.to,
      perpetratorCategory: query.perpetratorCategory,
      crsv: query.crsv,
      sea: query.sea,
      survivorId: query.survivorId,
    };
    // With a date range (and the default sort), the list follows the incident time: an index
    // on it serves the range; the cursor says which order it belongs to.
    const order: Cursor['k'] = query.sort === 'clinical' ? 'clinical' : query.from !== undefined || query.to !== undefined ? 'span' : 'recent';
    const cursor = decodeCursor(query.cursor, order);
    let rows: Incident[];
    let now = new Date();
    if (order === 'clinical') {
      const c = cursor as ClinicalCursor | null;
      if (c) now = new Date(c.n);
      rows = await store.listClinical(trx, filter, query.limit + 1, now, c ? { deadline: c.d, id: c.i } : null);
    } else if (order === 'span') {
      const c = cursor as SpanCursor | null;
      rows = await store.listBySpan(trx, filter, query.limit + 1, c ? { earliestAt: c.e, id: c.i } : null);
    } else {
      const c = cursor as RecentCursor | null;
      rows = await store.listRecent(trx, filter, query.limit + 1, c ? { reportDate: c.r, id: c.i } : null);
    }
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    let nextCursor: string | null = null;
    if (rows.length > query.limit && last) {
      nextCursor =
        order === 'clinical'
          ? encodeCursor({ k: 'clinical', n: now.toISOString(), d: clinicalDeadlineOf(last, now), i: last.id })
          : order === 'span'
            ? encodeCursor({ k: 'span', e: last.incident_earliest_at!.toISOString(), i: last.id })
            : encodeCursor({ k: 'recent', r: last.report_date, i: last.id });
    }
    const areas = await store.findAreasByIds(trx, page.flatMap((r) => (r.area_id ? [r.area_id] : [])));
    const sensitive = readsSensitiveIncidentFields(req.actor);
    const sexes = sensitive ? await store.survivorSexes(trx, organisationId, page.map((r) => r.survivor_id)) : new Map<string, string | null>();
    const clockNow = new Date();
    return {
      data: page.map((row) =>
        presentIncident(row, {
          actor: req.actor,
          area: row.area_id ? (areas.get(row.area_id) ?? null) : null,
          clock: sensitive ? clockOrNull(row, clockNow, sexes.get(row.survivor_id) ?? null) : undefined,
          sealed: null,
        }),
      ),
      nextCursor,
    };
  });
}

function invalidArea(): never {
  throw invalid('incident.area_unknown', 'No administrative area has that id or P-code.', 'area');
}

/** The same deadline the SQL sorts on (store.listClinical), for the cursor. */
function clinicalDeadlineOf(row: Incident, now: Date): string | null {
  if (!row.incident_earliest_at || !row.incident_latest_at) return null;
  const hour = 3_600_000;
  const pepOpen = row.incident_latest_at.getTime() > now.getTime() - 72 * hour;
  const deadline = row.incident_earliest_at.getTime() + (pepOpen ? 72 : 120) * hour;
  return new Date(Math.max(deadline, now.getTime())).toISOString();
}
