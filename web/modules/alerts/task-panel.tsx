/**
 * The response tasks of an alert: who was asked to do what by when, where each stands, and
 * the moves core/alerts/response.ts allows (accept, start, done with an outcome, cancel).
 * The first task done stops the alert's "time to respond" clock on the server.
 *
 * testids: task-panel, task-new, alert-task-<id> (data-status), alert-task-<id>-accept,
 * alert-task-<id>-start, alert-task-<id>-done, alert-task-<id>-outcome, alert-task-<id>-note,
 * alert-task-<id>-save-done, alert-task-<id>-cancel, alert-task-<id>-outcome-text
 * (and those of task-form.tsx)
 */
import { useState } from 'react';
import { canMoveTask, TASK_OUTCOMES, type TaskOutcome, type TaskStatus } from '../../../core/alerts/response';
import type { TaskView } from '../../../core/schemas/alert-response';
import type { OrganisationView } from '../../../core/schemas/organisations';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { SelectField } from '../../ui/field';
import { TextAreaField } from '../../ui/text-area';
import { formatDuration } from './alert-labels';
import { updateAlertTask, type Assignee } from './api';
import { TaskForm } from './task-form';

/** States in which an alert may be given tasks (the server refuses others with 409). */
const TASKABLE = ['acknowledged', 'verifying', 'verified'];

export interface TaskPanelProps {
  alertId: string;
  alertState: string;
  tasks: readonly TaskView[];
  organisations: readonly OrganisationView[];
  officers: readonly Assignee[];
  ownOrganisationId: string | null;
  now: number;
  onChanged: () => void;
}

export function TaskPanel({ alertId, alertState, tasks, organisations, officers, ownOrganisationId, now, onChanged }: TaskPanelProps) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<TaskView | null>(null);
  const taskable = TASKABLE.includes(alertState);
  return (
    <section className="panel" aria-labelledby="task-panel-title" data-testid="task-panel">
      <h2 id="task-panel-title">{t('task.title')}</h2>
      {created?.warnings?.length ? <Alert tone="warning">{t('task.warnings')}</Alert> : null}
      {tasks.length === 0 ? <p className="muted">{t('task.empty')}</p> : null}
      <ul className="task-list">
        {tasks.map((task) => (
          <TaskCard key={task.id} task={task} organisations={organisations} officers={officers} now={now} onChanged={onChanged} />
        ))}
      </ul>
      {adding ? (
        <TaskForm
          alertId={alertId}
          organisations={organisations}
          officers={officers}
          ownOrganisationId={ownOrganisationId}
          onCreated={(task) => {
            setCreated(task);
            setAdding(false);
            onChanged();
          }}
          onCancel={() => setAdding(false)}
        />
      ) : taskable ? (
        <div className="button-row task-form">
          <Button variant="primary" onClick={() => setAdding(true)} testId="task-new">
            {t('task.new')}
          </Button>
        </div>
      ) : (
        <p className="muted">{t('task.form.notNow')}</p>
      )}
    </section>
  );
}

interface TaskCardProps {
  task: TaskView;
  organisations: readonly OrganisationView[];
  officers: readonly Assignee[];
  now: number;
  onChanged: () => void;
}

function TaskCard({ task, organisations, officers, now, onChanged }: TaskCardProps) {
  const { t, lang } = useI18n();
  const [finishing, setFinishing] = useState(false);
  const [outcome, setOutcome] = useState<TaskOutcome>(TASK_OUTCOMES[0]);
  const [note, setNote] = useState('');
  const move = useAction(async (status: TaskStatus, extra: { outcome?: TaskOutcome; outcomeNote?: string } = {}) => {
    await updateAlertTask(task.id, { version: task.version, status, ...extra });
    setFinishing(false);
    onChanged();
  });
  const can = (to: TaskStatus) => canMoveTask(task.status, to);
  const overdueMs = now - Date.parse(task.dueAt);
  const overdue = (task.status === 'open' || task.status === 'accepted' || task.status === 'in_progress') && overdueMs > 0;
  const who = task.assignee.organisationId
    ? (organisations.find((o) => o.id === task.assignee.organisationId)?.name ?? '—')
    : task.assignee.component
      ? t(`task.component.${task.assignee.component}`)
      : (officers.find((p) => p.id === task.assignee.userId)?.displayName ?? t('alerts.someone'));
  const id = `alert-task-${task.id}`;
  return (
    <li className={`task-card task-card--${overdue ? 'overdue' : task.status}`} data-testid={id} data-status={task.status}>
      <h3 dir="auto">{task.title}</h3>
      <p>
        <span className={`tag${task.status === 'done' ? ' tag--ok' : ''}`}>{t(`task.status.${task.status}`)}</span>
        {overdue ? <span className="tag tag--overdue">{t('task.overdue', { late: formatDuration(overdueMs, lang, t) })}</span> : null}
      </p>
      <p>{t('task.assignedTo', { who })}</p>
      <p className="muted">{t('task.due', { when: formatDateTime(lang, task.dueAt) })}</p>
      {task.instructions ? <p className="quote" dir="auto">{task.instructions}</p> : null}
      {task.outcome ? (
        <p data-testid={`${id}-outcome-text`}>
          {t('task.outcomeIs', { outcome: t(`task.outcome.${task.outcome}`) })}
          {task.outcomeNote ? <span dir="auto"> — {task.outcomeNote}</span> : null}
        </p>
      ) : null}
      {move.error ? <Alert tone="error">{describeError(move.error, t)}</Alert> : null}
      {finishing ? (
        <div className="form">
          <SelectField
            label={t('task.outcome')}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as TaskOutcome)}
            options={TASK_OUTCOMES.map((o) => ({ value: o, label: t(`task.outcome.${o}`) }))}
            testId={`${id}-outcome`}
          />
          <TextAreaField label={t('task.outcomeNote')} hint={t('task.outcomeNoteHint')} optional maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} testId={`${id}-note`} />
          <div className="button-row">
            <Button variant="primary" busy={move.busy} onClick={() => void move.run('done', { outcome, ...(note.trim() ? { outcomeNote: note.trim() } : {}) })} testId={`${id}-save-done`}>
              {t('task.saveDone')}
            </Button>
            <Button onClick={() => setFinishing(false)}>{t('common.cancel')}</Button>
          </div>
        </div>
      ) : (
        <div className="button-row">
          {can('accepted') && task.status === 'open' ? <Button busy={move.busy} onClick={() => void move.run('accepted')} testId={`${id}-accept`}>{t('task.accept')}</Button> : null}
          {can('in_progress') && task.status !== 'in_progress' ? <Button busy={move.busy} onClick={() => void move.run('in_progress')} testId={`${id}-start`}>{t('task.start')}</Button> : null}
          {can('done') ? <Button variant="primary" onClick={() => setFinishing(true)} testId={`${id}-done`}>{t('task.done')}</Button> : null}
          {can('cancelled') ? <ConfirmButton variant="quiet" label={t('task.cancel')} question={t('task.cancelConfirm')} onConfirm={() => move.run('cancelled')} testId={`${id}-cancel`} /> : null}
        </div>
      )}
    </li>
  );
}
