/**
 * The master key a backup is encrypted under, found the way loadMasterKeyring finds it
 * (WEFT_MASTER_KEY first, else the embedded master.key), and every configured key by id for
 * a restore. Unlike loadMasterKeyring this never generates a key: a restore into a new data
 * folder must not invent one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../server/config';
import { readKeyFileText } from '../../server/platform/crypto/master-key-file';
import { MASTER_KEY_FILE, masterKeyId, parseMasterKey, PREVIOUS_MASTER_KEY_FILE } from '../../server/platform/crypto/master-keys';

export interface MasterKey {
  key: Buffer;
  id: string;
}

/** The key new backups are encrypted under. */
export function currentMasterKey(config: Config, log: (line: string) => void): MasterKey {
  const fromEnvironment = config.WEFT_MASTER_KEY?.trim();
  if (fromEnvironment) return withId(parseMasterKey(fromEnvironment, 'WEFT_MASTER_KEY'));
  const file = path.join(config.dataDir, MASTER_KEY_FILE);
  if (!config.DATABASE_URL && fs.existsSync(file)) return withId(parseMasterKey(readKeyFileText(file, log), file));
  throw new Error(
    config.DATABASE_URL
      ? 'WEFT_MASTER_KEY is not set: Weft needs it to encrypt the backup (and to read the data in it).'
      : `There is no master key to encrypt the backup with: WEFT_MASTER_KEY is not set and ${file} does not exist. ` +
          'Set WEFT_MASTER_KEY, or start Weft once with this data folder (it creates the file).',
  );
}

/** The configured key with this id (current or retired), or undefined. */
export function findMasterKey(config: Config, id: string, log: (line: string) => void): MasterKey | undefined {
  const candidates: Array<[string, string]> = [];
  if (config.WEFT_MASTER_KEY?.trim()) candidates.push([config.WEFT_MASTER_KEY, 'WEFT_MASTER_KEY']);
  (config.WEFT_MASTER_KEYS_RETIRED ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .forEach((entry, i) => candidates.push([entry, `WEFT_MASTER_KEYS_RETIRED (entry ${i + 1})`]));
  if (!config.DATABASE_URL) {
    for (const name of [MASTER_KEY_FILE, PREVIOUS_MASTER_KEY_FILE]) {
      const file = path.join(config.dataDir, name);
      if (fs.existsSync(file)) candidates.push([readKeyFileText(file, log), file]);
    }
  }
  for (const [text, name] of candidates) {
    const key = withId(parseMasterKey(text, name));
    if (key.id === id) return key;
  }
  return undefined;
}

const withId = (key: Buffer): MasterKey => ({ key, id: masterKeyId(key) });
