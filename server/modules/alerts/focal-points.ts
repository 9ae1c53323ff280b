/** The register of community alert focal points; numbers only as keyed hashes and sealed values. */
import { toE164 } from '../../../core/alerts';
import { conflict, hiddenDenial, invalid } from '../../../core/errors';
import type {
  CreateFocalPointInput,
  FocalPointSummary,
  FocalPointView,
  ListFocalPointsQuery,
  UpdateFocalPointInput,
} from '../../../core/schemas/alerts';
import type { Executor } from '../../db/database';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { focalPointIdentitiesValue } from '../../platform/crypto/columns';
import { canManageFocalPoints, maskPhone } from './policy';
import { presentFocalPoint, presentFocalPointSummary } from './present';
import * as store from './store';
import { senderHashes } from './service';

// ---- Focal points (administrators, coordinators: alerts.focal_points) -----------------------

function focalPointScope(req: RequestContext): UserActor {
  const actor = req.actor;
  if (!canManageFocalPoints(actor) || actor.kind !== 'user') throw hiddenDenial('focal_point');
  return actor;
}

function decodeNameCursor(cursor: string): { name: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { n?: unknown; id?: unknown };
    if (typeof value.n !== 'string' || typeof value.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(value.id)) throw new Error('bad cursor');
    return { name: value.n, id: value.id };
  } catch {
    throw invalid('alerts.cursor_invalid', 'cursor is not one this list gave: start again from the first page.', 'query.cursor');
  }
}

