/**
 * Opens everything a Weft process needs (database, keys, hashers) from configuration.
 * Shared by the HTTP server, the CLI and the tests.
 */
import type { Config } from './config';
import { migrateToLatest, openDatabase, type Database } from './db/database';
import { createPasswordHasher } from './platform/auth/passwords';
import type { AppContext } from './platform/context';
import { createFieldCipher } from './platform/crypto/field-cipher';
import { loadMasterKeyring, type MasterKeyring } from './platform/crypto/master-keys';

export interface Runtime {
  ctx: AppContext;
  database: Database;
  keyring: MasterKeyring;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  migrate?: boolean;
  /** Embedded database in memory instead of the data folder (tests, benchmarks). */
  inMemory?: boolean;
  loadDataDir?: Blob;
  log?: (message: string) => void;
}

export async function openRuntime(config: Config, options: OpenRuntimeOptions = {}): Promise<Runtime> {
  const embedded = !config.DATABASE_URL;
  const keyring = loadMasterKeyring({
    masterKey: config.WEFT_MASTER_KEY,
    retiredKeys: config.WEFT_MASTER_KEYS_RETIRED,
    dataDir: config.dataDir,
    embedded,
    log: options.log ?? ((message) => console.warn(message)),
  });
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: embedded && !options.inMemory ? config.dataDir : undefined,
    loadDataDir: options.loadDataDir,
  });
  if (options.migrate !== false) await migrateToLatest(database.db);
  const ctx: AppContext = {
    db: database.db,
    databaseKind: database.kind,
    config,
    cipher: createFieldCipher(keyring),
    passwords: createPasswordHasher({ memoryKib: config.WEFT_ARGON2_MEMORY_KIB, passes: config.WEFT_ARGON2_PASSES }),
    sessions: { idleMinutes: config.WEFT_SESSION_IDLE_MINUTES, maxHours: config.WEFT_SESSION_MAX_HOURS },
  };
  return { ctx, database, keyring, close: () => database.close() };
}
