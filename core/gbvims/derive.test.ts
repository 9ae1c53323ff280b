import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { deriveIncident, type DerivationInput } from './derive';

const base: DerivationInput = {
  classificationAnswers: { penetration: 'yes' },
  acts: [],
  survivorAgeAtIncident: 30,
  perpetratorRelationship: null,
  perpetratorCategory: null,
  goodsMoneyExchanged: null,
  abductionType: null,
  conflictContexts: [],
};

describe('deriveIncident', () => {
  it('CRSV: sexual violence by a party to the conflict or in a conflict event', () => {
    expect(deriveIncident({ ...base, perpetratorCategory: 'state_forces' }).isCrsv).toBe(true);
    expect(deriveIncident({ ...base, conflictContexts: ['attack_on_village'] }).isCrsv).toBe(true);
    expect(deriveIncident({ ...base, perpetratorCategory: 'civilian' }).isCrsv).toBe(false);
    const physical = { ...base, classificationAnswers: { penetration: 'no', sexual_contact: 'no', physical_violence: 'yes' } } as const;
    expect(deriveIncident({ ...physical, perpetratorCategory: 'state_forces' }).isCrsv).toBe(false);
    expect(deriveIncident({ ...physical, perpetratorCategory: 'state_forces', acts: ['forced_abortion'] }).isCrsv).toBe(true);
  });

  it('SEA: a peacekeeper or humanitarian worker as perpetrator', () => {
    expect(deriveIncident({ ...base, perpetratorCategory: 'peacekeeper' }).isSea).toBe(true);
    expect(deriveIncident({ ...base, perpetratorCategory: 'humanitarian_worker' }).isSea).toBe(true);
    expect(deriveIncident({ ...base, perpetratorCategory: 'non_state_armed_group' }).isSea).toBe(false);
  });

  it('detention or abduction counts as captivity for possible sexual slavery', () => {
    expect(deriveIncident({ ...base, conflictContexts: ['detention'] }).derivedContexts).toContain('possible_sexual_slavery');
    expect(deriveIncident({ ...base, conflictContexts: ['looting'] }).derivedContexts).not.toContain('possible_sexual_slavery');
  });

  it('age group and child flag at the incident (CHD-1)', () => {
    expect(deriveIncident({ ...base, survivorAgeAtIncident: 17 })).toMatchObject({ ageGroup: '12-17', isChild: true });
    expect(deriveIncident({ ...base, survivorAgeAtIncident: null })).toMatchObject({ ageGroup: 'unknown', isChild: null });
  });

  it('names the body field classificationAnswers.<question> when the answers are incomplete', () => {
    try {
      deriveIncident({ ...base, classificationAnswers: {} });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).field).toBe('classificationAnswers.penetration');
    }
  });
});
