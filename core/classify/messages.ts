/**
 * The classification's own small catalog (en, fr, ar), so the guided UI can show the
 * questions before these keys move into core/i18n. Placeholder-free plain text.
 */
import { classifyAr } from './messages-ar';
import { classifyEn, type ClassifyMessageKey } from './messages-en';
import { classifyFr } from './messages-fr';

export type { ClassifyMessageKey };
export const CLASSIFY_LANGUAGES = ['en', 'fr', 'ar'] as const;
export type ClassifyLanguage = (typeof CLASSIFY_LANGUAGES)[number];

export const CLASSIFY_MESSAGES: Record<ClassifyLanguage, Record<ClassifyMessageKey, string>> = {
  en: classifyEn,
  fr: classifyFr,
  ar: classifyAr,
};

/** The text of key in lang ('fr-CD' reads as 'fr'); English for a language this catalog lacks. */
export function classifyText(lang: string, key: ClassifyMessageKey): string {
  const primary = lang.toLowerCase().split(/[-_]/)[0] ?? '';
  const catalog = (CLASSIFY_LANGUAGES as readonly string[]).includes(primary) ? CLASSIFY_MESSAGES[primary as ClassifyLanguage] : classifyEn;
  return catalog[key];
}
