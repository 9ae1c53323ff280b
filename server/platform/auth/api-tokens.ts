/**
 * API tokens for machine clients: scoped to one organisation and one purpose, stored hashed,
 * revocable. Format `weft_<id>_<secret>` so a token names its row without a scan.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../db/database';
import { hashSecret, newSecret } from './sessions';

const TOKEN_PATTERN = /^weft_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;

export function mintToken(id: string): { token: string; secretHash: string } {
  const secret = newSecret(32);
  return { token: `weft_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export interface ResolvedToken {
  tokenId: string;
  organisationId: string;
  purpose: string;
}

/** The live token a bearer string stands for, or null. */
export async function resolveApiToken(ex: Executor, bearer: string): Promise<ResolvedToken | null> {
  const match = TOKEN_PATTERN.exec(bearer);
  if (!match) return null;
  const [, id, secret] = match as unknown as [string, string, string];
  const row = await ex
    .selectFrom('api_tokens as t')
    .innerJoin('organisations as o', 'o.id', 't.organisation_id')
    .select(['t.id', 't.organisation_id', 't.purpose', 't.secret_hash', 't.revoked_at', 't.expires_at', 't.last_used_at', 'o.disabled_at'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled_at) return null;
  if (row.expires_at && row.expires_at.getTime() <= Date.now()) return null;
  const expected = Buffer.from(row.secret_hash, 'hex');
  const given = Buffer.from(hashSecret(secret), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await ex.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  }
  return { tokenId: row.id, organisationId: row.organisation_id, purpose: row.purpose };
}
