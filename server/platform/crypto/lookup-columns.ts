/**
 * Keyed lookup hashes (HMAC under a key derived from the master key) stored beside a sealed
 * value so a record can be found by an identifier nobody may read in clear: a focal point by
 * the number an SMS came from. Lookups try the hashes of every configured master key, so they
 * keep working across a master key rotation; `rehashLookupColumns` then recomputes the stored
 * hashes under the current key, after which the retired key can be dropped without focal
 * points turning into unknown senders (STO-2).
 *
 * The inventory lives here, like the encrypted columns in columns.ts, so rotation sees every
 * hashed column whether or not the module that writes it is loaded.
 */
import { sql, type Kysely } from 'kysely';
import { ALERT_CHANNEL_PROVIDERS } from '../../../core/schemas/alerts';
import type { DB } from '../../db/schema';
import { alertsSender, focalPointIdentitiesValue, type SealedColumn } from './columns';
import type { FieldCipher } from './field-cipher';

/** The purpose (and so the derived key) of sender identity hashes. */
export const SENDER_HASH_PURPOSE = 'alerts.sender';

/** The text a sender identity is hashed as: scoped to the organisation and the kind of identity. */
export const senderHashText = (organisationId: string, kind: 'phone' | 'token', identity: string): string =>
  `${organisationId.toLowerCase()}\u0000${kind}\u0000${identity}`;

/** An alert's sender is a phone number on SMS channels and a token id on the others. */
export const senderKindOfChannel = (channel: string): 'phone' | 'token' => ((ALERT_CHANNEL_PROVIDERS as readonly string[]).includes(channel) ? 'phone' : 'token');

interface LookupHashColumn {
  table: 'focal_point_identities' | 'alerts';
  hashColumn: 'value_hash' | 'sender_hash';
  sealed: SealedColumn;
  purpose: string;
  /** The column that says what kind of identity the row holds. */
  kindColumn: 'kind' | 'channel';
  hashedText(row: { organisation_id: string; kind: string }, plaintext: string): string;
}

const LOOKUP_HASH_COLUMNS: readonly LookupHashColumn[] = [
  {
    table: 'focal_point_identities',
    hashColumn: 'value_hash',
    sealed: focalPointIdentitiesValue,
    purpose: SENDER_HASH_PURPOSE,
    kindColumn: 'kind',
    hashedText: (row, value) => senderHashText(row.organisation_id, row.kind as 'phone' | 'token', value),
  },
  {
    table: 'alerts',
    hashColumn: 'sender_hash',
    sealed: alertsSender,
    purpose: SENDER_HASH_PURPOSE,
    kindColumn: 'channel',
    hashedText: (row, sender) => senderHashText(row.organisation_id, senderKindOfChannel(row.kind), sender),
  },
];

export interface RehashResult {
  rehashed: number;
  unchanged: number;
}

/**
 * Recomputes every stored lookup hash under the keyring's current master key, in batches of
 * short transactions. Rows whose sealed value no longer opens (an erased record) keep theirs.
 */
export async function rehashLookupColumns(db: Kysely<DB>, cipher: FieldCipher, options: { batchSize?: number } = {}): Promise<RehashResult> {
  const batchSize = options.batchSize ?? 200;
  const result: RehashResult = { rehashed: 0, unchanged: 0 };
  for (const column of LOOKUP_HASH_COLUMNS) {
    let afterId: string | null = null;
    for (;;) {
      const count: number = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ id: string; organisation_id: string; kind: string; hash: string; sealed: Uint8Array }>`
          select id::text as id, organisation_id::text as organisation_id, ${sql.ref(column.kindColumn)} as kind,
                 ${sql.ref(column.hashColumn)} as hash, ${sql.ref(column.sealed.column)} as sealed
          from ${sql.table(column.table)}
          where ${sql.ref(column.hashColumn)} is not null and ${sql.ref(column.sealed.column)} is not null
            ${afterId === null ? sql`` : sql`and id > ${afterId}`}
          order by id limit ${batchSize}
          for no key update`.execute(trx);
        for (const row of rows) {
          const plaintext = await column.sealed.open(cipher, trx, row.organisation_id, row.id, row.sealed).catch(() => null);
          const current = plaintext === null ? row.hash : cipher.lookupHashes(column.purpose, column.hashedText(row, plaintext))[0]!;
          if (current === row.hash) {
            result.unchanged += 1;
            continue;
          }
          await sql`update ${sql.table(column.table)} set ${sql.ref(column.hashColumn)} = ${current} where id = ${row.id}`.execute(trx);
          result.rehashed += 1;
        }
        afterId = rows.at(-1)?.id ?? afterId;
        return rows.length;
      });
      if (count < batchSize) break;
    }
  }
  return result;
}
