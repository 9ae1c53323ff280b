import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/runtime';
import { CONSENT_CHECKS } from './consent-checks.testing';

// CON-2, CON-4 against the real gate. referrals-gate-mutation.test.ts runs the same checks
// with the gate opened and expects every one of them to fail.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('referral consent enforcement', () => {
  for (const [name, check] of Object.entries(CONSENT_CHECKS)) {
    it(name, async () => check(t));
  }
});
