/**
 * AUD-1: the audit trail is a hash chain. Each row's hash covers its content and the previous
 * row's hash, so an edited, deleted, reordered or forged row breaks the chain from there on.
 */
import { createHash } from 'node:crypto';
import type { AuditRow } from '../../db/schema';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  seq: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorTokenId: string | null;
  organisationId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: string;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashAuditRow(row: ChainedFields): string {
  const content = canonicalJson([
    row.seq,
    row.occurredAt.toISOString(),
    row.actorUserId,
    row.actorTokenId,
    row.organisationId,
    row.action,
    row.resourceType,
    row.resourceId,
    row.outcome,
    row.requestId,
    row.details,
    row.prevHash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

/** The chained fields of a stored row, given the links it has or is about to get. */
export function chainedFieldsOf(
  row: Pick<
    AuditRow,
    | 'occurred_at' | 'actor_user_id' | 'actor_token_id' | 'organisation_id' | 'action'
    | 'resource_type' | 'resource_id' | 'outcome' | 'request_id' | 'details'
  >,
  seq: number,
  prevHash: string,
): ChainedFields {
  return {
    seq,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorTokenId: row.actor_token_id,
    organisationId: row.organisation_id,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    outcome: row.outcome,
    requestId: row.request_id,
    details: row.details,
    prevHash,
  };
}
