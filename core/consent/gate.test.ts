import { describe, expect, it } from 'vitest';
import { decideDisclosure, findCoveringConsent, isConsentLive, MIN_OVERRIDE_JUSTIFICATION, type DisclosureRequest } from './gate';
import { buildConsent, ids } from './test-consents';
import type { ConsentRecord } from './types';

const at = '2024-05-10T12:00:00.000Z';
const referralTo = (organisationId: string, extra: Partial<ConsentRecord> = {}) =>
  buildConsent({ purpose: 'referral', recipientOrganisationId: organisationId, ...extra });
const justification = 'Survivor disclosed a credible threat to her life tonight; shelter needed now.';

describe('findCoveringConsent', () => {
  it('finds the consent for this purpose and recipient, not another', () => {
    const a = referralTo(ids.orgA);
    const consents = [buildConsent(), a, referralTo(ids.orgB, { withdrawnAt: '2024-05-02T00:00:00Z', withdrawalRecordedBy: ids.worker })];
    expect(findCoveringConsent(consents, { purpose: 'referral', recipientOrganisationId: ids.orgA, at })).toBe(a);
    expect(findCoveringConsent(consents, { purpose: 'referral', recipientOrganisationId: ids.orgB, at })).toBeNull();
    expect(findCoveringConsent(consents, { purpose: 'referral', recipientOrganisationId: ids.orgC, at })).toBeNull();
    expect(findCoveringConsent(consents, { purpose: 'referral', at })).toBeNull();
    expect(findCoveringConsent(consents, { purpose: 'justice', recipientOrganisationId: ids.orgA, at })).toBeNull();
  });

  it('a consent to one service covers that service only; a consent to the organisation covers all its services', () => {
    const one = referralTo(ids.orgA, { serviceId: ids.service1 });
    expect(findCoveringConsent([one], { purpose: 'referral', recipientOrganisationId: ids.orgA, serviceId: ids.service1, at })).toBe(one);
    expect(findCoveringConsent([one], { purpose: 'referral', recipientOrganisationId: ids.orgA, serviceId: ids.service2, at })).toBeNull();
    expect(findCoveringConsent([one], { purpose: 'referral', recipientOrganisationId: ids.orgA, at })).toBeNull();
    const all = referralTo(ids.orgA);
    expect(findCoveringConsent([all], { purpose: 'referral', recipientOrganisationId: ids.orgA, serviceId: ids.service2, at })).toBe(all);
  });

  it('services consent never covers another organisation; statistics consent covers any recipient of aggregates', () => {
    expect(findCoveringConsent([buildConsent()], { purpose: 'services', at })).not.toBeNull();
    expect(findCoveringConsent([buildConsent()], { purpose: 'services', recipientOrganisationId: ids.orgA, at })).toBeNull();
    const stats = buildConsent({ purpose: 'statistics' });
    expect(findCoveringConsent([stats], { purpose: 'statistics', recipientOrganisationId: ids.orgA, at })).toBe(stats);
  });

  it('picks the latest given of several live consents', () => {
    const older = referralTo(ids.orgA);
    const newer = referralTo(ids.orgA, { givenAt: '2024-05-05T08:00:00Z' });
    expect(findCoveringConsent([newer, older], { purpose: 'referral', recipientOrganisationId: ids.orgA, at })).toBe(newer);
  });
});

describe('isConsentLive (CON-4: withdrawal takes effect at its timestamp)', () => {
  const c = buildConsent({ givenAt: '2024-05-01T08:00:00Z', withdrawnAt: '2024-05-03T08:00:00Z', withdrawalRecordedBy: ids.worker });
  it.each([
    ['2024-05-01T07:59:59.999Z', false],
    ['2024-05-01T08:00:00.000Z', true],
    ['2024-05-03T07:59:59.999Z', true],
    ['2024-05-03T08:00:00.000Z', false],
    ['2024-06-01T00:00:00.000Z', false],
    ['not a time', false],
  ] as const)('at %s → %s', (when, live) => {
    expect(isConsentLive(c, when)).toBe(live);
  });
  it('an unreadable withdrawal time counts as withdrawn', () => {
    expect(isConsentLive(buildConsent({ withdrawnAt: 'garbage' }), at)).toBe(false);
  });
});

