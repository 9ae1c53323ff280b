/**
 * Survivors, their consents, and erasure (issue 3 parts 1, 2 and 9). Functions taking a
 * `trx` are for other modules and run in the caller's scope; the others open their own.
 */
import type { Permission } from '../../../core/auth/roles';
import { conflict, forbidden, hiddenDenial, invalid, isDomainError } from '../../../core/errors';
import type { ListSurvivorsQuery, RegisterSurvivorInput, SurvivorIdentity, SurvivorIdentityInput, SurvivorVocabularies, UpdateSurvivorInput, UpdateSurvivorVocabulariesInput } from '../../../core/schemas/survivors';
import { ageGroupOf, isChild } from '../../../core/survivors';
import type { Executor } from '../../db/database';
import type { Survivor } from '../../db/schema';
import { inOrganisationScope } from '../../db/scope';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { survivorsCaregiver, survivorsContact, survivorsLocation, survivorsName, type SealedColumn } from '../../platform/crypto/columns';
import { FieldDecryptionError } from '../../platform/crypto/field-cipher';
import { canDoCaseWork, canManageVocabularies, canReachSurvivor, canReadIdentifying, canReadVocabularies } from './policy';
import * as store from './store';
import { checkVocabularies, loadVocabularies, saveVocabularies } from './vocabularies';

export type { RegisterSurvivorInput, SurvivorIdentity };

// ---- For other modules -----------------------------------------------------------------------

/**
 * The actor's organisation's survivor, for case work (or `permission`, e.g. 'hotline.intake').
 * Anything else, another organisation's survivor included, is a 404 (AUTHZ-1).
 */
export async function findSurvivorForCaseWork(
  trx: Executor,
  req: RequestContext,
  survivorId: string,
  options: { permission?: Permission } = {},
): Promise<Survivor> {
  const permission = options.permission ?? 'cases.work';
  if (!canDoCaseWork(req.actor, permission)) throw hiddenDenial('survivor');
  const survivor = await store.findSurvivor(trx, req.actor.organisationId, survivorId);
  if (!survivor || !canReachSurvivor(req.actor, survivor, permission)) throw hiddenDenial('survivor');
  return survivor;
}

/** No policy: for modules that already authorised the access (referral recipients). */
export function findSurvivorById(trx: Executor, survivorId: string): Promise<Survivor | undefined> {
  return store.findSurvivorAnywhere(trx, survivorId);
}

/** ONCE-1: one more time the survivor's story was written down. */
export async function countNarrativeEntry(trx: Executor, survivorId: string): Promise<void> {
  await store.incrementNarrativeEntries(trx, survivorId);
}

/**
 * Registers a survivor in the actor's organisation: a record key of her own (STO-3), a
 * pseudonymous code, identifying fields sealed under that key. A replayed idempotency key
 * returns the survivor registered the first time (REL-2).
 */
