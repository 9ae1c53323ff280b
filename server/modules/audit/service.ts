/**
 * Reading and verifying the audit trail (AUD-1). Each of these is itself audited: who looked
 * at the trail, with which filters (their names, not their values), and what they got.
 */
import { forbidden, invalid } from '../../../core/errors';
import type { AuditCheckpoint, ListAuditQuery } from '../../../core/schemas/audit';
import { auditActor } from '../../platform/actor';
import { exportCheckpoint } from '../../platform/audit/checkpoint';
import { recordAudit } from '../../platform/audit/record';
import { verifyAuditChain, type AuditChainVerification } from '../../platform/audit/verify';
import type { AppContext, RequestContext } from '../../platform/context';
import { canReadAuditLog, canReadEveryAuditRow, canVerifyAuditChain } from './policy';
import * as store from './store';

const CURSOR_PREFIX = 'a1.';

/** Opaque to clients; the version prefix lets the paging key change without breaking old links. */
export const encodeAuditCursor = (id: number) => Buffer.from(`${CURSOR_PREFIX}${id}`).toString('base64url');

/** The id a cursor stands for; anything this API did not give out is a validation error. */
export function decodeAuditCursor(cursor: string): number {
  const match = /^a1\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalid('audit.bad_cursor', 'query.cursor is not one this API gave out; start again from the first page.', 'query.cursor');
  return Number(match[1]);
}

const FILTERS = ['action', 'outcome', 'organisationId', 'actorUserId', 'resourceType', 'resourceId', 'from', 'to'] as const;

/** A page of the trail, newest first, scoped to the caller's organisation unless they are a platform admin. */
export async function listAuditEntries(ctx: AppContext, req: RequestContext, query: ListAuditQuery) {
  if (!canReadAuditLog(req.actor)) throw forbidden();
  const actor = req.actor;
  const scope = { organisationId: canReadEveryAuditRow(actor) ? null : actor.organisationId };
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && to <= from) throw invalid('audit.bad_range', 'query.to must be later than query.from.', 'query.to');
  const beforeId = query.cursor === undefined ? undefined : decodeAuditCursor(query.cursor);

  return ctx.db.transaction().execute(async (trx) => {
    // One row more than the page tells whether another page follows.
    const rows = await store.listAuditRows(trx, scope, { ...query, from, to }, { beforeId, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeAuditCursor(last.id) : null;
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'audit.read',
      resourceType: 'audit_log',
      requestId: req.requestId,
      details: { filters: FILTERS.filter((name) => query[name] !== undefined), rows: page.length, scope: scope.organisationId ? 'organisation' : 'all', paged: beforeId !== undefined },
    });
    return { rows: page, nextCursor };
  });
}

/** Verifies the whole chain now; slow on a large trail (about 1 s per 100,000 rows on PostgreSQL). */
export async function verifyChain(ctx: AppContext, req: RequestContext): Promise<AuditChainVerification> {
  if (!canVerifyAuditChain(req.actor)) throw forbidden();
  const result = await verifyAuditChain(ctx.db);
  await recordAudit(ctx.db, {
    ...auditActor(req.actor),
    action: 'audit.verify',
    resourceType: 'audit_log',
    requestId: req.requestId,
    details: { ok: result.ok, rows: result.rows, headSeq: result.headSeq, ...(result.ok ? {} : { firstBadSeq: result.firstBadSeq, reason: result.reason }) },
  });
  return result;
}

/** The head of the chain, for the caller to store outside Weft. */
export async function takeCheckpoint(ctx: AppContext, req: RequestContext): Promise<AuditCheckpoint> {
  if (!canVerifyAuditChain(req.actor)) throw forbidden();
  return ctx.db.transaction().execute(async (trx) => {
    const checkpoint = await exportCheckpoint(trx);
    await recordAudit(trx, { ...auditActor(req.actor), action: 'audit.checkpoint', resourceType: 'audit_log', requestId: req.requestId, details: { seq: checkpoint.seq } });
    return checkpoint;
  });
}
