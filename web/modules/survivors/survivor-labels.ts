/**
 * Labels of the survivor profile and of consent, from core's vocabularies and the i18n
 * catalog, so a page never spells out a vocabulary itself.
 */
import { labelled } from '../../app/format';
import type { ConsentView } from '../../../core/schemas/consents';
import type { SurvivorVocabularies } from '../../../core/schemas/survivors';
import { AGE_GROUP_LABELS, DEFAULT_VOCABULARIES, vocabularyLabel, type AgeGroup, type VocabularyName } from '../../../core/survivors';
import { api } from '../../app/api';
import type { Translate } from '../../app/i18n';

/** The configured lists (GET /api/survivors/vocabularies); core's defaults until they arrive. */
export const loadVocabularies = (signal: AbortSignal) => api.get<SurvivorVocabularies>('/api/survivors/vocabularies', { signal });

export function profileLabel(lists: SurvivorVocabularies | undefined, name: VocabularyName, id: string | null | undefined, lang: string): string {
  if (!id) return '';
  return vocabularyLabel(lists?.[name] ?? DEFAULT_VOCABULARIES[name], id, lang);
}

export function ageGroupLabel(group: string | null | undefined, lang: string): string {
  if (!group) return '';
  const labels = AGE_GROUP_LABELS[lang === 'fr' || lang === 'ar' ? lang : 'en'];
  return labels[group as AgeGroup] ?? group;
}

export function childLabel(isChild: boolean | null | undefined, t: Translate): string {
  if (isChild === true) return t('survivors.childYes');
  if (isChild === false) return t('survivors.childNo');
  return t('survivors.childUnknown');
}

/** One consent in a few words: purpose, and the recipient's name when it has one. */
export function consentLabel(consent: Pick<ConsentView, 'purpose' | 'recipientOrganisationId'>, t: Translate, organisationName: (id: string) => string, lang = 'en'): string {
  const purpose = t(`survivors.consent.purpose.${consent.purpose}`);
  return consent.recipientOrganisationId ? `${labelled(lang, purpose)}${organisationName(consent.recipientOrganisationId)}` : purpose;
}

/** The number of times a story was written, in plain words (ONCE-1). */
export function storyCount(count: number, t: Translate): string {
  if (count <= 0) return t('survivors.never');
  if (count === 1) return t('survivors.once');
  return t('survivors.times', { count });
}
