import type { Migration } from 'kysely';
import * as foundation from './20261121_2200_foundation';

/** Append-only list, in order. Never edit a migration that has landed. */
export const migrations: Record<string, Migration> = {
  '20261121_2200_foundation': foundation,
};
