import { describe, expect, it } from 'vitest';
import { buildConsent, ids } from './test-consents';
import { isChild, validateConsent, withdrawConsent } from './validate';
import { thrownDomainError } from '../domain-error.testing';

const adult = { id: ids.survivor, ageAtIncident: 24 };
const child = (age: number) => ({ id: ids.survivor, ageAtIncident: age });

const refusal = thrownDomainError;

describe('isChild (CHD-1: under 18 at the incident)', () => {
  it('is true to 17, false from 18, null when unknown', () => {
    expect([0, 17, 18, 60].map(isChild)).toEqual([true, true, false, false]);
    expect(isChild(null)).toBeNull();
    expect(isChild(undefined)).toBeNull();
  });
  it('refuses an age that is not whole years from 0 to 130', () => {
    for (const age of [-1, 17.5, 131, Number.NaN]) expect(refusal(() => isChild(age)).code).toBe('survivor.age_invalid');
  });
});

describe('validateConsent: adults (CON-1)', () => {
  it('accepts an adult survivor consenting herself, per purpose', () => {
    expect(validateConsent(buildConsent(), adult).purpose).toBe('services');
    expect(validateConsent(buildConsent({ purpose: 'statistics', method: 'thumbprint' }), adult).method).toBe('thumbprint');
    expect(validateConsent(buildConsent({ purpose: 'referral', recipientOrganisationId: ids.orgA, serviceId: ids.service1, method: 'signed' }), adult).serviceId).toBe(ids.service1);
    expect(validateConsent(buildConsent({ purpose: 'justice', recipientOrganisationId: ids.orgB, legalBasis: 'legal_obligation' }), adult).legalBasis).toBe('legal_obligation');
  });

  it('refuses a caregiver, an assent or a guardian reason for an adult', () => {
    expect(refusal(() => validateConsent(buildConsent({ givenBy: 'caregiver' }), adult)).field).toBe('givenBy');
    expect(refusal(() => validateConsent(buildConsent({ childAssent: 'given' }), adult)).field).toBe('childAssent');
    expect(refusal(() => validateConsent(buildConsent({ guardianNotAskedReason: 'suspected_perpetrator' }), adult)).field).toBe('guardianNotAskedReason');
  });

  it('requires a named recipient for referral and justice, and refuses one for services and statistics', () => {
    expect(refusal(() => validateConsent(buildConsent({ purpose: 'referral' }), adult))).toMatchObject({ code: 'consent.recipient_required', field: 'recipientOrganisationId' });
    expect(refusal(() => validateConsent(buildConsent({ purpose: 'justice' }), adult)).code).toBe('consent.recipient_required');
    expect(refusal(() => validateConsent(buildConsent({ purpose: 'services', recipientOrganisationId: ids.orgA }), adult)).code).toBe('consent.recipient_not_allowed');
    expect(refusal(() => validateConsent(buildConsent({ purpose: 'statistics', serviceId: ids.service1 }), adult)).field).toBe('serviceId');
  });

  it('refuses bad shapes, another survivor, future consent and incoherent withdrawals', () => {
    expect(refusal(() => validateConsent({ ...buildConsent(), method: 'email' }, adult))).toMatchObject({ code: 'consent.invalid', field: 'method' });
    expect(refusal(() => validateConsent({ ...buildConsent(), givenAt: 'yesterday' }, adult)).field).toBe('givenAt');
    expect(refusal(() => validateConsent(null, adult)).code).toBe('consent.invalid');
    expect(refusal(() => validateConsent(buildConsent({ survivorId: ids.otherSurvivor }), adult)).code).toBe('consent.wrong_survivor');
    expect(refusal(() => validateConsent(buildConsent(), adult, new Date('2024-04-30T00:00:00Z'))).code).toBe('consent.given_in_future');
    expect(refusal(() => validateConsent(buildConsent({ withdrawnAt: '2024-04-01T00:00:00Z', withdrawalRecordedBy: ids.worker }), adult)).code).toBe('consent.withdrawn_before_given');
    expect(refusal(() => validateConsent(buildConsent({ withdrawnAt: '2024-06-01T00:00:00Z' }), adult)).field).toBe('withdrawalRecordedBy');
    expect(refusal(() => validateConsent(buildConsent({ withdrawalRecordedBy: ids.worker }), adult)).field).toBe('withdrawnAt');
  });

  it('refuses to guess when the age at the incident is unknown', () => {
    expect(refusal(() => validateConsent(buildConsent(), { id: ids.survivor, ageAtIncident: null }))).toMatchObject({ code: 'consent.age_unknown', field: 'ageAtIncident' });
  });
});

