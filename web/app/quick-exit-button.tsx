import { useT } from './i18n';
import { quickExit } from './quick-exit';

/** DEV-2: always on screen, at the top inline-end corner, on every page including sign-in. */
export function QuickExitButton() {
  const t = useT();
  return (
    <>
      <button
        type="button"
        className="quick-exit"
        onClick={quickExit}
        title={t('quickExit.hint')}
        aria-describedby="quick-exit-hint"
        data-testid="quick-exit"
      >
        {t('quickExit.label')}
      </button>
      <span id="quick-exit-hint" hidden>
        {t('quickExit.hint')}
      </span>
    </>
  );
}
