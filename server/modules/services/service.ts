/** The service directory: one function per user action, plus look-ups for referrals. */
import { forbidden, invalid, notFound, unauthenticated } from '../../../core/errors';
import type { CreateServiceBody, ListServicesQuery, UpdateServiceBody } from '../../../core/schemas/services';
import type { Executor } from '../../db/database';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { canManageService, canReadServices, canSeeDisabledServices } from './policy';
import * as store from './store';

export type { ServiceRow } from './store';

export async function listServices(ctx: AppContext, req: RequestContext, query: ListServicesQuery) {
  if (!canReadServices(req.actor)) throw unauthenticated();
  const includeDisabled = query.includeDisabled === true && canSeeDisabledServices(req.actor, query.organisationId);
  let areaIds: string[] | undefined;
  if (query.areaId !== undefined) {
    areaIds = await store.findAreaWithAncestors(ctx.db, query.areaId);
    if (areaIds.length === 0) throw invalid('service.area_unknown', `areaId ${query.areaId} is not an area of this deployment.`, 'areaId');
  }
  return store.listServices(ctx.db, {
    type: query.type, areaIds, organisationId: query.organisationId, language: query.language,
    acceptsReferrals: query.acceptsReferrals, includeDisabled, limit: query.limit,
  });
}

export async function getService(ctx: AppContext, req: RequestContext, id: string) {
  if (!canReadServices(req.actor)) throw unauthenticated();
  const row = await store.findService(ctx.db, id);
  if (!row || (row.disabled_at !== null && !canSeeDisabledServices(req.actor, row.organisation_id))) throw notFound('service');
  return row;
}

async function checkAreas(ex: Executor, areaIds: readonly string[]) {
  const existing = await store.findExistingAreaIds(ex, areaIds);
  const index = areaIds.findIndex((id) => !existing.has(id));
  if (index >= 0) throw invalid('service.area_unknown', `areaIds.${index} is not an area of this deployment.`, `areaIds.${index}`);
}

export async function createService(ctx: AppContext, req: RequestContext, input: CreateServiceBody) {
  const actor = req.actor;
  if (actor.kind !== 'user') throw unauthenticated();
  const organisationId = input.organisationId ?? actor.organisationId;
  if (!canManageService(actor, organisationId)) throw forbidden();
  return ctx.db.transaction().execute((trx) => insertServiceEntry(trx, req, organisationId, input));
}

/**
 * Adds a directory entry for `organisationId` without a policy check: for createService (which
 * checked), the demo seed and test factories, which act as the system.
 */
export async function insertServiceEntry(trx: Executor, req: RequestContext, organisationId: string, input: Omit<CreateServiceBody, 'organisationId'>) {
  const organisation = await store.findOrganisationStatus(trx, organisationId);
  if (!organisation) throw invalid('service.organisation_unknown', 'organisationId does not name an organisation.', 'organisationId');
  await checkAreas(trx, input.areaIds);
  const id = crypto.randomUUID();
  await store.insertService(trx, {
    id, organisation_id: organisationId, name: input.name, service_type: input.type, area_ids: input.areaIds,
    facility_name: input.facilityName ?? null, languages: input.languages, hours: input.hours ?? null,
    contact: input.contact ?? null, accepts_referrals: input.acceptsReferrals,
  });
  await recordAudit(trx, { ...auditActor(req.actor), action: 'service.create', resourceType: 'service', resourceId: id, requestId: req.requestId, details: { type: input.type, organisationId } });
  return (await store.findService(trx, id))!;
}

export async function updateService(ctx: AppContext, req: RequestContext, id: string, input: UpdateServiceBody) {
  if (!canReadServices(req.actor)) throw unauthenticated();
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await store.findService(trx, id);
    if (!existing) throw notFound('service');
    if (!canManageService(req.actor, existing.organisation_id)) {
      // Readers see enabled entries exist; a disabled one stays hidden from them.
      if (existing.disabled_at !== null) throw notFound('service');
      throw forbidden();
    }
    if (input.areaIds !== undefined) await checkAreas(trx, input.areaIds);
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.type !== undefined ? { service_type: input.type } : {}),
      ...(input.areaIds !== undefined ? { area_ids: input.areaIds } : {}),
      ...(input.facilityName !== undefined ? { facility_name: input.facilityName } : {}),
      ...(input.languages !== undefined ? { languages: input.languages } : {}),
      ...(input.hours !== undefined ? { hours: input.hours } : {}),
      ...(input.contact !== undefined ? { contact: input.contact } : {}),
      ...(input.acceptsReferrals !== undefined ? { accepts_referrals: input.acceptsReferrals } : {}),
      ...(input.disabled !== undefined ? { disabled_at: input.disabled ? (existing.disabled_at ?? new Date()) : null } : {}),
    };
    if (Object.keys(changes).length === 0) return existing;
    await store.updateService(trx, id, changes);
    await recordAudit(trx, { ...auditActor(req.actor), action: 'service.update', resourceType: 'service', resourceId: id, requestId: req.requestId, details: { fields: Object.keys(input) } });
    return (await store.findService(trx, id))!;
  });
}

/** For referrals: a directory entry by id, in the caller's transaction, or undefined. */
export function findServiceById(ex: Executor, id: string) {
  return store.findService(ex, id);
}

/** For referrals: several entries at once, for lists. */
export function findServicesByIds(ex: Executor, ids: readonly string[]) {
  return store.findServicesByIds(ex, ids);
}