describe('validateConsent: children (CHD-1)', () => {
  it('accepts a caregiver with the child\'s assent', () => {
    expect(validateConsent(buildConsent({ givenBy: 'caregiver', childAssent: 'given' }), child(9)).givenBy).toBe('caregiver');
    expect(validateConsent(buildConsent({ givenBy: 'caregiver', childAssent: 'given' }), child(17)).childAssent).toBe('given');
  });

  it('accepts a caregiver alone for a child too young to assent (under 6), not older', () => {
    expect(validateConsent(buildConsent({ givenBy: 'caregiver', childAssent: 'unable' }), child(5)).childAssent).toBe('unable');
    expect(refusal(() => validateConsent(buildConsent({ givenBy: 'caregiver', childAssent: 'unable' }), child(6))).code).toBe('consent.assent_required');
  });

  it('refuses a caregiver without assent, or against the child\'s refusal', () => {
    expect(refusal(() => validateConsent(buildConsent({ givenBy: 'caregiver' }), child(12)))).toMatchObject({ code: 'consent.assent_required', field: 'childAssent' });
    expect(refusal(() => validateConsent(buildConsent({ givenBy: 'caregiver', childAssent: 'refused' }), child(12))).code).toBe('consent.assent_refused');
  });

  it('accepts the child alone with a recorded reason why the guardian was not asked', () => {
    for (const reason of ['suspected_perpetrator', 'unaccompanied_or_separated', 'not_in_best_interest'] as const) {
      expect(validateConsent(buildConsent({ guardianNotAskedReason: reason }), child(13)).guardianNotAskedReason).toBe(reason);
    }
    expect(validateConsent(buildConsent({ guardianNotAskedReason: 'mature_adolescent' }), child(15)).givenBy).toBe('survivor');
  });

  it('refuses the child alone without a reason, as a "mature adolescent" under 15, or with an assent', () => {
    expect(refusal(() => validateConsent(buildConsent(), child(16)))).toMatchObject({ code: 'consent.guardian_reason_required', field: 'guardianNotAskedReason' });
    expect(refusal(() => validateConsent(buildConsent({ guardianNotAskedReason: 'mature_adolescent' }), child(14))).code).toBe('consent.not_mature_adolescent');
    expect(refusal(() => validateConsent(buildConsent({ guardianNotAskedReason: 'suspected_perpetrator', childAssent: 'given' }), child(14))).field).toBe('childAssent');
  });

  it('a caregiver may also record why the parent was not asked (another trusted adult)', () => {
    expect(validateConsent(buildConsent({ givenBy: 'caregiver', childAssent: 'given', guardianNotAskedReason: 'suspected_perpetrator' }), child(10)).givenBy).toBe('caregiver');
  });
});

describe('withdrawConsent (CON-4)', () => {
  it('records the instant and who recorded it', () => {
    const withdrawn = withdrawConsent(buildConsent(), new Date('2024-05-02T10:00:00Z'), ids.worker);
    expect(withdrawn).toMatchObject({ withdrawnAt: '2024-05-02T10:00:00.000Z', withdrawalRecordedBy: ids.worker });
    expect(validateConsent(withdrawn, adult).withdrawnAt).toBe('2024-05-02T10:00:00.000Z');
  });
  it('refuses a second withdrawal and one before the consent was given', () => {
    const withdrawn = withdrawConsent(buildConsent(), new Date('2024-05-02T10:00:00Z'), ids.worker);
    expect(refusal(() => withdrawConsent(withdrawn, new Date('2024-05-03T10:00:00Z'), ids.worker)).category).toBe('conflict');
    expect(refusal(() => withdrawConsent(buildConsent(), new Date('2024-04-02T10:00:00Z'), ids.worker)).code).toBe('consent.withdrawn_before_given');
  });
});
