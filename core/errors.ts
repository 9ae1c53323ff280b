/**
 * The closed set of domain errors. Services throw these; the HTTP error handler and the CLI
 * map the category to a status or an exit code. Messages name the field and say what to do.
 */
import { z } from 'zod';

export type ErrorCategory =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rule_violation'
  | 'rate_limited';

/**
 * Facts a client acts on beside the message (who holds a lock, until when): a flat object of
 * ids, codes, numbers and times. Flat and small on purpose: an error body is no place for a
 * record, and the error handler drops details that do not pass this schema rather than send them.
 */
export const errorDetails = z
  .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/), z.union([z.string().max(200), z.number(), z.boolean(), z.null()]))
  .refine((details) => Object.keys(details).length <= 10, { error: 'must hold at most 10 entries' });
export type ErrorDetails = z.infer<typeof errorDetails>;

export class DomainError extends Error {
  readonly category: ErrorCategory;
  readonly code: string;
  readonly field: string | undefined;
  /** A refusal by policy, answered as not_found or forbidden; audited as denied (AUD-1). */
  readonly isDenial: boolean;
  /** Sent as `error.details` when set (checked against errorDetails first). */
  readonly details: ErrorDetails | undefined;

  constructor(category: ErrorCategory, code: string, message: string, field?: string, isDenial = false, details?: ErrorDetails) {
    super(message);
    this.name = 'DomainError';
    this.category = category;
    this.code = code;
    this.field = field;
    this.isDenial = isDenial || category === 'forbidden';
    this.details = details;
  }
}

export const invalid = (code: string, message: string, field?: string) =>
  new DomainError('validation', code, message, field);
export const notFound = (resource: string) =>
  new DomainError('not_found', `${resource}.not_found`, `No ${resource} with that id is visible to you.`);
/** A policy refusal where the record's existence is itself sensitive: answered 404, audited. */
export const hiddenDenial = (resource: string) =>
  new DomainError('not_found', `${resource}.not_found`, `No ${resource} with that id is visible to you.`, undefined, true);
export const forbidden = (code = 'forbidden', message = 'You are not allowed to do this.') =>
  new DomainError('forbidden', code, message);
/** SES-1: a sensitive step (export, override, erasure, unmasking) needs a fresh password. */
export const reauthenticationRequired = () =>
  new DomainError('forbidden', 'auth.reauthentication_required', 'Confirm your password again (POST /api/auth/reauthenticate), then repeat this step.');
export const unauthenticated = (code = 'auth.required', message = 'Sign in first.') =>
  new DomainError('unauthenticated', code, message);
export const conflict = (code: string, message: string, field?: string, details?: ErrorDetails) =>
  new DomainError('conflict', code, message, field, false, details);
export const ruleViolation = (code: string, message: string, field?: string) =>
  new DomainError('rule_violation', code, message, field);
export const rateLimited = (code: string, message: string) =>
  new DomainError('rate_limited', code, message);

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