export async function registerSurvivor(
  ctx: AppContext,
  trx: Executor,
  req: RequestContext,
  input: RegisterSurvivorInput,
  options: { permission?: Permission } = {},
): Promise<Survivor> {
  const actor = req.actor;
  if (!canDoCaseWork(actor, options.permission ?? 'cases.work')) throw forbidden();
  const organisationId = actor.organisationId;
  if (input.idempotencyKey) {
    const existing = await store.findSurvivorByIdempotencyKey(trx, organisationId, input.idempotencyKey);
    if (existing) return existing;
  }
  checkVocabularies(await loadVocabularies(trx), input);
  const age = input.ageAtRegistration ?? null;
  const id = crypto.randomUUID();
  const recordKeyId = await ctx.cipher.createRecordKey(trx, organisationId);
  const sealed = await sealIdentity(ctx, trx, recordKeyId, id, normaliseIdentity(input.identity));
  const code = await nextSurvivorCode(trx, organisationId, new Date());
  const row = await store.insertSurvivor(trx, {
    id,
    organisation_id: organisationId,
    code,
    record_key_id: recordKeyId,
    sex: input.sex ?? null,
    age_at_registration: age,
    age_group: ageGroupOf(age),
    is_child: isChild(age),
    disability: input.disability ?? null,
    displacement_status: input.displacementStatus ?? null,
    marital_status: input.maritalStatus ?? null,
    nationality: input.nationality ?? null,
    children_born_of_rape: input.childrenBornOfRape ?? null,
    ...sealed,
    registered_by: actor.kind === 'user' ? actor.userId : null,
    // Millisecond precision, as a JS Date holds it, so list cursors match exactly.
    created_at: new Date(),
    updated_at: new Date(),
    version: 1,
    idempotency_key: input.idempotencyKey ?? null,
  });
  if (!row) {
    // A parallel replay won the insert: theirs is the survivor.
    const existing = await store.findSurvivorByIdempotencyKey(trx, organisationId, input.idempotencyKey!);
    if (existing) return existing;
    throw conflict('survivor.idempotency_key', 'This idempotency key was used for another request.', 'idempotencyKey');
  }
  await recordAudit(trx, {
    ...auditActor(actor),
    action: 'survivor.create',
    resourceType: 'survivor',
    resourceId: row.id,
    requestId: req.requestId,
    details: { code: row.code, identityFields: filledFields(normaliseIdentity(input.identity)) },
  });
  return row;
}

/**
 * The survivor's identifying fields, opened; null once erased. A field whose key is gone
 * (erased, or a backup restored after erasure) reads as null, never as an error. The caller
 * audits its own read (AUD-1).
 */
export async function openSurvivorIdentity(ctx: AppContext, trx: Executor, survivor: Survivor): Promise<SurvivorIdentity | null> {
  if (survivor.erased_at) return null;
  const open = async (column: SealedColumn, stored: Uint8Array | null) => {
    try {
      return await column.open(ctx.cipher, trx, survivor.organisation_id, survivor.id, stored);
    } catch (error) {
      if (error instanceof FieldDecryptionError || (isDomainError(error) && error.code === 'crypto.key_destroyed')) return null;
      throw error;
    }
  };
  const name = parseJson(await open(survivorsName, survivor.name_sealed));
  const contact = parseJson(await open(survivorsContact, survivor.contact_sealed));
  const location = await open(survivorsLocation, survivor.location_sealed);
  const caregiver = parseJson(await open(survivorsCaregiver, survivor.caregiver_sealed));
  return {
    name: str(name.name),
    otherNames: str(name.otherNames),
    phone: str(contact.phone),
    address: str(contact.address),
    safeContactInstructions: str(contact.safeContactInstructions),
    currentLocation: location,
    caregiverName: str(caregiver.name),
    caregiverRelationship: str(caregiver.relationship),
    caregiverContact: str(caregiver.contact),
  };
}

// ---- Requests (each opens its own organisation scope) ---------------------------------------

/** The actor's organisation scope for a survivor request; 404 first for roles without case work. */
export const scope = <T>(ctx: AppContext, req: RequestContext, work: (trx: Executor, organisationId: string) => Promise<T>): Promise<T> => {
  // Without case work there is nothing to see: 404 before any query (AUTHZ-4).
  const actor = req.actor;
  if (!canDoCaseWork(actor)) throw hiddenDenial('survivor');
  return inOrganisationScope(ctx.db, actor.organisationId, (trx) => work(trx, actor.organisationId));
};

/** The survivor with her identity when the role may read it (audited), else without. */
export interface SurvivorWithIdentity {
  survivor: Survivor;
  /** undefined: the role may not read identifying fields; null: erased. */
  identity: SurvivorIdentity | null | undefined;
}

