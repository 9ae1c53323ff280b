/**
 * What an officer does to one alert: change its state (only the changes core/alerts/triage.ts
 * allows from where it is; dismissing asks why), grade its severity, assign it to an officer
 * or a team, place it in an area, merge it into another alert that reports the same event or
 * undo that merge. Everything waits while someone else holds the edit lock.
 *
 * testids: triage-to-<state>, triage-dismiss-reason, triage-dismiss-confirm, triage-severity,
 * triage-severity-save, triage-assignee, triage-team, triage-assign-save, triage-area,
 * triage-area-save, triage-merge-into, triage-merge, triage-unmerge, triage-merged-into
 */
import { useState } from 'react';
import { ALERT_DISMISS_REASONS, canMerge, nextStates } from '../../../core/alerts/triage';
import { ALERT_SEVERITIES, type AlertView } from '../../../core/schemas/alerts';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField, TextField } from '../../ui/field';
import { AreaSelect } from '../services/area-select';
import { listAlerts, mergeAlert, transitionAlert, unmergeAlert, updateAlert, type AlertPatch, type AlertState, type Assignee, type DismissReason } from './api';
import { OPEN_STATES } from './queue-filters';

type Severity = (typeof ALERT_SEVERITIES)[number];

export interface TriageControlsProps {
  alert: AlertView;
  assignees: readonly Assignee[];
  /** Someone else holds the edit lock. */
  blocked: boolean;
  /** After a write: read the alert again (state, timeline, clocks). */
  onChanged: () => void;
}

