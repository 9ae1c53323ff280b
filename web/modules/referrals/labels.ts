/** Labels of vocabulary ids from core (survivor profile, GBVIMS place types, acts, age groups). */
import { classifyText, type ClassifyMessageKey } from '../../../core/classify/messages';
import { incidentLabel, PLACE_TYPES, vocabularyLanguage } from '../../../core/gbvims/vocabularies';
import { AGE_GROUP_LABELS, type AgeGroup } from '../../../core/survivors/age';
import { DEFAULT_VOCABULARIES } from '../../../core/survivors/vocabularies';

const primary = (lang: string) => (lang === 'fr' || lang === 'ar' ? lang : 'en');

export function profileLabel(list: keyof typeof DEFAULT_VOCABULARIES, id: string | null, lang: string): string {
  if (!id) return '—';
  const entry = (DEFAULT_VOCABULARIES[list] as readonly { id: string; labels: Record<'en' | 'fr' | 'ar', string> }[]).find((e) => e.id === id);
  return entry ? entry.labels[primary(lang)] : id;
}

export function ageGroupLabel(id: string | null, lang: string): string {
  if (!id) return '—';
  return AGE_GROUP_LABELS[primary(lang)][id as AgeGroup] ?? id;
}

export function placeTypeLabel(id: string | null, lang: string): string {
  if (!id) return '—';
  return incidentLabel(PLACE_TYPES, id, vocabularyLanguage(lang));
}

export const actLabel = (id: string, lang: string) => classifyText(lang, `classify.act.${id}` as ClassifyMessageKey) ?? id;
