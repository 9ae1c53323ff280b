/**
 * Words for the alert vocabularies shared by the tasks, report, map and figures pages:
 * states, severities (colour repeats the word, never replaces it), categories, task statuses,
 * outcomes and the mission components a task may go to.
 */
import { isMessageKey } from '../../../core/i18n';
import { useI18n, type Translate } from '../../app/i18n';

export const categoryLabel = (category: string, t: Translate): string => {
  const key = `alertAdmin.category.${category}`;
  return isMessageKey(key) ? t(key) : category;
};

export const stateLabel = (state: string, t: Translate): string => {
  const key = `alertAdmin.state.${state}`;
  return isMessageKey(key) ? t(key) : state;
};

export const severityLabel = (severity: string | null, t: Translate): string => {
  const key = `alertAdmin.severity.${severity ?? 'none'}`;
  return isMessageKey(key) ? t(key) : (severity ?? '');
};

export const taskStatusLabel = (status: string, t: Translate): string => {
  const key = `alertAdmin.task.status.${status}`;
  return isMessageKey(key) ? t(key) : status;
};

export const outcomeLabel = (outcome: string, t: Translate): string => {
  const key = `alertAdmin.task.outcome.${outcome}`;
  return isMessageKey(key) ? t(key) : outcome;
};

export const componentLabel = (component: string, t: Translate): string => {
  const key = `alertAdmin.component.${component}`;
  return isMessageKey(key) ? t(key) : component;
};

export function StateTag({ state }: { state: string }) {
  const { t } = useI18n();
  return <span className={`tag aa-state aa-state--${state}`}>{stateLabel(state, t)}</span>;
}

export function SeverityTag({ severity }: { severity: string | null }) {
  const { t } = useI18n();
  return (
    <span className={`tag aa-severity aa-severity--${severity ?? 'none'}`}>
      <span className="aa-severity__mark" aria-hidden="true" />
      {severityLabel(severity, t)}
    </span>
  );
}
