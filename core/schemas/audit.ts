/** The audit trail at its boundaries: the read API, verification and checkpoints (AUD-1). */
import { z } from 'zod';
import { isoDateTime, uuid } from './common';

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export const auditOutcome = z.enum(AUDIT_OUTCOMES);

const code = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 500;

export const listAuditQuery = z.object({
  action: code(100).optional(),
  outcome: auditOutcome.optional(),
  organisationId: uuid.optional(),
  actorUserId: uuid.optional(),
  resourceType: code(100).optional(),
  resourceId: code(200).optional(),
  /** Inclusive lower bound on occurredAt. */
  from: isoDateTime.optional(),
  /** Exclusive upper bound on occurredAt. */
  to: isoDateTime.optional(),
  /** Opaque: the nextCursor of the previous page. */
  cursor: z.string().max(100, { error: 'must be at most 100 characters' }).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(AUDIT_PAGE_MAX, { error: `must be at most ${AUDIT_PAGE_MAX}` })
    .default(AUDIT_PAGE_DEFAULT),
});
export type ListAuditQuery = z.infer<typeof listAuditQuery>;

export const auditEntryView = z.object({
  /** Position in the hash chain; null for the moment between commit and chaining. */
  seq: z.number().int().nullable(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorTokenId: z.string().nullable(),
  organisationId: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  outcome: auditOutcome,
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const auditPage = z.object({ data: z.array(auditEntryView), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPage>;

export const AUDIT_FAILURE_REASONS = [
  'hash_mismatch',
  'broken_link',
  'sequence_gap',
  'out_of_order',
  'bad_genesis',
  'truncated',
  'checkpoint_mismatch',
] as const;
export type AuditFailureReason = (typeof AUDIT_FAILURE_REASONS)[number];

/** On failure, headSeq and headHash are the last row that verified: trustworthy up to there. */
export const auditVerification = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  headSeq: z.number().int(),
  headHash: z.string(),
  /** Rows written but not yet linked into the chain, so not covered by this verification. */
  pending: z.number().int(),
  firstBadSeq: z.number().int().optional(),
  reason: z.enum(AUDIT_FAILURE_REASONS).optional(),
  detail: z.string().optional(),
});
export type AuditVerification = z.infer<typeof auditVerification>;

/**
 * AUD-1: the head of the chain at a moment, kept outside Weft (another system, paper). `at` is
 * when it was taken. A later verification against it proves rows up to `seq` are unchanged.
 */
export const auditCheckpoint = z.object({
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be 64 lowercase hex characters' }),
  at: isoDateTime,
});
export type AuditCheckpoint = z.infer<typeof auditCheckpoint>;

