/**
 * The survivor profile's vocabularies: core's defaults overlaid by the deployment's lists
 * (instance setting 'survivors.vocabularies'). Writes accept only ids of the configured lists.
 */
import { invalid } from '../../../core/errors';
import { survivorVocabularies, type SurvivorVocabularies, type UpdateSurvivorVocabulariesInput } from '../../../core/schemas/survivors';
import { DEFAULT_VOCABULARIES, VOCABULARY_NAMES } from '../../../core/survivors';
import type { Executor } from '../../db/database';
import * as store from './store';

export const VOCABULARIES_SETTING = 'survivors.vocabularies';

const defaults = (): SurvivorVocabularies =>
  Object.fromEntries(VOCABULARY_NAMES.map((name) => [name, DEFAULT_VOCABULARIES[name].map((e) => ({ id: e.id, labels: { ...e.labels } }))])) as SurvivorVocabularies;

/** The configured lists; a stored list that no longer parses falls back to the default. */
export async function loadVocabularies(ex: Executor): Promise<SurvivorVocabularies> {
  const stored = await store.readSetting(ex, VOCABULARIES_SETTING);
  const lists = defaults();
  if (stored && typeof stored === 'object') {
    for (const name of VOCABULARY_NAMES) {
      const parsed = survivorVocabularies.shape[name].safeParse((stored as Record<string, unknown>)[name]);
      if (parsed.success) lists[name] = parsed.data;
    }
  }
  return lists;
}

export async function saveVocabularies(ex: Executor, input: UpdateSurvivorVocabulariesInput): Promise<SurvivorVocabularies> {
  const overlay = Object.fromEntries(VOCABULARY_NAMES.flatMap((name) => (input[name] ? [[name, input[name]]] : [])));
  await store.writeSetting(ex, VOCABULARIES_SETTING, overlay);
  return loadVocabularies(ex);
}

type ProfileInput = { [K in (typeof VOCABULARY_NAMES)[number]]?: string | null | undefined };

/** 400 naming the field when a value is not an id of its configured list. */
export function checkVocabularies(lists: SurvivorVocabularies, input: ProfileInput): void {
  for (const name of VOCABULARY_NAMES) {
    const value = input[name];
    if (value === undefined || value === null) continue;
    if (!lists[name].some((e) => e.id === value)) {
      throw invalid('survivor.vocabulary', `body.${name} must be one of: ${lists[name].map((e) => e.id).join(', ')}.`, `body.${name}`);
    }
  }
}
