/**
 * Giving a response task: what to do, instructions (a live warning when they look like a
 * name or a phone number, DESIGN 3 privacy: alerts never carry a survivor's identity), to
 * whom (a partner organisation, a mission component or an officer), due in how long, and an
 * optional phone that gets a short SMS through the outbox.
 *
 * testids: task-form, task-title, task-instructions, task-instructions-warning,
 * task-assignee-kind-<organisation|component|user>, task-organisation, task-component,
 * task-user, task-due, task-phone, task-submit
 */
import { useState, type FormEvent } from 'react';
import { detectIdentifyingText } from '../../../core/alerts/free-text';
import { ASSIGNEE_COMPONENTS } from '../../../core/alerts/response';
import type { CreateTaskInput, TaskView } from '../../../core/schemas/alert-response';
import type { OrganisationView } from '../../../core/schemas/organisations';
import { describeError, fieldError, formError } from '../../app/errors';
import { listFormat } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField, TextField } from '../../ui/field';
import { TextAreaField } from '../../ui/text-area';
import { RadioGroup } from '../cases/form-bits';
import { createAlertTask, type Assignee } from './api';

const DUE_CHOICES = [30, 60, 120, 240, 720, 1440, 4320] as const;
type AssigneeKind = 'organisation' | 'component' | 'user';
const FIELDS = ['title', 'instructions', 'assignee', 'organisationId', 'component', 'userId', 'dueInMinutes', 'dueAt', 'contactPhone'];

export interface TaskFormProps {
  alertId: string;
  organisations: readonly OrganisationView[];
  officers: readonly Assignee[];
  ownOrganisationId: string | null;
  onCreated: (task: TaskView) => void;
  onCancel: () => void;
}

export function TaskForm({ alertId, organisations, officers, ownOrganisationId, onCreated, onCancel }: TaskFormProps) {
  const { t, lang } = useI18n();
  const [title, setTitle] = useState('');
  const [instructions, setInstructions] = useState('');
  const [kind, setKind] = useState<AssigneeKind>('organisation');
  const [organisationId, setOrganisationId] = useState('');
  const [component, setComponent] = useState<string>(ASSIGNEE_COMPONENTS[0]);
  const [userId, setUserId] = useState('');
  const [dueIn, setDueIn] = useState('120');
  const [phone, setPhone] = useState('');
  const warnings = [...new Set(detectIdentifyingText(instructions).map((w) => w.reason))];
  const partners = organisations.filter((o) => o.id !== ownOrganisationId);

  const submit = useAction(async () => {
    const assignee: CreateTaskInput['assignee'] =
      kind === 'organisation' ? { organisationId } : kind === 'component' ? { component: component as (typeof ASSIGNEE_COMPONENTS)[number] } : { userId };
    const body: CreateTaskInput = {
      title: title.trim(),
      ...(instructions.trim() ? { instructions: instructions.trim() } : {}),
      dueInMinutes: Number(dueIn),
      assignee,
      ...(phone.trim() ? { contactPhone: phone.replace(/[\s().-]/g, '') } : {}),
    };
    onCreated(await createAlertTask(alertId, body));
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run();
  };
  const errorOf = (field: string) => fieldError(submit.error, field, t);
  const general = formError(submit.error, FIELDS, t);

  return (
    <form className="form task-form panel" onSubmit={onSubmit} noValidate data-testid="task-form">
      <h3>{t('task.new')}</h3>
      {general ? <Alert tone="error">{general}</Alert> : null}
      <TextField label={t('task.form.title')} required maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} error={errorOf('title')} testId="task-title" />
      <TextAreaField
        label={t('task.form.instructions')}
        hint={t('task.form.instructionsHint')}
        optional
        maxLength={2000}
        value={instructions}
        onChange={(e) => setInstructions(e.target.value)}
        error={errorOf('instructions')}
        testId="task-instructions"
      />
      {warnings.length ? (
        <Alert tone="warning" testId="task-instructions-warning">
          {t('task.form.identifying', { what: listFormat(lang, warnings.map((w) => t(`alerts.warning.${w}`)), 'conjunction') })}
        </Alert>
      ) : null}
      <RadioGroup
        legend={t('task.form.assigneeKind')}
        name="task-assignee-kind"
        value={kind}
        onChange={(value) => setKind(value as AssigneeKind)}
        options={(['organisation', 'component', 'user'] as const).map((k) => ({ value: k, label: t(`task.form.assignee.${k}`) }))}
        error={errorOf('assignee')}
        testId="task-assignee-kind"
      />
      {kind === 'organisation' ? (
        <SelectField
          label={t('task.form.organisation')}
          value={organisationId}
          onChange={(e) => setOrganisationId(e.target.value)}
          options={[{ value: '', label: t('alerts.bulk.choose') }, ...partners.map((o) => ({ value: o.id, label: o.name }))]}
          error={errorOf('organisationId')}
          testId="task-organisation"
        />
      ) : kind === 'component' ? (
        <SelectField
          label={t('task.form.component')}
          value={component}
          onChange={(e) => setComponent(e.target.value)}
          options={ASSIGNEE_COMPONENTS.map((c) => ({ value: c, label: t(`task.component.${c}`) }))}
          error={errorOf('component')}
          testId="task-component"
        />
      ) : (
        <SelectField
          label={t('task.form.user')}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          options={[{ value: '', label: t('alerts.bulk.choose') }, ...officers.map((p) => ({ value: p.id, label: p.displayName }))]}
          error={errorOf('userId')}
          testId="task-user"
        />
      )}
      <SelectField
        label={t('task.form.dueIn')}
        value={dueIn}
        onChange={(e) => setDueIn(e.target.value)}
        options={DUE_CHOICES.map((m) => ({ value: String(m), label: t(`task.form.dueIn.${m}`) }))}
        error={errorOf('dueInMinutes') ?? errorOf('dueAt')}
        testId="task-due"
      />
      <TextField
        label={t('task.form.contactPhone')}
        hint={t('task.form.contactPhoneHint')}
        optional
        type="tel"
        dir="ltr"
        autoComplete="off"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        error={errorOf('contactPhone')}
        testId="task-phone"
      />
      {submit.error && !general && !FIELDS.some((f) => errorOf(f)) ? <Alert tone="error">{describeError(submit.error, t)}</Alert> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={submit.busy} disabled={!title.trim()} testId="task-submit">
          {t('task.form.submit')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
