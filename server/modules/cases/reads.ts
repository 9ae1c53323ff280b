/** Lists and reads of cases. Reading a case with its plan is audited (AUD-1). */
import { sortByClinicalUrgency } from '../../../core/clinical';
import { invalid } from '../../../core/errors';
import type { CaseSummary, CaseView, ListCasesQuery } from '../../../core/schemas/cases';
import type { AppContext, RequestContext } from '../../platform/context';
import { presentCase, presentCaseSummary } from './present';
import { auditCase, caseScope, clocksOfCases, findCaseForCaseWork, openPlan, todayIso } from './shared';
import * as store from './store';

/** The clinical list is short by nature (recent rapes and sexual assaults): one page, at most this. */
const CLINICAL_LIST_MAX = 500;

const encodeCursor = (row: { updated_at: Date; id: string }) =>
  Buffer.from(JSON.stringify({ at: row.updated_at.toISOString(), id: row.id })).toString('base64url');

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    const at = new Date(String(value.at));
    if (typeof value.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(value.id) || Number.isNaN(at.getTime())) throw new Error('bad cursor');
    return { at, id: value.id };
  } catch {
    throw invalid('case.cursor_invalid', 'cursor is not one this list gave: start again from the first page.', 'query.cursor');
  }
}

/**
 * The organisation's cases, newest change first with keyset pages, or (sort 'clinical') the
 * open cases with a linked rape or sexual assault, the least clinical time left first.
 */
export function listCases(ctx: AppContext, req: RequestContext, query: ListCasesQuery): Promise<{ data: CaseSummary[]; nextCursor: string | null }> {
  return caseScope(ctx, req, async (trx, actor) => {
    const now = new Date();
    const today = todayIso(now);
    const filter: store.CaseListFilter = {
      status: query.status,
      riskLevel: query.riskLevel,
      assignedTo: query.assignedToMe ? actor.userId : undefined,
      planAwaitingApproval: query.planAwaitingApproval,
      overdueBefore: query.followUpOverdue ? today : undefined,
    };
    if (query.sort === 'clinical') {
      if (query.cursor) throw invalid('case.cursor_invalid', "The clinical list has a single page: drop cursor or use sort 'updated'.", 'query.cursor');
      const rows = await store.listCases(trx, actor.organisationId, { ...filter, activeOnly: true, withSexualIncident: true }, { limit: CLINICAL_LIST_MAX });
      const clocks = await clocksOfCases(trx, actor.organisationId, rows, now);
      const withClock = rows.filter((r) => clocks.get(r.id));
      const sorted = sortByClinicalUrgency(withClock, (r) => clocks.get(r.id)!).slice(0, query.limit);
      return { data: sorted.map((r) => presentCaseSummary(r, clocks.get(r.id)!, today)), nextCursor: null };
    }
    const rows = await store.listCases(trx, actor.organisationId, filter, {
      ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const clocks = await clocksOfCases(trx, actor.organisationId, page, now);
    return {
      data: page.map((r) => presentCaseSummary(r, clocks.get(r.id) ?? null, today)),
      nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!) : null,
    };
  });
}

/** A case with its plan opened; the read is audited ('case.read') since the plan is the survivor's own words. */
export function readCase(ctx: AppContext, req: RequestContext, id: string): Promise<CaseView> {
  return caseScope(ctx, req, async (trx, actor) => {
    const row = await findCaseForCaseWork(trx, req, id);
    return presentCaseWithPlan(ctx, trx, req, actor.organisationId, row);
  });
}

/**
 * The full view of a case, on read and after a change. Opening the plan is a read of the
 * survivor's own words, so it is audited as 'case.read' every time (AUD-1).
 */
export async function presentCaseWithPlan(
  ctx: AppContext,
  trx: Parameters<typeof store.findCase>[0],
  req: RequestContext,
  organisationId: string,
  row: store.CaseRow,
): Promise<CaseView> {
  const now = new Date();
  const survivor = await store.findSurvivorCode(trx, organisationId, row.survivor_id);
  const clocks = await clocksOfCases(trx, organisationId, [{ id: row.id, survivor_sex: survivor?.sex ?? null }], now);
  const opened = await openPlan(ctx, trx, row);
  // STO-3: erasure clears the sealed columns and destroys the key; either way the plan is gone.
  const erased = opened.erased || Boolean(survivor?.erased_at);
  const plan = erased ? null : opened.plan;
  await auditCase(trx, req, 'case.read', row.id, { fields: row.plan_sealed !== null ? ['plan'] : [], planErased: erased });
  return presentCase(
    {
      row,
      survivorCode: survivor?.code ?? '',
      incidentIds: await store.listCaseIncidentIds(trx, row.id),
      clock: clocks.get(row.id) ?? null,
      plan,
      planErased: erased,
    },
    todayIso(now),
  );
}