export function TriageControls({ alert, assignees, blocked, onChanged }: TriageControlsProps) {
  const { t } = useI18n();
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState<DismissReason>(ALERT_DISMISS_REASONS[0]);
  const [severity, setSeverity] = useState<string>(alert.severity ?? '');
  const [userId, setUserId] = useState(alert.assignedUserId ?? '');
  const [team, setTeam] = useState(alert.assignedTeam ?? '');
  const [areaId, setAreaId] = useState(alert.areaId ?? '');
  const [intoId, setIntoId] = useState('');
  const write = useAction(async (change: () => Promise<unknown>) => {
    await change();
    setDismissing(false);
    onChanged();
  });
  const patch = (body: Omit<AlertPatch, 'version'>) => void write.run(() => updateAlert(alert.id, { version: alert.version, ...body }));
  const move = (to: AlertState) => void write.run(() => transitionAlert(alert.id, { to, version: alert.version, ...(to === 'dismissed' ? { reason } : {}) }));
  const disabled = blocked || write.busy;
  const targets = nextStates(alert.state);
  const toLabel = (to: AlertState) => (alert.state === 'closed' && to === 'verifying' ? t('alert.to.verifyingReopen') : t(`alert.to.${to as 'acknowledged'}`));

  return (
    <div className="alert-controls">
      {write.error ? <Alert tone="error">{describeError(write.error, t)}</Alert> : null}
      <fieldset disabled={disabled}>
        <legend>{t('alert.state.actions')}</legend>
        {alert.state === 'duplicate' ? (
          <>
            <p data-testid="triage-merged-into">
              {alert.mergedIntoId ? <Link to={`/alerts/${alert.mergedIntoId}`}>{t('alert.merge.openTarget')}</Link> : null}
            </p>
            <Button onClick={() => void write.run(() => unmergeAlert(alert.id, { version: alert.version }))} busy={write.busy} disabled={disabled} testId="triage-unmerge">
              {t('alert.unmerge')}
            </Button>
          </>
        ) : targets.length === 0 ? (
          <p className="muted">{t('alert.noTransition')}</p>
        ) : (
          <div className="button-row">
            {targets.map((to) =>
              to === 'dismissed' ? (
                <Button key={to} onClick={() => setDismissing(true)} disabled={disabled || dismissing} testId="triage-to-dismissed">
                  {toLabel(to)}
                </Button>
              ) : (
                <Button key={to} variant={to === 'closed' || to === 'new' ? 'secondary' : 'primary'} busy={write.busy} disabled={disabled} onClick={() => move(to)} testId={`triage-to-${to}`}>
                  {toLabel(to)}
                </Button>
              ),
            )}
          </div>
        )}
        {dismissing ? (
          <div className="form">
            <SelectField
              label={t('alert.dismissReason')}
              value={reason}
              onChange={(e) => setReason(e.target.value as DismissReason)}
              options={ALERT_DISMISS_REASONS.map((r) => ({ value: r, label: t(`alerts.dismissReason.${r}`) }))}
              testId="triage-dismiss-reason"
            />
            <div className="button-row">
              <Button variant="danger" busy={write.busy} disabled={disabled} onClick={() => move('dismissed')} testId="triage-dismiss-confirm">
                {t('alert.dismissConfirm')}
              </Button>
              <Button onClick={() => setDismissing(false)}>{t('common.cancel')}</Button>
            </div>
          </div>
        ) : null}
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>{t('alert.severity')}</legend>
        <SelectField
          label={t('alert.severity')}
          value={severity}
          onChange={(e) => setSeverity(e.target.value)}
          options={[...(alert.severity ? [] : [{ value: '', label: t('alerts.bulk.choose') }]), ...[...ALERT_SEVERITIES].reverse().map((s) => ({ value: s, label: t(`alerts.severity.${s}`) }))]}
          testId="triage-severity"
        />
        <Button
          busy={write.busy}
          disabled={disabled || !severity || severity === alert.severity}
          onClick={() => patch({ severity: severity as Severity })}
          testId="triage-severity-save"
        >
          {t('alert.severity.save')}
        </Button>
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>{t('alert.assign')}</legend>
        <SelectField
          label={t('alert.assign.user')}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          options={[{ value: '', label: t('alerts.unassigned') }, ...assignees.map((p) => ({ value: p.id, label: p.displayName }))]}
          testId="triage-assignee"
        />
        <TextField label={t('alert.assign.team')} hint={t('alert.assign.teamHint')} optional maxLength={80} value={team} onChange={(e) => setTeam(e.target.value)} testId="triage-team" />
        <Button
          busy={write.busy}
          disabled={disabled || (userId === (alert.assignedUserId ?? '') && team.trim() === (alert.assignedTeam ?? ''))}
          onClick={() => patch({ assignedUserId: userId || null, assignedTeam: team.trim() || null })}
          testId="triage-assign-save"
        >
          {t('alert.assign.save')}
        </Button>
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>{t('alert.locate')}</legend>
        <AreaSelect label={t('alert.area')} emptyLabel={t('alerts.noArea')} value={areaId} onChange={setAreaId} testId="triage-area" />
        <Button busy={write.busy} disabled={disabled || !areaId || areaId === alert.areaId} onClick={() => patch({ areaId })} testId="triage-area-save">
          {t('alert.locate.save')}
        </Button>
      </fieldset>

      {canMerge(alert.state) ? (
        <fieldset disabled={disabled}>
          <legend>{t('alert.merge')}</legend>
          <p className="muted">{t('alert.merge.intro')}</p>
          <MergeCandidates alert={alert} value={intoId} onChange={setIntoId} />
          <Button busy={write.busy} disabled={disabled || !intoId} onClick={() => void write.run(() => mergeAlert(alert.id, { intoId, version: alert.version }))} testId="triage-merge">
            {t('alert.merge.submit')}
          </Button>
        </fieldset>
      ) : null}
    </div>
  );
}

/** Open alerts of the same area received within two days either side: the likely duplicates. */
function MergeCandidates({ alert, value, onChange }: { alert: AlertView; value: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const received = Date.parse(alert.receivedAt);
  const candidates = useLoad(
    (signal) =>
      listAlerts(
        {
          state: OPEN_STATES.join(','),
          areaId: alert.areaId ?? undefined,
          from: new Date(received - 2 * 86_400_000).toISOString(),
          to: new Date(received + 2 * 86_400_000).toISOString(),
          limit: 50,
        },
        signal,
      ),
    [alert.id, alert.areaId],
  );
  const options = (candidates.data?.data ?? []).filter((a) => a.id !== alert.id);
  if (candidates.status !== 'loading' && options.length === 0) return <p className="muted">{t('alert.merge.none')}</p>;
  return (
    <SelectField
      label={t('alert.merge.into')}
      hint={t('alert.merge.candidates')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      options={[{ value: '', label: t('alerts.bulk.choose') }, ...options.map((a) => ({ value: a.id, label: a.reference }))]}
      disabled={candidates.status === 'loading'}
      testId="triage-merge-into"
    />
  );
}
