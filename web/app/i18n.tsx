/**
 * The interface language: the one this device last chose (kept in localStorage: the
 * language only, nothing sensitive, DEV-1), else the signed-in user's language, else
 * the browser's, else English. Sets <html lang dir> so right-to-left layout follows.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  UI_LANGUAGES,
  directionOf,
  resolveLanguage,
  translate,
  translatePlural,
  type MessageKey,
  type PluralBase,
  type MessageParams,
  type UiLanguage,
} from '../../core/i18n';

const STORAGE_KEY = 'weft.language';

export type Translate = (key: MessageKey, params?: MessageParams) => string;
/** A count's message: `${base}.one` or `${base}.other` as the language's plural rules say. */
export type TranslatePlural = (base: PluralBase, count: number, params?: MessageParams) => string;

interface I18nValue {
  lang: UiLanguage;
  t: Translate;
  tp: TranslatePlural;
  /** Languages offered in the switcher (those the server enables, among those Weft has). */
  languages: readonly UiLanguage[];
  /** A choice made by the person: remembered on this device. */
  chooseLanguage: (lang: UiLanguage) => void;
  /** A default from the session: applies only when this device has no remembered choice. */
  adoptDefaultLanguage: (lang: string) => void;
  setEnabledLanguages: (languages: readonly string[]) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

function readStoredLanguage(): UiLanguage | null {
  try {
    return resolveLanguage(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null; // storage may be blocked (private mode, policy): the choice is then not remembered
  }
}

function storeLanguage(lang: UiLanguage): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered; nothing else to do
  }
}

function browserLanguage(): UiLanguage | null {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lang = resolveLanguage(tag);
    if (lang) return lang;
  }
  return null;
}

/** Applies a language to the document: lang and dir on <html>. The title stays 'Weft' (DEV-2). */
function applyToDocument(lang: UiLanguage): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = directionOf(lang);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<UiLanguage>(() => readStoredLanguage() ?? browserLanguage() ?? 'en');
  const [enabled, setEnabled] = useState<readonly UiLanguage[]>(UI_LANGUAGES);

  useEffect(() => applyToDocument(lang), [lang]);

  const chooseLanguage = useCallback((next: UiLanguage) => {
    storeLanguage(next);
    setLang(next);
  }, []);

  const adoptDefaultLanguage = useCallback((tag: string) => {
    const next = resolveLanguage(tag);
    if (next && !readStoredLanguage()) setLang(next);
  }, []);

  const setEnabledLanguages = useCallback((tags: readonly string[]) => {
    const known = UI_LANGUAGES.filter((code) => tags.includes(code));
    if (known.length > 0) setEnabled(known);
  }, []);

  const value = useMemo<I18nValue>(
    () => ({
      lang,
      t: (key, params) => translate(lang, key, params),
      tp: (base, count, params) => translatePlural(lang, base, count, params),
      languages: enabled.includes(lang) ? enabled : [...enabled, lang],
      chooseLanguage,
      adoptDefaultLanguage,
      setEnabledLanguages,
    }),
    [lang, enabled, chooseLanguage, adoptDefaultLanguage, setEnabledLanguages],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

/** The translate function of the current language. */
export const useT = (): Translate => useI18n().t;
