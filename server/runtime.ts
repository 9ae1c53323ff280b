/**
 * Opens everything a Weft process needs (database, keys, hashers) from configuration.
 * Shared by the HTTP server, the CLI and the tests.
 */
import type { Config } from './config';
import { migrateToLatest, openDatabase, type Database } from './db/database';
import { startAuditChainer, type AuditChainer } from './platform/audit/chainer';
import { createPasswordHasher } from './platform/auth/passwords';
import type { AppContext } from './platform/context';
import { createFieldCipher } from './platform/crypto/field-cipher';
import { loadMasterKeyring, type MasterKeyring } from './platform/crypto/master-keys';
import { findUnconfiguredMasterKeyIds } from './platform/crypto/rotation';

export interface Runtime {
  ctx: AppContext;
  database: Database;
  keyring: MasterKeyring;
  auditChainer: AuditChainer;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  migrate?: boolean;
  /** Embedded database in memory instead of the data folder (tests, benchmarks). */
  inMemory?: boolean;
  loadDataDir?: Blob;
  log?: (message: string) => void;
}

/** AUTHZ-2: the role a server connection acts as; none on the embedded database. */
export function appRoleOf(config: Config): string | undefined {
  return config.DATABASE_URL && config.WEFT_DB_ROLE !== 'none' ? config.WEFT_DB_ROLE : undefined;
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
  const appRole = appRoleOf(config);
  if (appRole && options.migrate !== false) {
    // Migrations run as the tables' owner; the application then acts as the app role.
    const owner = await openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: 1 });
    try {
      await migrateToLatest(owner.db);
    } finally {
      await owner.close();
    }
  }
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: embedded && !options.inMemory ? config.dataDir : undefined,
    loadDataDir: options.loadDataDir,
    appRole,
  });
  if (!appRole && options.migrate !== false) await migrateToLatest(database.db);
  // Fail at start, not at the first read, when data keys are wrapped by a key we lack.
  const missing = await findUnconfiguredMasterKeyIds(database.db, keyring);
  if (missing.length > 0) {
    await database.close();
    throw new Error(
      `Data keys are wrapped by master key(s) ${missing.join(', ')}, which are not configured. Set WEFT_MASTER_KEY (and WEFT_MASTER_KEYS_RETIRED during a rotation) to the keys this database was written with.`,
    );
  }
  const ctx: AppContext = {
    db: database.db,
    databaseKind: database.kind,
    config,
    cipher: createFieldCipher(keyring),
    passwords: createPasswordHasher({ memoryKib: config.WEFT_ARGON2_MEMORY_KIB, passes: config.WEFT_ARGON2_PASSES }),
    sessions: { idleMinutes: config.WEFT_SESSION_IDLE_MINUTES, maxHours: config.WEFT_SESSION_MAX_HOURS },
  };
  const auditChainer = startAuditChainer(database.db, { onError: (err) => console.error('audit chainer:', err) });
  return {
    ctx,
    database,
    keyring,
    auditChainer,
    close: async () => {
      await auditChainer.stop();
      await database.close();
    },
  };
}
