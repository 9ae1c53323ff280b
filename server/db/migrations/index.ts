import type { Migration } from 'kysely';
import * as foundation from './20261121_2200_foundation';
import * as auditNoTruncate from './20261121_2330_audit_no_truncate';

/** Append-only list, in order. Never edit a migration that has landed. */
export const migrations: Record<string, Migration> = {
  '20261121_2200_foundation': foundation,
  '20261121_2330_audit_no_truncate': auditNoTruncate,
};
