/**
 * One response task: what to do, by when (overdue said in words and marked), the alert at
 * area precision (reference, area, severity, what happened; never the text, the point or the
 * sender, DESIGN capability 3), and the moves the task allows next (core canMoveTask): accept,
 * start, done with an outcome and a note, or cancel (the organisation that gave it).
 *
 * testids: task-<id>, task-status-<id>, task-overdue-<id>, task-accept-<id>, task-start-<id>,
 * task-done-<id>, task-cancel-<id>, task-outcome-<id>, task-note-<id>, task-done-submit-<id>,
 * task-alert-link-<id>
 */
import { useState, type FormEvent } from 'react';
import { canMoveTask, TASK_OUTCOMES, type TaskOutcome, type TaskStatus } from '../../../core/alerts/response';
import type { TaskView, UpdateTaskInput } from '../../../core/schemas/alert-response';
import { describeError } from '../../app/errors';
import { formatDateTime, listFormat } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField } from '../../ui/field';
import { TextAreaField } from '../../ui/text-area';
import { updateTask } from './admin-api';
import { formatMinutes } from './figures-format';
import { useAreaNames } from './map-areas';
import { categoryLabel, componentLabel, outcomeLabel, SeverityTag, StateTag, taskStatusLabel } from './tasks-labels';

const MINUTE = 60_000;

export interface TaskCardProps {
  task: TaskView;
  now: number;
  organisationName: (id: string | null) => string;
  /** The viewer may open the alert itself (alerts.triage, own organisation's alert). */
  canOpenAlert: boolean;
  onChanged: (task: TaskView) => void;
}

function DueLine({ task, now }: { task: TaskView; now: number }) {
  const { t, lang } = useI18n();
  const due = Date.parse(task.dueAt);
  const open = task.status === 'open' || task.status === 'accepted' || task.status === 'in_progress';
  const late = open && due < now;
  return (
    <p className={late ? 'aa-due aa-due--late' : 'aa-due'}>
      {t('alertAdmin.task.due', { when: formatDateTime(lang, task.dueAt) })}{' '}
      {late ? (
        <strong className="aa-overdue" data-testid={`task-overdue-${task.id}`}>
          <span aria-hidden="true">⚠ </span>
          {t('alertAdmin.task.overdueBy', { duration: formatMinutes(lang, (now - due) / MINUTE) })}
        </strong>
      ) : open ? (
        <span className="muted">({t('alertAdmin.task.dueIn', { duration: formatMinutes(lang, (due - now) / MINUTE) })})</span>
      ) : null}
    </p>
  );
}

