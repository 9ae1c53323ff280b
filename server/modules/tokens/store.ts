import type { Executor } from '../../db/database';

const COLUMNS = ['id', 'organisation_id', 'name', 'purpose', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'] as const;

export function listTokens(ex: Executor, organisationId: string) {
  return ex.selectFrom('api_tokens').select(COLUMNS).where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').execute();
}

export function findToken(ex: Executor, id: string) {
  return ex.selectFrom('api_tokens').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function insertToken(
  ex: Executor,
  values: { id: string; organisation_id: string; name: string; purpose: string; secret_hash: string; created_by: string; expires_at: Date | null },
) {
  return ex.insertInto('api_tokens').values(values).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function revokeToken(ex: Executor, id: string) {
  await ex.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export type TokenRow = Awaited<ReturnType<typeof findToken>> & {};