describe('decideDisclosure (CON-2: deny by default)', () => {
  const base: DisclosureRequest = { consents: [], purpose: 'referral', recipient: { organisationId: ids.orgA }, at };

  it('denies without any consent', () => {
    expect(decideDisclosure(base)).toEqual({ allowed: false, reason: 'no_consent' });
    expect(decideDisclosure({ ...base, purpose: 'statistics', recipient: null })).toEqual({ allowed: false, reason: 'no_consent' });
  });

  it('allows with a covering consent and names it', () => {
    const c = referralTo(ids.orgA);
    expect(decideDisclosure({ ...base, consents: [c] })).toEqual({ allowed: true, basis: 'consent', consentId: c.id });
  });

  it('denies after withdrawal, saying so', () => {
    const c = referralTo(ids.orgA, { withdrawnAt: '2024-05-10T12:00:00Z', withdrawalRecordedBy: ids.worker });
    expect(decideDisclosure({ ...base, consents: [c] })).toEqual({ allowed: false, reason: 'consent_withdrawn' });
    expect(decideDisclosure({ ...base, consents: [c], at: '2024-05-10T11:59:59Z' }).allowed).toBe(true);
  });

  it('a legal basis other than consent does not open the gate by itself', () => {
    const c = referralTo(ids.orgB, { legalBasis: 'vital_interests' });
    expect(decideDisclosure({ ...base, consents: [c] }).allowed).toBe(false);
  });

  it('denies malformed requests', () => {
    const c = referralTo(ids.orgA);
    expect(decideDisclosure({ ...base, consents: [c], recipient: null })).toEqual({ allowed: false, reason: 'invalid_request' });
    expect(decideDisclosure({ ...base, consents: [c], recipient: { organisationId: '' } }).allowed).toBe(false);
    expect(decideDisclosure({ ...base, consents: [c], at: 'soon' }).allowed).toBe(false);
    expect(decideDisclosure({ ...base, consents: [c], purpose: 'gossip' as never }).allowed).toBe(false);
    expect(decideDisclosure({ ...base, consents: null as never }).allowed).toBe(false);
    expect(decideDisclosure(null as never)).toEqual({ allowed: false, reason: 'invalid_request' });
  });

  describe('override (CON-3)', () => {
    const override = { reasonCode: 'imminent_risk', justification, actorRole: 'supervisor' as const };

    it('allows a supervisor with an allowed reason and a real justification', () => {
      expect(decideDisclosure({ ...base, override })).toEqual({ allowed: true, basis: 'override', reasonCode: 'imminent_risk' });
      expect(decideDisclosure({ ...base, purpose: 'justice', override: { ...override, reasonCode: 'mandatory_reporting' } })).toMatchObject({ basis: 'override' });
    });

    it('prefers the consent when there is one (the audit row names it)', () => {
      const c = referralTo(ids.orgA);
      expect(decideDisclosure({ ...base, consents: [c], override })).toMatchObject({ basis: 'consent', consentId: c.id });
    });

    it.each([
      [{ reasonCode: 'curiosity' }, 'override_reason_not_allowed'],
      [{ actorRole: 'case_worker' }, 'override_role_not_allowed'],
      [{ actorRole: 'admin' }, 'override_role_not_allowed'],
      [{ justification: 'urgent' }, 'override_justification_too_short'],
      [{ justification: ' '.repeat(40) + 'x'.repeat(MIN_OVERRIDE_JUSTIFICATION - 1) }, 'override_justification_too_short'],
      [{ justification: undefined }, 'override_justification_too_short'],
    ] as const)('denies %o → %s', (change, reason) => {
      expect(decideDisclosure({ ...base, override: { ...override, ...change } as never })).toEqual({ allowed: false, reason });
    });

    it('never for statistics', () => {
      expect(decideDisclosure({ ...base, purpose: 'statistics', recipient: null, override })).toEqual({ allowed: false, reason: 'override_not_applicable' });
    });
  });
});