export async function listFocalPoints(ctx: AppContext, req: RequestContext, query: ListFocalPointsQuery): Promise<{ data: FocalPointSummary[]; nextCursor: string | null }> {
  const actor = focalPointScope(req);
  const rows = await store.listFocalPoints(ctx.db, actor.organisationId, {
    areaId: query.areaId,
    enabled: query.enabled,
    after: query.cursor ? decodeNameCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? Buffer.from(JSON.stringify({ n: last.display_name.toLowerCase(), id: last.id }), 'utf8').toString('base64url') : null;
  return { data: page.map(presentFocalPointSummary), nextCursor };
}

async function focalPointView(ctx: AppContext, trx: Executor, organisationId: string, id: string): Promise<FocalPointView> {
  const row = await store.findFocalPointWithCounts(trx, organisationId, id);
  if (!row) throw hiddenDenial('focal_point');
  const identities = await store.listIdentities(trx, organisationId, id);
  const shown: FocalPointView['identities'] = [];
  for (const identity of identities) {
    const value = (await focalPointIdentitiesValue.open(ctx.cipher, trx, organisationId, identity.id, identity.value_sealed)) ?? '';
    shown.push({ id: identity.id, kind: identity.kind as 'phone' | 'token', masked: identity.kind === 'phone' ? maskPhone(value) : `token …${value.slice(-4)}`, createdAt: identity.created_at.toISOString() });
  }
  return presentFocalPoint(row, shown);
}

export async function readFocalPoint(ctx: AppContext, req: RequestContext, id: string): Promise<FocalPointView> {
  const actor = focalPointScope(req);
  return ctx.db.transaction().execute(async (trx) => {
    const view = await focalPointView(ctx, trx, actor.organisationId, id);
    await recordAudit(trx, { ...auditActor(actor), action: 'focal_point.read', resourceType: 'focal_point', resourceId: id, requestId: req.requestId, details: { identities: view.identities.length } });
    return view;
  });
}

/** Adds phone numbers to a focal point: E.164, hashed for lookup and sealed; each number belongs to one focal point. */
async function addPhones(ctx: AppContext, trx: Executor, organisationId: string, focalPointId: string, numbers: readonly string[], defaultCallingCode: string | undefined, field: string): Promise<number> {
  const seen = new Set<string>();
  for (const [index, number] of numbers.entries()) {
    const e164 = toE164(number, defaultCallingCode === undefined ? {} : { defaultCallingCode });
    if (e164 === null)
      throw invalid('alerts.phone_invalid', `${field}[${index}] is not a phone number in international form (+243…); or give defaultCallingCode.`, `${field}.${index}`);
    if (seen.has(e164)) continue;
    seen.add(e164);
    const hashes = senderHashes(ctx, organisationId, 'phone', e164);
    const holder = await store.identityHolder(trx, organisationId, 'phone', hashes);
    if (holder) {
      if (holder.focal_point_id === focalPointId) continue;
      throw conflict('alerts.phone_taken', `${field}[${index}] is already the number of another focal point.`, `${field}.${index}`);
    }
    const id = crypto.randomUUID();
    await store.insertIdentity(trx, {
      id,
      organisation_id: organisationId,
      focal_point_id: focalPointId,
      kind: 'phone',
      value_hash: hashes[0]!,
      value_sealed: await focalPointIdentitiesValue.seal(ctx.cipher, trx, organisationId, id, e164),
      created_at: new Date(),
    });
  }
  return seen.size;
}

/** Ties alerts.intake API tokens to a focal point: submissions made with them are the focal point's. */
async function addTokens(ctx: AppContext, trx: Executor, organisationId: string, focalPointId: string, tokenIds: readonly string[], field: string): Promise<number> {
  let added = 0;
  for (const [index, tokenId] of [...new Set(tokenIds.map((id) => id.toLowerCase()))].entries()) {
    if (!(await store.intakeTokenExists(trx, organisationId, tokenId)))
      throw invalid('alerts.token_unknown', `${field}[${index}] is not an alerts.intake token of this organisation.`, `${field}.${index}`);
    const hashes = senderHashes(ctx, organisationId, 'token', tokenId);
    const holder = await store.identityHolder(trx, organisationId, 'token', hashes);
    if (holder) {
      if (holder.focal_point_id === focalPointId) continue;
      throw conflict('alerts.token_taken', `${field}[${index}] is already another focal point's token.`, `${field}.${index}`);
    }
    const id = crypto.randomUUID();
    await store.insertIdentity(trx, {
      id,
      organisation_id: organisationId,
      focal_point_id: focalPointId,
      kind: 'token',
      value_hash: hashes[0]!,
      value_sealed: await focalPointIdentitiesValue.seal(ctx.cipher, trx, organisationId, id, tokenId),
      created_at: new Date(),
    });
    added++;
  }
  return added;
}

export async function createFocalPoint(ctx: AppContext, req: RequestContext, input: CreateFocalPointInput): Promise<FocalPointView> {
  const actor = focalPointScope(req);
  return ctx.db.transaction().execute(async (trx) => {
    const organisationId = actor.organisationId;
    if (input.areaId && !(await store.areaExists(trx, input.areaId))) throw invalid('alerts.area_unknown', 'areaId is not an area of this deployment.', 'areaId');
    const now = new Date();
    const row = await store.insertFocalPoint(trx, {
      organisation_id: organisationId,
      display_name: input.displayName,
      area_id: input.areaId ?? null,
      network: input.network ?? null,
      languages: [...new Set(input.languages.map((l) => l.toLowerCase()))],
      trust_level: input.trustLevel,
      enabled: input.enabled,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    const phones = await addPhones(ctx, trx, organisationId, row.id, input.phoneNumbers, input.defaultCallingCode, 'phoneNumbers');
    const tokens = await addTokens(ctx, trx, organisationId, row.id, input.tokenIds, 'tokenIds');
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'focal_point.create',
      resourceType: 'focal_point',
      resourceId: row.id,
      requestId: req.requestId,
      details: { trustLevel: input.trustLevel, enabled: input.enabled, phonesAdded: phones, tokensAdded: tokens },
    });
    return focalPointView(ctx, trx, organisationId, row.id);
  });
}

export async function updateFocalPoint(ctx: AppContext, req: RequestContext, id: string, input: UpdateFocalPointInput): Promise<FocalPointView> {
  const actor = focalPointScope(req);
  return ctx.db.transaction().execute(async (trx) => {
    const organisationId = actor.organisationId;
    const row = await store.findFocalPoint(trx, organisationId, id);
    if (!row) throw hiddenDenial('focal_point');
    if (input.areaId && !(await store.areaExists(trx, input.areaId))) throw invalid('alerts.area_unknown', 'areaId is not an area of this deployment.', 'areaId');
    const changes: Parameters<typeof store.updateFocalPoint>[3] = { updated_at: new Date() };
    if (input.displayName !== undefined) changes.display_name = input.displayName;
    if (input.areaId !== undefined) changes.area_id = input.areaId;
    if (input.network !== undefined) changes.network = input.network;
    if (input.languages !== undefined) changes.languages = [...new Set(input.languages.map((l) => l.toLowerCase()))];
    if (input.trustLevel !== undefined) changes.trust_level = input.trustLevel;
    if (input.enabled !== undefined) changes.enabled = input.enabled;
    await store.updateFocalPoint(trx, organisationId, id, changes);
    let removed = 0;
    for (const [index, identityId] of (input.removeIdentityIds ?? []).entries()) {
      if (!(await store.deleteIdentity(trx, organisationId, id, identityId)))
        throw invalid('alerts.identity_unknown', `removeIdentityIds[${index}] is not a number of this focal point.`, `removeIdentityIds.${index}`);
      removed++;
    }
    const added = await addPhones(ctx, trx, organisationId, id, input.addPhoneNumbers ?? [], input.defaultCallingCode, 'addPhoneNumbers');
    const tokens = await addTokens(ctx, trx, organisationId, id, input.addTokenIds ?? [], 'addTokenIds');
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'focal_point.update',
      resourceType: 'focal_point',
      resourceId: id,
      requestId: req.requestId,
      details: { fields: Object.keys(input).filter((k) => !['addPhoneNumbers', 'removeIdentityIds', 'addTokenIds'].includes(k)), phonesAdded: added, tokensAdded: tokens, identitiesRemoved: removed },
    });
    return focalPointView(ctx, trx, organisationId, id);
  });
}