async function withIdentity(ctx: AppContext, trx: Executor, req: RequestContext, survivor: Survivor, action: string | null): Promise<SurvivorWithIdentity> {
  if (!canReadIdentifying(req.actor)) return { survivor, identity: undefined };
  const identity = await openSurvivorIdentity(ctx, trx, survivor);
  if (action && identity) {
    await recordAudit(trx, {
      ...auditActor(req.actor),
      action,
      resourceType: 'survivor',
      resourceId: survivor.id,
      requestId: req.requestId,
      details: { code: survivor.code, fields: filledFields(identity) },
    });
  }
  return { survivor, identity };
}

export function registerSurvivorRequest(ctx: AppContext, req: RequestContext, input: RegisterSurvivorInput) {
  return scope(ctx, req, async (trx, org) => {
    const replay = input.idempotencyKey !== undefined && (await store.findSurvivorByIdempotencyKey(trx, org, input.idempotencyKey)) !== undefined;
    const survivor = await registerSurvivor(ctx, trx, req, input);
    // A replay shows the stored identity again: that is a read (AUD-1).
    return withIdentity(ctx, trx, req, survivor, replay ? 'survivor.read' : null);
  });
}

export function listSurvivors(ctx: AppContext, req: RequestContext, query: ListSurvivorsQuery) {
  return scope(ctx, req, async (trx, org) => {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await store.listSurvivors(trx, org, { ...query, after, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { rows: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null };
  });
}

export function readSurvivor(ctx: AppContext, req: RequestContext, id: string) {
  return scope(ctx, req, async (trx) => withIdentity(ctx, trx, req, await findSurvivorForCaseWork(trx, req, id), 'survivor.read'));
}

export function updateSurvivor(ctx: AppContext, req: RequestContext, id: string, input: UpdateSurvivorInput) {
  return scope(ctx, req, async (trx, org) => {
    const current = await findSurvivorForCaseWork(trx, req, id);
    if (current.erased_at) throw conflict('survivor.erased', 'This survivor was erased; the record can no longer change.', 'id');
    if (current.version !== input.version) throw versionConflict(current.version);
    checkVocabularies(await loadVocabularies(trx), input);
    const changes: Parameters<typeof store.updateSurvivor>[4] = {};
    const fields: string[] = [];
    const set = <K extends keyof typeof changes>(field: string, column: K, value: (typeof changes)[K] | undefined) => {
      if (value === undefined) return;
      changes[column] = value;
      fields.push(field);
    };
    if (input.ageAtRegistration !== undefined) {
      set('ageAtRegistration', 'age_at_registration', input.ageAtRegistration);
      changes.age_group = ageGroupOf(input.ageAtRegistration);
      changes.is_child = isChild(input.ageAtRegistration);
    }
    set('sex', 'sex', input.sex);
    set('disability', 'disability', input.disability);
    set('displacementStatus', 'displacement_status', input.displacementStatus);
    set('maritalStatus', 'marital_status', input.maritalStatus);
    set('nationality', 'nationality', input.nationality);
    set('childrenBornOfRape', 'children_born_of_rape', input.childrenBornOfRape);
    // A role that may not read identifying fields may not write them either (MIN-2): its
    // identity changes nothing.
    if (input.identity && canReadIdentifying(req.actor) && current.record_key_id) {
      const before = (await openSurvivorIdentity(ctx, trx, current))!;
      const after = { ...before, ...normaliseIdentity(input.identity, true) };
      Object.assign(changes, await sealIdentity(ctx, trx, current.record_key_id, current.id, after));
      fields.push(...Object.keys(input.identity));
    }
    if (fields.length === 0) return withIdentity(ctx, trx, req, current, null);
    const row = await store.updateSurvivor(trx, org, id, input.version, changes);
    if (!row) throw versionConflict((await store.findSurvivor(trx, org, id))?.version ?? input.version);
    await recordAudit(trx, { ...auditActor(req.actor), action: 'survivor.update', resourceType: 'survivor', resourceId: id, requestId: req.requestId, details: { code: row.code, fields } });
    return withIdentity(ctx, trx, req, row, null);
  });
}

/** The configured profile lists; every signed-in user may read them. */
export async function readVocabularies(ctx: AppContext, req: RequestContext): Promise<SurvivorVocabularies> {
  if (!canReadVocabularies(req.actor)) throw forbidden();
  return loadVocabularies(ctx.db);
}

/** Platform administrators configure the lists (a list left out goes back to its default). */
export function replaceVocabularies(ctx: AppContext, req: RequestContext, input: UpdateSurvivorVocabulariesInput): Promise<SurvivorVocabularies> {
  if (!canManageVocabularies(req.actor)) throw forbidden();
  return ctx.db.transaction().execute(async (trx) => {
    const lists = await saveVocabularies(trx, input);
    await recordAudit(trx, { ...auditActor(req.actor), action: 'survivor_vocabularies.update', resourceType: 'instance_setting', resourceId: 'survivors.vocabularies', requestId: req.requestId, details: { lists: Object.keys(input) } });
    return lists;
  });
}

// ---- Helpers ---------------------------------------------------------------------------------

// REL-2: the error body has no room for extra fields, so the message carries the version.
const versionConflict = (version: number) =>
  conflict('survivor.version_conflict', `Someone else changed this survivor since you opened it (it is now at version ${version}); reload and try again.`, 'version');

async function nextSurvivorCode(trx: Executor, organisationId: string, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const shortName = ((await store.organisationShortName(trx, organisationId)) ?? 'WEFT').toUpperCase().replace(/[^A-Z0-9]+/g, '');
  const number = await store.nextSurvivorNumber(trx, organisationId, year);
  // Pseudonymous: organisation, year and a running number, nothing about the person.
  return `${shortName || 'WEFT'}-${year}-${String(number).padStart(5, '0')}`;
}

const EMPTY_IDENTITY: SurvivorIdentity = {
  name: null,
  otherNames: null,
  phone: null,
  address: null,
  safeContactInstructions: null,
  currentLocation: null,
  caregiverName: null,
  caregiverRelationship: null,
  caregiverContact: null,
};

/** Full identity from input; with `partial`, only the fields given (for merging). */
function normaliseIdentity(input: SurvivorIdentityInput | undefined, partial = false): SurvivorIdentity {
  const given = Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== undefined));
  return partial ? (given as SurvivorIdentity) : { ...EMPTY_IDENTITY, ...given };
}

