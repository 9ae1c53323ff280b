/** Argon2id hashing (AUTHN-1) with parameters from configuration. */
import { randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot import).
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(stored: string, password: string): Promise<boolean>;
  /** Burns the same time as a real check, so unknown emails are not told apart (no enumeration). */
  verifyDummy(password: string): Promise<void>;
}

export function createPasswordHasher(options: { memoryKib: number; passes: number }): PasswordHasher {
  const params = { algorithm: ARGON2ID, memoryCost: options.memoryKib, timeCost: options.passes, parallelism: 1 };
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, params),
    verify: async (stored, password) => {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    },
    verifyDummy: async (password) => {
      dummy ??= hash(randomBytes(16).toString('hex'), params);
      await verify(await dummy, password).catch(() => false);
    },
  };
}

const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password an admin hands over; the user must change it at first sign-in. */
export function generateTemporaryPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}
