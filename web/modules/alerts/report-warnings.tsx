/**
 * The live warning under an alert's free text: where it looks like it names someone or gives
 * a phone number (core detectIdentifyingText, the same check the server runs). Alerts never
 * carry a survivor's identity (DESIGN capability 3, privacy; SECURITY MIN-1): the reporter is
 * told, not stopped, because a place or a group may look like a name.
 *
 * testids: report-text-warning, report-text-warning-<reason>
 */
import { useMemo } from 'react';
import { detectIdentifyingText, type IdentifyingTextReason } from '../../../core/alerts/free-text';
import { useI18n } from '../../app/i18n';
import { Alert } from '../../ui/alert';

/** The warnings of a text, one per reason and excerpt, in reading order. */
export function useIdentifyingWarnings(text: string) {
  return useMemo(() => {
    const seen = new Set<string>();
    return detectIdentifyingText(text)
      .sort((a, b) => a.index - b.index)
      .map((w) => ({ reason: w.reason, excerpt: text.slice(w.index, w.index + w.length) }))
      .filter((w) => {
        const key = `${w.reason}:${w.excerpt}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  }, [text]);
}

export function IdentifyingTextWarning({ warnings }: { warnings: readonly { reason: IdentifyingTextReason; excerpt: string }[] }) {
  const { t } = useI18n();
  if (warnings.length === 0) return null;
  return (
    <Alert tone="warning" title={t('alertAdmin.report.warningTitle')} testId="report-text-warning">
      <ul className="aa-warnings">
        {warnings.map((w) => (
          <li key={`${w.reason}:${w.excerpt}`} data-testid={`report-text-warning-${w.reason}`}>
            {t(`alertAdmin.report.warning.${w.reason}`)}{' '}
            <q className="aa-excerpt"><bdi>{w.excerpt}</bdi></q>
          </li>
        ))}
      </ul>
      <p>{t('alertAdmin.report.warningAdvice')}</p>
    </Alert>
  );
}
