import { describe, expect, it } from 'vitest';
import { DEFAULT_VOCABULARIES, VOCABULARY_NAMES, vocabularyLabel } from './vocabularies';

describe('default vocabularies', () => {
  it('are the four lists, each with unique snake_case ids and a label in en, fr and ar', () => {
    expect(VOCABULARY_NAMES).toEqual(['sex', 'disability', 'displacementStatus', 'maritalStatus']);
    for (const name of VOCABULARY_NAMES) {
      const entries = DEFAULT_VOCABULARIES[name];
      expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
      for (const e of entries) {
        expect(e.id).toMatch(/^[a-z][a-z_]*$/);
        expect(e.labels.en.trim()).not.toBe('');
        expect(e.labels.fr.trim()).not.toBe('');
        expect(e.labels.ar).toMatch(/[\u0600-\u06FF]/);
      }
    }
  });

  it('include the displacement statuses of the GBVIMS', () => {
    expect(DEFAULT_VOCABULARIES.displacementStatus.map((e) => e.id)).toEqual(
      expect.arrayContaining(['resident', 'idp', 'refugee', 'returnee', 'stateless_person', 'asylum_seeker']),
    );
  });

  it('label an id in the language asked, English otherwise, and the id when the list lacks it', () => {
    expect(vocabularyLabel(DEFAULT_VOCABULARIES.displacementStatus, 'idp', 'fr-CD')).toBe('Personne déplacée interne (PDI)');
    expect(vocabularyLabel(DEFAULT_VOCABULARIES.sex, 'female', 'ar')).toBe('أنثى');
    expect(vocabularyLabel(DEFAULT_VOCABULARIES.sex, 'female', 'sw')).toBe('Female');
    expect(vocabularyLabel(DEFAULT_VOCABULARIES.maritalStatus, 'retired_value', 'en')).toBe('retired_value');
  });
});
