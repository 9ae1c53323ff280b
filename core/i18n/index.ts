/**
 * Weft's messages in every interface language, and the functions that pick one.
 * Pure TypeScript, no DOM and no I/O: shared by the browser app and the server.
 */
import { CATALOGS, UI_LANGUAGES, type UiLanguage } from './catalogs';
import { en, type MessageKey } from './keys';

export { CATALOGS, UI_LANGUAGES, en };
export type { MessageKey, UiLanguage };
export type MessageParams = Record<string, string | number>;

/** A key prefix with both `.one` and `.other` messages: a count chooses between them. */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never;
}[MessageKey];

/** Each language's name in that language: a language switcher shows these, never translated. */
export const LANGUAGE_NAMES: Record<UiLanguage, string> = {
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
  es: 'Español',
  uk: 'Українська',
  sw: 'Kiswahili',
};

const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ps', 'ur', 'yi']);

/** 'rtl' for languages written right to left (Arabic), 'ltr' otherwise. */
export function directionOf(lang: string): 'rtl' | 'ltr' {
  const primary = lang.toLowerCase().split(/[-_]/)[0] ?? '';
  return RIGHT_TO_LEFT.has(primary) ? 'rtl' : 'ltr';
}

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/** Maps a language tag such as 'fr-CD' to an interface language, or null when Weft has none. */
export function resolveLanguage(tag: string | null | undefined): UiLanguage | null {
  if (!tag) return null;
  const primary = tag.toLowerCase().split(/[-_]/)[0];
  return isUiLanguage(primary) ? primary : null;
}

/** True for a key of the English catalog; use it before translating a key built at run time. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** The names of the {placeholders} in a message, in order of appearance. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}

/**
 * The message for key in lang, English when lang lacks it, with {name} replaced by
 * params.name. A placeholder without a value stays visible, so a gap shows in review.
 */
export function translate(lang: string, key: MessageKey, params?: MessageParams): string {
  const catalog = CATALOGS[resolveLanguage(lang) ?? 'en'];
  const message = catalog[key] ?? en[key];
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * 'one' or 'other' for count in lang (Intl.PluralRules). Catalogs hold only these two forms;
 * Arabic's other categories (two, few, many) use an 'other' message phrased to read well
 * with any number.
 */
export function pluralCategory(lang: string, count: number): 'one' | 'other' {
  try {
    return new Intl.PluralRules(resolveLanguage(lang) ?? 'en').select(count) === 'one' ? 'one' : 'other';
  } catch {
    return count === 1 ? 'one' : 'other';
  }
}

/** The `.one` or `.other` message of base for count, with {count} filled in. */
export function translatePlural(lang: string, base: PluralBase, count: number, params?: MessageParams): string {
  return translate(lang, `${base}.${pluralCategory(lang, count)}` as MessageKey, { count, ...params });
}
