import { describe, expect, it } from 'vitest';
import { CRSV_ACTS } from './acts';
import { ABDUCTION_TYPES, INCIDENT_CONTEXTS, PERPETRATOR_CATEGORIES, PERPETRATOR_RELATIONSHIPS } from './contexts';
import { GBV_TYPES } from './gbv-types';
import { CLASSIFY_LANGUAGES, CLASSIFY_MESSAGES, classifyText, type ClassifyMessageKey } from './messages';
import { CLASSIFICATION_QUESTIONS } from './questions';

describe('classify catalog', () => {
  const keys = Object.keys(CLASSIFY_MESSAGES.en) as ClassifyMessageKey[];

  it('has every key in every language, non-empty and not left in English (except proper names)', () => {
    for (const lang of CLASSIFY_LANGUAGES) {
      expect(Object.keys(CLASSIFY_MESSAGES[lang]).sort()).toEqual([...keys].sort());
      for (const key of keys) expect(CLASSIFY_MESSAGES[lang][key].trim()).not.toBe('');
    }
    for (const key of keys.filter((k) => k.startsWith('classify.question.'))) {
      expect(CLASSIFY_MESSAGES.fr[key]).not.toBe(CLASSIFY_MESSAGES.en[key]);
      expect(CLASSIFY_MESSAGES.ar[key]).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it('has a text for every question, type, act, context and list value', () => {
    const needed = [
      ...CLASSIFICATION_QUESTIONS.map((q) => q.textKey),
      ...GBV_TYPES.map((t) => `classify.type.${t}`),
      ...CRSV_ACTS.map((a) => a.labelKey),
      ...INCIDENT_CONTEXTS.map((c) => `classify.context.${c}`),
      ...PERPETRATOR_RELATIONSHIPS.map((r) => `classify.relationship.${r}`),
      ...PERPETRATOR_CATEGORIES.map((c) => `classify.perpetratorCategory.${c}`),
      ...ABDUCTION_TYPES.map((a) => `classify.abduction.${a}`),
    ];
    for (const key of needed) expect(keys).toContain(key);
  });

  it('picks the language by its primary tag and falls back to English', () => {
    expect(classifyText('fr-CD', 'classify.type.rape')).toBe('Viol');
    expect(classifyText('ar', 'classify.answer.yes')).toBe('نعم');
    expect(classifyText('sw', 'classify.type.sexual_assault')).toBe('Sexual assault');
  });
});
