import { useState, type FormEvent } from 'react';
import { AUDIT_OUTCOMES } from '../../../core/schemas/audit';
import type { Query } from '../../app/api';
import { useT } from '../../app/i18n';
import { Button } from '../../ui/button';
import { SelectField, TextField, type Option } from '../../ui/field';

export interface AuditFilters {
  action: string;
  outcome: string;
  organisationId: string;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { action: '', outcome: '', organisationId: '', from: '', to: '' };

/** Local midnight of a yyyy-mm-dd day as an ISO instant; days later for the exclusive upper bound. */
function startOfDay(date: string, daysLater = 0): string | undefined {
  if (!date) return undefined;
  const start = new Date(`${date}T00:00:00`);
  if (Number.isNaN(start.getTime())) return undefined;
  start.setDate(start.getDate() + daysLater);
  return start.toISOString();
}

/** The query string of the filters. "To" is inclusive on screen and exclusive for the server. */
export function auditQuery(filters: AuditFilters): Query {
  return {
    action: filters.action.trim() || undefined,
    outcome: filters.outcome || undefined,
    organisationId: filters.organisationId || undefined,
    from: startOfDay(filters.from),
    to: startOfDay(filters.to, 1),
  };
}

export function AuditFilterForm({ organisations, onApply }: { organisations: readonly Option[] | null; onApply: (filters: AuditFilters) => void }) {
  const t = useT();
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const set = (field: keyof AuditFilters) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft });
  };
  return (
    <form className="filters panel" onSubmit={submit} aria-label={t('audit.filters')} data-testid="audit-filters">
      <h2 className="visually-hidden">{t('audit.filters')}</h2>
      <div className="filters__grid">
        <TextField label={t('audit.action')} hint={t('audit.actionHint')} value={draft.action} onChange={set('action')} dir="ltr" autoCapitalize="none" spellCheck={false} testId="audit-action" />
        <SelectField
          label={t('audit.outcome')}
          value={draft.outcome}
          onChange={set('outcome')}
          options={[{ value: '', label: t('audit.anyOutcome') }, ...AUDIT_OUTCOMES.map((value) => ({ value, label: t(`audit.outcome.${value}`) }))]}
          testId="audit-outcome"
        />
        {organisations ? (
          <SelectField
            label={t('audit.organisation')}
            value={draft.organisationId}
            onChange={set('organisationId')}
            options={[{ value: '', label: t('audit.anyOrganisation') }, ...organisations]}
            testId="audit-organisation"
          />
        ) : null}
        <TextField label={t('audit.from')} type="date" value={draft.from} onChange={set('from')} testId="audit-from" />
        <TextField label={t('audit.to')} type="date" value={draft.to} onChange={set('to')} testId="audit-to" />
      </div>
      <div className="button-row">
        <Button type="submit" variant="primary" testId="audit-apply">
          {t('audit.apply')}
        </Button>
        <Button
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          {t('audit.clear')}
        </Button>
      </div>
    </form>
  );
}
