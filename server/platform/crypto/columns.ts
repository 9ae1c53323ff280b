/**
 * The inventory of encrypted columns, and the one way modules seal and open them.
 *
 * A module never builds a context string or touches a cipher directly: it takes the handle
 * registered here and calls `seal`/`open` with the row's organisation and id. The same
 * context function is used by organisation key rotation, so a column missing from this list
 * would not be re-encrypted (STO-2). Add every new encrypted column here, in this file.
 */
import type { Executor } from '../../db/database';
import type { DB } from '../../db/schema';
import type { FieldCipher } from './field-cipher';

export interface EncryptedColumn {
  table: keyof DB & string;
  /** A bytea column holding field-cipher ciphertexts (or null). */
  column: string;
  /** The row's primary key, a uuid. */
  idColumn: string;
  /** The organisation whose data key seals the column. */
  organisationColumn: string;
  /** The authenticated context that ties a ciphertext to its row and column. */
  context: (id: string) => string;
}

/** A registered column, bound to a cipher at the call. */
export interface SealedColumn extends EncryptedColumn {
  seal(cipher: FieldCipher, ex: Executor, organisationId: string, id: string, plaintext: string): Promise<Uint8Array>;
  /** Opens the stored value; null stays null (the field was never set or was cleared). */
  open(cipher: FieldCipher, ex: Executor, organisationId: string, id: string, stored: Uint8Array | null): Promise<string | null>;
}

const registry = new Map<string, SealedColumn>();

/** Declares an encrypted column; registering the same column twice is a mistake. */
export function registerEncryptedColumn(definition: EncryptedColumn): SealedColumn {
  const name = `${definition.table}.${definition.column}`;
  if (registry.has(name)) throw new Error(`Encrypted column ${name} is registered twice.`);
  const column: SealedColumn = {
    ...definition,
    seal: (cipher, ex, organisationId, id, plaintext) => cipher.seal(ex, organisationId, plaintext, definition.context(id)),
    open: async (cipher, ex, organisationId, id, stored) =>
      stored === null ? null : cipher.open(ex, organisationId, stored, definition.context(id)),
  };
  registry.set(name, column);
  return column;
}

/** Every registered encrypted column, for rotation and inventory tests. */
export function listEncryptedColumns(): readonly SealedColumn[] {
  return [...registry.values()];
}

// ---- The inventory ------------------------------------------------------------------------

/** AUTHN-1: the TOTP shared secret (base32 text) of a user. */
export const usersTotpSecret = registerEncryptedColumn({
  table: 'users',
  column: 'totp_secret',
  idColumn: 'id',
  organisationColumn: 'organisation_id',
  context: (id) => `users.totp_secret:${id}`,
});
