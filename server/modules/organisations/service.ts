import { conflict, forbidden, notFound, unauthenticated } from '../../../core/errors';
import type { z } from 'zod';
import type { createOrganisationBody, updateOrganisationBody } from '../../../core/schemas/organisations';
import type { Executor } from '../../db/database';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { canListOrganisations, canManageOrganisations } from './policy';
import * as store from './store';

type CreateInput = z.infer<typeof createOrganisationBody>;
type UpdateInput = z.infer<typeof updateOrganisationBody>;

export async function listOrganisations(ctx: AppContext, req: RequestContext) {
  if (!canListOrganisations(req.actor)) throw unauthenticated();
  return store.listOrganisations(ctx.db);
}

/** For other modules, which never read this module's store directly. */
export async function organisationExists(ex: Executor, id: string): Promise<boolean> {
  return (await store.findOrganisation(ex, id)) !== undefined;
}

export async function createOrganisation(ctx: AppContext, req: RequestContext, input: CreateInput, options: { isPlatformOperator?: boolean } = {}) {
  if (!canManageOrganisations(req.actor)) throw forbidden();
  return insertOrganisation(ctx.db, req, input, options);
}

/** Also used by the CLI and the demo generator, which act as the system. */
export async function insertOrganisation(ex: Executor, req: RequestContext, input: CreateInput, options: { isPlatformOperator?: boolean } = {}) {
  const run = async (trx: Executor) => {
    if (await store.findOrganisationByShortName(trx, input.shortName))
      throw conflict('organisation.short_name_taken', `shortName ${input.shortName} is already used by another organisation.`, 'shortName');
    const row = await store.insertOrganisation(trx, {
      name: input.name,
      short_name: input.shortName,
      kind: input.kind,
      country_code: input.countryCode ?? null,
      is_platform_operator: options.isPlatformOperator ?? false,
    });
    await recordAudit(trx, { ...auditActor(req.actor), action: 'organisation.create', resourceType: 'organisation', resourceId: row.id, requestId: req.requestId });
    return row;
  };
  return ex.isTransaction ? run(ex) : ex.transaction().execute(run);
}

export async function updateOrganisation(ctx: AppContext, req: RequestContext, id: string, input: UpdateInput) {
  if (!canManageOrganisations(req.actor)) throw forbidden();
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await store.findOrganisation(trx, id);
    if (!existing) throw notFound('organisation');
    if (input.shortName && input.shortName.toLowerCase() !== existing.short_name.toLowerCase() && (await store.findOrganisationByShortName(trx, input.shortName)))
      throw conflict('organisation.short_name_taken', `shortName ${input.shortName} is already used by another organisation.`, 'shortName');
    if (input.disabled && existing.is_platform_operator)
      throw conflict('organisation.operator', 'The organisation that operates Weft cannot be disabled.', 'disabled');
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.shortName !== undefined ? { short_name: input.shortName } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.countryCode !== undefined ? { country_code: input.countryCode } : {}),
      ...(input.disabled !== undefined ? { disabled_at: input.disabled ? (existing.disabled_at ?? new Date()) : null } : {}),
    };
    // A PATCH of no field changes nothing (and an empty SET is not SQL).
    if (Object.keys(changes).length === 0) return existing;
    const row = await store.updateOrganisation(trx, id, changes);
    if (!row) throw notFound('organisation');
    if (input.disabled) await store.endOrganisationSessions(trx, id);
    await recordAudit(trx, { ...auditActor(req.actor), action: 'organisation.update', resourceType: 'organisation', resourceId: id, requestId: req.requestId, details: { fields: Object.keys(input) } });
    return row;
  });
}
