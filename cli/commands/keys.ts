/**
 * `weft keys …`: master key generation and rotation, organisation key rotation, and a status
 * report that shows fingerprints and counts, never key material (STO-1, STO-2).
 *
 * Rotating the master key on a server (WEFT_MASTER_KEY set):
 *   1. `weft keys generate` and store the new key where the old one is kept (a secret store,
 *      not the database host).
 *   2. Set WEFT_MASTER_KEY to the new key and WEFT_MASTER_KEYS_RETIRED to the old one, and
 *      restart every Weft process: they now read keys wrapped by either.
 *   3. `weft keys rotate-master` re-wraps every data key under the new key and recomputes the
 *      keyed lookup hashes (focal point numbers); reads and lookups keep working.
 *   4. `weft keys status` shows no data key wrapped by the old key: remove it from
 *      WEFT_MASTER_KEYS_RETIRED, restart, and destroy it.
 * In embedded mode without WEFT_MASTER_KEY, `weft keys rotate-master` does all of this with
 * <dataDir>/master.key (the old key waits in master.key.previous until the re-wrap is done).
 * Run it while the server is stopped: the embedded database has one user at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema';
import { countDataKeys, listMasterKeyIdsInUse } from '../../server/platform/crypto/data-keys';
import type { FieldCipher } from '../../server/platform/crypto/field-cipher';
import {
  beginEmbeddedMasterKeyRotation,
  finishEmbeddedMasterKeyRotation,
  generateMasterKey,
  MASTER_KEY_FILE,
  PREVIOUS_MASTER_KEY_FILE,
  type MasterKeyring,
} from '../../server/platform/crypto/master-keys';
import { rotateMasterKey, rotateOrganisationKey } from '../../server/platform/crypto/rotation';

export interface KeysCommandDeps {
  db: Kysely<DB>;
  keyring: MasterKeyring;
  cipher: FieldCipher;
  config: { dataDir: string; embedded: boolean };
  out: (line: string) => void;
}

const USAGE = [
  'usage: weft keys <command>',
  '  generate                    print a new master key (base64 of 32 random bytes)',
  '  rotate-master               re-wrap every data key under the current master key',
  '  rotate-org <organisation>   give an organisation a new data key and re-encrypt its fields',
  '  status                      key counts and master key fingerprints (no key material)',
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs `weft keys <args>` and returns the exit code (0 done, 1 needs attention, 2 usage). */
export async function runKeysCommand(args: string[], deps: KeysCommandDeps): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'generate':
      if (rest.length > 0) return usage(deps);
      // Only the key on stdout, so `WEFT_MASTER_KEY=$(weft keys generate)` works.
      deps.out(generateMasterKey());
      return 0;
    case 'rotate-master':
      return rest.length > 0 ? usage(deps) : rotateMaster(deps);
    case 'rotate-org': {
      const [organisationId, ...extra] = rest;
      if (!organisationId || extra.length > 0 || !UUID.test(organisationId)) return usage(deps);
      const result = await rotateOrganisationKey(deps.db, deps.cipher, organisationId, {
        onBatch: (done) => deps.out(`  ${done} fields checked`),
      });
      deps.out(`organisation ${organisationId}: new data key ${result.keyId}`);
      deps.out(`retired data keys: ${result.retiredKeyIds.join(', ') || 'none'}`);
      deps.out(`fields re-encrypted: ${result.reencrypted}; already current or record-sealed: ${result.unchanged}`);
      return 0;
    }
    case 'status':
      return rest.length > 0 ? usage(deps) : status(deps);
    default:
      return usage(deps);
  }
}

function usage(deps: KeysCommandDeps): number {
  USAGE.forEach((line) => deps.out(line));
  return 2;
}

async function rotateMaster(deps: KeysCommandDeps): Promise<number> {
  const { db, keyring, config, out } = deps;
  const progress = { onBatch: (done: number) => out(`  ${done} data keys re-wrapped`) };

  if (config.embedded && keyring.source === 'file') {
    const rotation = beginEmbeddedMasterKeyRotation(config.dataDir, keyring);
    out(
      rotation.resumed
        ? `resuming the rotation from master key ${rotation.previousKeyId} to ${rotation.keyring.currentKeyId}`
        : `new master key ${rotation.keyring.currentKeyId} written to master.key; the old one (${rotation.previousKeyId}) is kept in master.key.previous until the re-wrap is done`,
    );
    const result = await rotateMasterKey(db, rotation.keyring, progress);
    finishEmbeddedMasterKeyRotation(config.dataDir);
    out(`data keys re-wrapped: ${result.rewrapped}; already under the new key: ${result.alreadyCurrent}; lookup hashes recomputed: ${result.rehashed}`);
    out(`master key is now ${result.masterKeyId}; master.key.previous was deleted.`);
    out('Copy the new master.key to where you keep it, apart from database backups.');
    return 0;
  }

  const pending = (await listMasterKeyIdsInUse(db)).filter((row) => row.master_key_id !== keyring.currentKeyId);
  if (pending.length === 0 && keyring.retiredKeyIds.length === 0) {
    out(`Every data key is already wrapped by the current master key ${keyring.currentKeyId}.`);
    out('To rotate: set WEFT_MASTER_KEY to a new key (`weft keys generate`), put the old one in');
    out('WEFT_MASTER_KEYS_RETIRED, restart Weft, run this command, then remove the retired key.');
    return 0;
  }
  const result = await rotateMasterKey(db, keyring, progress);
  out(`data keys re-wrapped: ${result.rewrapped}; already under the current key: ${result.alreadyCurrent}; lookup hashes recomputed: ${result.rehashed}`);
  out(`master key is now ${result.masterKeyId}.`);
  if (keyring.retiredKeyIds.length > 0) {
    out(`No data key needs ${keyring.retiredKeyIds.join(', ')} any more: remove it from WEFT_MASTER_KEYS_RETIRED and destroy it.`);
  }
  const leftovers = [MASTER_KEY_FILE, PREVIOUS_MASTER_KEY_FILE].map((f) => path.join(config.dataDir, f)).filter((f) => fs.existsSync(f));
  if (config.embedded && leftovers.length > 0) out(`Delete ${leftovers.join(' and ')}: no data key needs it now.`);
  return 0;
}

async function status(deps: KeysCommandDeps): Promise<number> {
  const { db, keyring, config, out } = deps;
  out(`master key: ${keyring.currentKeyId} (${keyring.source === 'file' ? `file ${config.dataDir}/master.key` : 'WEFT_MASTER_KEY'})`);
  out(`retired master keys: ${keyring.retiredKeyIds.join(', ') || 'none'}`);
  const counts = await countDataKeys(db);
  out('data keys:');
  if (counts.length === 0) out('  none yet');
  for (const row of counts) out(`  ${row.scope} ${row.status}: ${row.count}`);

  let missing = 0;
  for (const row of await listMasterKeyIdsInUse(db)) {
    const state =
      row.master_key_id === keyring.currentKeyId
        ? 'current'
        : keyring.has(row.master_key_id)
          ? 'retired: run `weft keys rotate-master`'
          : 'NOT CONFIGURED: these data keys cannot be unwrapped';
    if (!keyring.has(row.master_key_id)) missing += row.count;
    out(`wrapped by master key ${row.master_key_id}: ${row.count} (${state})`);
  }
  return missing > 0 ? 1 : 0;
}
