/**
 * Actions on many alerts at once (an election day brings thousands): acknowledge, start
 * verifying, dismiss with a reason, set severity, assign, merge into one alert. It sends the
 * version of each alert as the queue showed it, so an alert someone changed meanwhile is left
 * alone rather than overwritten. The server skips what it must (someone else's lock, a change
 * since, a change the state does not allow) and says so per alert; this bar lists those, by
 * reference, with the reason in words.
 *
 * testids: alerts-bulk, alerts-bulk-count, alerts-bulk-action, alerts-bulk-reason,
 * alerts-bulk-severity, alerts-bulk-assignee, alerts-bulk-into, alerts-bulk-apply,
 * alerts-bulk-clear; BulkResultView: alerts-bulk-result, alerts-bulk-skipped
 */
import { useState } from 'react';
import { ALERT_SEVERITIES, type AlertSummary } from '../../../core/schemas/alerts';
import { describeError } from '../../app/errors';
import { useI18n, type Translate } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField } from '../../ui/field';
import { bulkAlerts, DISMISS_REASONS, type Assignee, type BulkAction, type BulkResult, type DismissReason } from './api';

const ACTIONS = ['acknowledge', 'verifying', 'dismiss', 'severity', 'assign', 'merge'] as const;
type ActionName = (typeof ACTIONS)[number];

/** A skipped alert's reason in words, from the server's code. */
export function resultReason(code: string | undefined, t: Translate): string {
  switch (code) {
    case 'alerts.locked':
    case 'alerts.transition_not_allowed':
    case 'alerts.not_found':
    case 'alerts.version_conflict':
    case 'conflict':
    case 'forbidden':
      return t(`alerts.result.${code}`);
    default:
      return t('alerts.result.other', { code: code ?? '—' });
  }
}

/** What a bulk action did, with the references of the alerts it named (for the skipped list). */
export interface BulkOutcome {
  outcome: BulkResult;
  references: ReadonlyMap<string, string>;
}

export interface BulkBarProps {
  selected: readonly AlertSummary[];
  /** Alerts on screen that a merge may go into (not selected, not themselves merged). */
  shown: readonly AlertSummary[];
  assignees: readonly Assignee[];
  onDone: (result: BulkOutcome) => void;
  onClear: () => void;
}

export function BulkBar({ selected, shown, assignees, onDone, onClear }: BulkBarProps) {
  const { t, tp } = useI18n();
  const [name, setName] = useState<ActionName>('acknowledge');
  const [reason, setReason] = useState<string>(DISMISS_REASONS[0]);
  const [severity, setSeverity] = useState<string>('high');
  const [assignee, setAssignee] = useState('');
  const [intoId, setIntoId] = useState('');
  const selectedIds = new Set(selected.map((a) => a.id));
  const targets = shown.filter((a) => !selectedIds.has(a.id) && a.state !== 'duplicate');

  const actionOf = (): BulkAction | null => {
    switch (name) {
      case 'acknowledge':
        return { kind: 'transition', to: 'acknowledged' };
      case 'verifying':
        return { kind: 'transition', to: 'verifying' };
      case 'dismiss':
        return { kind: 'transition', to: 'dismissed', reason: reason as DismissReason };
      case 'severity':
        return { kind: 'severity', severity: severity as (typeof ALERT_SEVERITIES)[number] };
      case 'assign':
        return { kind: 'assign', assignedUserId: assignee || null };
      case 'merge':
        return intoId ? { kind: 'merge', intoId } : null;
    }
  };
  const apply = useAction(async () => {
    const action = actionOf();
    if (!action) return;
    const references = new Map(selected.map((a) => [a.id, a.reference]));
    const versions = Object.fromEntries(selected.map((a) => [a.id, a.version]));
    const outcome = await bulkAlerts({ ids: selected.map((a) => a.id), action, versions });
    onDone({ outcome, references });
  });

  return (
    <section className="alert-bulk" aria-label={t('alerts.bulk.label')} data-testid="alerts-bulk">
      <p className="alert-bulk__count" data-testid="alerts-bulk-count" role="status">
        {tp('alerts.bulk.selected', selected.length)}
      </p>
      {selected.length > 0 ? (
        <div className="alert-bulk__controls">
          <SelectField
            label={t('alerts.bulk.action')}
            value={name}
            onChange={(e) => setName(e.target.value as ActionName)}
            options={ACTIONS.map((a) => ({ value: a, label: t(`alerts.bulk.${a}`) }))}
            testId="alerts-bulk-action"
          />
          {name === 'dismiss' ? (
            <SelectField
              label={t('alert.dismissReason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              options={DISMISS_REASONS.map((r) => ({ value: r, label: t(`alerts.dismissReason.${r}`) }))}
              testId="alerts-bulk-reason"
            />
          ) : null}
          {name === 'severity' ? (
            <SelectField
              label={t('alert.severity')}
              value={severity}
              onChange={(e) => setSeverity(e.target.value)}
              options={[...ALERT_SEVERITIES].reverse().map((s) => ({ value: s, label: t(`alerts.severity.${s}`) }))}
              testId="alerts-bulk-severity"
            />
          ) : null}
          {name === 'assign' ? (
            <SelectField
              label={t('alert.assign.user')}
              value={assignee}
              onChange={(e) => setAssignee(e.target.value)}
              options={[{ value: '', label: t('alerts.unassigned') }, ...assignees.map((p) => ({ value: p.id, label: p.displayName }))]}
              testId="alerts-bulk-assignee"
            />
          ) : null}
          {name === 'merge' ? (
            <SelectField
              label={t('alerts.bulk.mergeInto')}
              hint={t('alerts.bulk.mergeIntoHint')}
              value={intoId}
              onChange={(e) => setIntoId(e.target.value)}
              options={[{ value: '', label: t('alerts.bulk.choose') }, ...targets.map((a) => ({ value: a.id, label: a.reference }))]}
              testId="alerts-bulk-into"
            />
          ) : null}
          <div className="button-row">
            <Button variant="primary" busy={apply.busy} disabled={name === 'merge' && !intoId} onClick={() => void apply.run()} testId="alerts-bulk-apply">
              {t('alerts.bulk.apply')}
            </Button>
            <Button variant="quiet" onClick={onClear} testId="alerts-bulk-clear">
              {t('alerts.bulk.clear')}
            </Button>
          </div>
        </div>
      ) : null}
      {apply.error ? <Alert tone="error">{describeError(apply.error, t)}</Alert> : null}
    </section>
  );
}

/** The answer to a bulk action: how many changed, and each alert left as it was with the reason. */
export function BulkResultView({ result, onDismiss }: { result: BulkOutcome; onDismiss: () => void }) {
  const { t } = useI18n();
  const skipped = result.outcome.results.filter((r) => !r.ok);
  return (
    <Alert
      tone={skipped.length ? 'warning' : 'success'}
      testId="alerts-bulk-result"
      actions={<Button variant="quiet" onClick={onDismiss}>{t('common.dismiss')}</Button>}
    >
      <p>{t('alerts.bulk.done', { updated: result.outcome.updated, total: result.outcome.results.length })}</p>
      {skipped.length ? (
        <>
          <p>{t('alerts.bulk.skipped')}</p>
          <ul data-testid="alerts-bulk-skipped">
            {skipped.map((r) => (
              <li key={r.id}>
                <strong dir="ltr" translate="no">{result.references.get(r.id) ?? r.id}</strong>: {resultReason(r.code, t)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Alert>
  );
}
