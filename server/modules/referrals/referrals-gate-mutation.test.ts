import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/runtime';
import { CONSENT_CHECKS } from './consent-checks.testing';

// CON-2: "a mutation that makes the gate allow must make the suite fail". Here the gate is
// opened (every disclosure allowed, on consent) and each consent check must then fail: if
// one passed, it would not be testing the gate at all.
vi.mock('../../../core/consent/gate', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../core/consent/gate')>();
  return { ...original, decideDisclosure: () => ({ allowed: true, basis: 'consent', consentId: null }) };
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('with the disclosure gate opened, the referral consent checks fail', () => {
  for (const [name, check] of Object.entries(CONSENT_CHECKS)) {
    it(name, async () => {
      await expect(check(t)).rejects.toThrow();
    });
  }
});
