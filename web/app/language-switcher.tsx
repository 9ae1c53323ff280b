import { useId } from 'react';
import { LANGUAGE_NAMES, resolveLanguage } from '../../core/i18n';
import { useI18n } from './i18n';

/** Each language listed in its own name and script, so anyone finds theirs. */
export function LanguageSwitcher() {
  const { lang, languages, chooseLanguage, t } = useI18n();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select
        id={id}
        value={lang}
        data-testid="language-switcher"
        onChange={(event) => {
          const next = resolveLanguage(event.target.value);
          if (next) chooseLanguage(next);
        }}
      >
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
