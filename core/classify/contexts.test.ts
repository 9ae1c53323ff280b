import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { deriveIncidentContexts, type ContextInput } from './contexts';

const contexts = (input: ContextInput) => deriveIncidentContexts(input).map((c) => c.context);
const adult = { survivorAgeAtIncident: 30 };

describe('deriveIncidentContexts', () => {
  it('raises nothing for a plain adult incident', () => {
    expect(deriveIncidentContexts({ type: 'rape', ...adult, perpetrators: [{ relationship: 'no_relation', category: 'civilian' }] })).toEqual([]);
  });

  it('raises nothing for a non-GBV incident, whatever the other fields say', () => {
    expect(contexts({ type: 'non-gbv', survivorAgeAtIncident: 10, perpetrators: [{ relationship: 'intimate_partner_former_partner', category: 'peacekeeper' }], acts: ['sexual_slavery'] })).toEqual([]);
  });

  describe('intimate partner violence', () => {
    it('from an intimate or former partner, for any GBV type', () => {
      for (const type of ['rape', 'physical_assault', 'psychological_emotional_abuse'] as const) {
        expect(deriveIncidentContexts({ type, ...adult, perpetrators: [{ relationship: 'other' }, { relationship: 'intimate_partner_former_partner' }] })).toEqual([
          { context: 'intimate_partner_violence', reasons: ['relationship:intimate_partner_former_partner'] },
        ]);
      }
    });
    it('not from other relationships', () => {
      expect(contexts({ type: 'physical_assault', ...adult, perpetrators: [{ relationship: 'family_other' }, { relationship: 'primary_caregiver' }] })).toEqual([]);
    });
  });

  describe('child sexual abuse (CHD-1: under 18 at the incident)', () => {
    it.each([0, 11, 17])('rape or sexual assault at %i', (age) => {
      expect(deriveIncidentContexts({ type: 'rape', survivorAgeAtIncident: age })).toEqual([{ context: 'child_sexual_abuse', reasons: ['type:rape', 'age_under_18'] }]);
      expect(contexts({ type: 'sexual_assault', survivorAgeAtIncident: age })).toEqual(['child_sexual_abuse']);
    });
    it('not at 18, not with an unknown age, not for a non-sexual type', () => {
      expect(contexts({ type: 'rape', survivorAgeAtIncident: 18 })).toEqual([]);
      expect(contexts({ type: 'rape', survivorAgeAtIncident: null })).toEqual([]);
      expect(contexts({ type: 'physical_assault', survivorAgeAtIncident: 9 })).toEqual([]);
    });
    it('refuses an impossible age', () => {
      expect(() => contexts({ type: 'rape', survivorAgeAtIncident: -1 })).toThrow(DomainError);
      expect(() => contexts({ type: 'rape', survivorAgeAtIncident: 12.5 })).toThrow(DomainError);
    });
  });

  describe('early marriage', () => {
    it('forced marriage under 18', () => {
      expect(deriveIncidentContexts({ type: 'forced_marriage', survivorAgeAtIncident: 14 })).toEqual([{ context: 'early_marriage', reasons: ['type:forced_marriage', 'age_under_18'] }]);
    });
    it('not for an adult, and not for another type of a child', () => {
      expect(contexts({ type: 'forced_marriage', survivorAgeAtIncident: 18 })).toEqual([]);
      expect(contexts({ type: 'denial_of_resources_opportunities_or_services', survivorAgeAtIncident: 14 })).toEqual([]);
    });
  });

  describe('possible sexual exploitation', () => {
    it('rape or sexual assault with something exchanged', () => {
      expect(deriveIncidentContexts({ type: 'sexual_assault', ...adult, goodsOrMoneyExchanged: true })).toEqual([
        { context: 'possible_sexual_exploitation', reasons: ['type:sexual_assault', 'exchange'] },
      ]);
    });
    it('a recorded act of forced prostitution', () => {
      expect(contexts({ type: 'rape', ...adult, acts: ['rape', 'forced_prostitution'] })).toEqual(['possible_sexual_exploitation']);
    });
    it('not an exchange without sexual violence (a bride price in a forced marriage)', () => {
      expect(contexts({ type: 'forced_marriage', ...adult, goodsOrMoneyExchanged: true })).toEqual([]);
      expect(contexts({ type: 'rape', ...adult, goodsOrMoneyExchanged: false })).toEqual([]);
    });
  });

  describe('sexual exploitation and abuse (SEA)', () => {
    it.each(['peacekeeper', 'humanitarian_worker'] as const)('sexual violence by a %s, without any exchange', (category) => {
      expect(deriveIncidentContexts({ type: 'rape', ...adult, perpetrators: [{ category }] })).toEqual([
        { context: 'sexual_exploitation_and_abuse', reasons: [`perpetrator:${category}`, 'type:rape'] },
      ]);
    });
    it('with an exchange: both exploitation and SEA', () => {
      expect(contexts({ type: 'sexual_assault', ...adult, goodsOrMoneyExchanged: true, perpetrators: [{ category: 'peacekeeper' }] })).toEqual([
        'possible_sexual_exploitation',
        'sexual_exploitation_and_abuse',
      ]);
    });
    it('a recorded act counts as sexual violence even when the type is not sexual', () => {
      expect(deriveIncidentContexts({ type: 'psychological_emotional_abuse', ...adult, acts: ['forced_nudity'], perpetrators: [{ category: 'humanitarian_worker' }] })).toEqual([
        { context: 'sexual_exploitation_and_abuse', reasons: ['perpetrator:humanitarian_worker', 'act:forced_nudity'] },
      ]);
    });
    it('not for other perpetrators, nor for non-sexual violence by a peacekeeper', () => {
      expect(contexts({ type: 'rape', ...adult, perpetrators: [{ category: 'state_forces' }, { category: 'non_state_armed_group' }] })).toEqual([]);
      expect(contexts({ type: 'physical_assault', ...adult, perpetrators: [{ category: 'peacekeeper' }] })).toEqual([]);
    });
  });

  describe('possible sexual slavery (the CRSV form)', () => {
    it.each(['forced_conscription', 'trafficked', 'other_abduction_kidnapping'] as const)('sexual violence with abduction: %s', (abduction) => {
      expect(deriveIncidentContexts({ type: 'rape', ...adult, abduction })).toEqual([{ context: 'possible_sexual_slavery', reasons: [`abduction:${abduction}`, 'type:rape'] }]);
    });
    it('sexual violence in captivity', () => {
      expect(deriveIncidentContexts({ type: 'sexual_assault', ...adult, heldInCaptivity: true })).toEqual([
        { context: 'possible_sexual_slavery', reasons: ['captivity', 'type:sexual_assault'] },
      ]);
    });
    it('a recorded act of sexual slavery, with or without abduction', () => {
      expect(deriveIncidentContexts({ type: 'sexual_assault', ...adult, acts: ['sexual_slavery'] })).toEqual([
        { context: 'possible_sexual_slavery', reasons: ['act:sexual_slavery'] },
      ]);
      expect(deriveIncidentContexts({ type: 'rape', ...adult, abduction: 'trafficked', acts: ['rape', 'sexual_slavery'] })[0]!.reasons).toEqual([
        'abduction:trafficked',
        'type:rape',
        'act:rape',
        'act:sexual_slavery',
      ]);
    });
    it('not an abduction without sexual violence, nor none/unknown abduction', () => {
      expect(contexts({ type: 'physical_assault', ...adult, abduction: 'other_abduction_kidnapping', heldInCaptivity: true })).toEqual([]);
      expect(contexts({ type: 'rape', ...adult, abduction: 'none' })).toEqual([]);
      expect(contexts({ type: 'rape', ...adult, abduction: 'unknown', heldInCaptivity: false })).toEqual([]);
    });
  });

  it('raises several contexts at once, in a fixed order', () => {
    expect(
      contexts({
        type: 'rape',
        survivorAgeAtIncident: 15,
        perpetrators: [{ relationship: 'intimate_partner_former_partner', category: 'peacekeeper' }],
        goodsOrMoneyExchanged: true,
        abduction: 'trafficked',
      }),
    ).toEqual(['intimate_partner_violence', 'child_sexual_abuse', 'possible_sexual_exploitation', 'sexual_exploitation_and_abuse', 'possible_sexual_slavery']);
  });
});
