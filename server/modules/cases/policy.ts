/** Pure decisions about cases (AUTHZ-1). Deny by default; another organisation's case is 404. */
import type { Actor } from '../../platform/actor';
import { hasPermission, isSameOrganisation } from '../../platform/policy';

interface CaseLike {
  organisation_id: string;
  status: string;
}

/** Case workers and supervisors of the holding organisation work on its cases. */
export const canWorkOnCases = (actor: Actor): boolean => hasPermission(actor, 'cases.work');

export const canWorkOnCase = (actor: Actor, row: Pick<CaseLike, 'organisation_id'>): boolean =>
  canWorkOnCases(actor) && isSameOrganisation(actor, row.organisation_id);

/** Supervisors of the same organisation approve plans and closures, and reopen cases. */
export const canSuperviseCase = (actor: Actor, row: Pick<CaseLike, 'organisation_id'>): boolean =>
  hasPermission(actor, 'cases.supervise') && isSameOrganisation(actor, row.organisation_id);

/** A closed case is read-only until a supervisor reopens it. */
export const isCaseEditable = (row: Pick<CaseLike, 'status'>): boolean => row.status !== 'closed';