const filledFields = (identity: SurvivorIdentity) => Object.entries(identity).filter(([, v]) => v !== null && v !== undefined).map(([k]) => k);

/** The four sealed columns; a column whose fields are all empty stays null. */
async function sealIdentity(ctx: AppContext, trx: Executor, recordKeyId: string, id: string, identity: SurvivorIdentity) {
  const seal = async (column: SealedColumn, value: Record<string, string | null> | string | null) => {
    if (value === null || (typeof value === 'object' && Object.values(value).every((v) => v === null))) return null;
    return column.sealForRecord(ctx.cipher, trx, recordKeyId, id, typeof value === 'string' ? value : JSON.stringify(value));
  };
  return {
    name_sealed: await seal(survivorsName, { name: identity.name, otherNames: identity.otherNames }),
    contact_sealed: await seal(survivorsContact, { phone: identity.phone, address: identity.address, safeContactInstructions: identity.safeContactInstructions }),
    location_sealed: await seal(survivorsLocation, identity.currentLocation),
    caregiver_sealed: await seal(survivorsCaregiver, { name: identity.caregiverName, relationship: identity.caregiverRelationship, contact: identity.caregiverContact }),
  };
}

function parseJson(value: string | null): Record<string, unknown> {
  if (value === null) return {};
  const parsed: unknown = JSON.parse(value);
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`s1.${createdAt.toISOString()}.${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const match = /^s1\.(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\.([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalid('survivor.bad_cursor', 'query.cursor is not one this API gave out; start again from the first page.', 'query.cursor');
  return { createdAt: new Date(match[1]!), id: match[2]! };
}
