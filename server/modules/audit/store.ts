/** All SQL of the audit module's read side; writing and chaining live in platform/audit. */
import type { Executor } from '../../db/database';

const COLUMNS = [
  'id', 'seq', 'occurred_at', 'actor_user_id', 'actor_token_id', 'organisation_id', 'action',
  'resource_type', 'resource_id', 'outcome', 'request_id', 'details',
] as const;

export interface AuditRowFilter {
  action?: string | undefined;
  outcome?: string | undefined;
  organisationId?: string | undefined;
  actorUserId?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/**
 * AUTHZ-2: the scope is applied here, in SQL, before any filter: `organisationId` null only
 * for a caller who may read every row. Newest first by id, keyset-paged (`beforeId`): rows
 * still waiting for the chainer have no seq yet but already have an id.
 */
export function listAuditRows(
  ex: Executor,
  scope: { organisationId: string | null },
  filter: AuditRowFilter,
  page: { beforeId?: number | undefined; limit: number },
) {
  let query = ex.selectFrom('audit_log').select(COLUMNS).orderBy('id', 'desc').limit(page.limit);
  if (scope.organisationId !== null) query = query.where('organisation_id', '=', scope.organisationId);
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
  if (filter.resourceType) query = query.where('resource_type', '=', filter.resourceType);
  if (filter.resourceId) query = query.where('resource_id', '=', filter.resourceId);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('occurred_at', '<', filter.to);
  if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
  return query.execute();
}

export type AuditListRow = Awaited<ReturnType<typeof listAuditRows>>[number];
