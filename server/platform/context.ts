import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { DB } from '../db/schema';
import type { Actor } from './actor';
import type { PasswordHasher } from './auth/passwords';
import type { SessionPolicy } from './auth/sessions';
import type { FieldCipher } from './crypto/field-cipher';

/** What services need from the running process. Built once by the app or the CLI. */
export interface AppContext {
  db: Kysely<DB>;
  databaseKind: 'pglite' | 'postgres';
  config: Config;
  cipher: FieldCipher;
  passwords: PasswordHasher;
  sessions: SessionPolicy;
}

/** Who asks, and the ids that tie the audit row to the request. */
export interface RequestContext {
  actor: Actor;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const systemRequest = (requestId: string | null = null): RequestContext => ({
  actor: { kind: 'anonymous' },
  requestId,
  ip: null,
  userAgent: null,
});
