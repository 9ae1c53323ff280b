/** Test support: the DomainError a function throws, or a failure if it throws none. */
import { DomainError } from './errors';

export function thrownDomainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