export function TaskCard({ task, now, organisationName, canOpenAlert, onChanged }: TaskCardProps) {
  const { t, lang } = useI18n();
  const areas = useAreaNames();
  const [finishing, setFinishing] = useState(false);
  const [outcome, setOutcome] = useState<TaskOutcome | ''>('');
  const [note, setNote] = useState('');
  const move = useAction(async (status: TaskStatus, extra: Pick<UpdateTaskInput, 'outcome' | 'outcomeNote'> = {}) => {
    const saved = await updateTask(task.id, { version: task.version, status, ...extra });
    setFinishing(false);
    onChanged(saved);
  });
  const can = (to: TaskStatus) => canMoveTask(task.status, to);
  const isAssignee = task.viewer === 'assignee';
  const finish = (event: FormEvent) => {
    event.preventDefault();
    if (!outcome) return;
    void move.run('done', { outcome, ...(note.trim() ? { outcomeNote: note.trim() } : {}) });
  };
  const assignee = task.assignee.organisationId
    ? organisationName(task.assignee.organisationId)
    : task.assignee.component
      ? componentLabel(task.assignee.component, t)
      : t('alertAdmin.task.assigneePerson');

  return (
    <li className={`aa-item aa-task${task.overdue ? ' aa-task--late' : ''}`} data-testid={`task-${task.id}`}>
      <div className="aa-item__head">
        <h3 className="aa-item__title">{task.title}</h3>
        <span className={`tag aa-task-status aa-task-status--${task.status}`} data-testid={`task-status-${task.id}`}>
          {taskStatusLabel(task.status, t)}
        </span>
      </div>
      <DueLine task={task} now={now} />
      <dl className="facts aa-task__facts">
        <dt>{t('alertAdmin.alert.reference')}</dt>
        <dd>
          {canOpenAlert && task.alertId ? (
            <Link to={`/alerts/${task.alertId}`} data-testid={`task-alert-link-${task.id}`}>
              <bdi dir="ltr">{task.alert.reference}</bdi>
            </Link>
          ) : (
            <bdi dir="ltr">{task.alert.reference}</bdi>
          )}
        </dd>
        <dt>{t('alertAdmin.alert.area')}</dt>
        <dd>{areas.byId(task.alert.areaId) || t('alertAdmin.alert.noArea')}</dd>
        <dt>{t('alertAdmin.alert.severity')}</dt>
        <dd><SeverityTag severity={task.alert.severity} /></dd>
        <dt>{t('alertAdmin.alert.categories')}</dt>
        <dd>{listFormat(lang, task.alert.categories.map((c) => categoryLabel(c, t))) || '—'}</dd>
        <dt>{t('alertAdmin.alert.state')}</dt>
        <dd><StateTag state={task.alert.state} /></dd>
        <dt>{t('alertAdmin.alert.receivedAt')}</dt>
        <dd>{formatDateTime(lang, task.alert.receivedAt)}</dd>
        <dt>{isAssignee ? t('alertAdmin.task.givenBy') : t('alertAdmin.task.givenTo')}</dt>
        <dd>{isAssignee ? organisationName(task.organisationId) : assignee}</dd>
        {task.instructions ? (
          <>
            <dt>{t('alertAdmin.task.instructions')}</dt>
            <dd className="aa-pre" dir="auto">{task.instructions}</dd>
          </>
        ) : null}
        {task.outcome ? (
          <>
            <dt>{t('alertAdmin.task.outcome')}</dt>
            <dd>
              {outcomeLabel(task.outcome, t)}
              {task.completedAt ? ` — ${formatDateTime(lang, task.completedAt)}` : ''}
            </dd>
          </>
        ) : null}
        {task.outcomeNote ? (
          <>
            <dt>{t('alertAdmin.task.note')}</dt>
            <dd className="aa-pre" dir="auto">{task.outcomeNote}</dd>
          </>
        ) : null}
      </dl>
      {move.error ? <Alert tone="error">{describeError(move.error, t)}</Alert> : null}
      {finishing ? (
        <form className="form aa-task__done" onSubmit={finish} noValidate>
          <SelectField
            label={t('alertAdmin.task.outcome')}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as TaskOutcome | '')}
            options={[{ value: '', label: t('alertAdmin.task.chooseOutcome') }, ...TASK_OUTCOMES.map((o) => ({ value: o, label: outcomeLabel(o, t) }))]}
            testId={`task-outcome-${task.id}`}
          />
          <TextAreaField
            label={t('alertAdmin.task.note')}
            hint={t('alertAdmin.task.noteHint')}
            optional
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            testId={`task-note-${task.id}`}
          />
          <div className="button-row">
            <Button type="submit" variant="primary" busy={move.busy} disabled={!outcome} testId={`task-done-submit-${task.id}`}>
              {t('alertAdmin.task.markDone')}
            </Button>
            <Button onClick={() => setFinishing(false)} disabled={move.busy}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <div className="button-row aa-item__actions">
          {isAssignee && can('accepted') ? (
            <Button variant="primary" onClick={() => void move.run('accepted')} busy={move.busy} testId={`task-accept-${task.id}`}>
              {t('alertAdmin.task.accept')}
            </Button>
          ) : null}
          {isAssignee && can('in_progress') ? (
            <Button onClick={() => void move.run('in_progress')} busy={move.busy} testId={`task-start-${task.id}`}>
              {t('alertAdmin.task.start')}
            </Button>
          ) : null}
          {can('done') ? (
            <Button onClick={() => setFinishing(true)} disabled={move.busy} testId={`task-done-${task.id}`}>
              {t('alertAdmin.task.done')}
            </Button>
          ) : null}
          {!isAssignee && can('cancelled') ? (
            <Button variant="quiet" onClick={() => void move.run('cancelled')} busy={move.busy} testId={`task-cancel-${task.id}`}>
              {t('alertAdmin.task.cancel')}
            </Button>
          ) : null}
        </div>
      )}
    </li>
  );
}
