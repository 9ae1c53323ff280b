/**
 * One alert (/alerts/:id, 'alerts.triage'): what was said (opened and audited on the server),
 * where (area, and the exact point: alert officers only), the edit lock, triage controls, the
 * response clocks against their targets, response tasks, the way to an incident record, and
 * the timeline. Officers of the same organisation only; another organisation's alert answers
 * 404 like one that does not exist.
 *
 * testids: alert-page, alert-reference, alert-state, alert-severity, alert-text,
 * alert-text-warning, alert-sender, alert-area, alert-point (and those of alert-lock.tsx,
 * triage-controls.tsx, alert-clocks.tsx, task-panel.tsx, alert-incident.tsx, alert-timeline.tsx)
 */
import { useCallback } from 'react';
import { IDENTIFYING_TEXT_REASONS, type IdentifyingTextReason } from '../../../core/alerts/free-text';
import { ALERT_CATEGORIES, type AlertCategory } from '../../../core/alerts/vocabularies';
import type { AlertView } from '../../../core/schemas/alerts';
import type { OrganisationView } from '../../../core/schemas/organisations';
import { api } from '../../app/api';
import { formatDateTime, listFormat } from '../../app/format';
import { useI18n, type Translate } from '../../app/i18n';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { useNow } from '../../ui/clinical-clock';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { classifyLabel } from '../incidents/incident-labels';
import { AlertClocks } from './alert-clocks';
import { AlertIncident } from './alert-incident';
import { channelLabel, SeverityBadge, StateBadge, useAreaNames, useAssignees } from './alert-labels';
import { LockBanner, useAlertLock } from './alert-lock';
import { AlertPhotos } from './alert-photos';
import { AlertTimeline } from './alert-timeline';
import { getAlert, getFocalPointName, getResponseTargets, listAlertTasks } from './api';
import { TaskPanel } from './task-panel';
import { TriageControls } from './triage-controls';
import '../cases/cases.css';
import './alerts.css';

export function AlertPage({ id }: { id: string }) {
  const load = useLoad((signal) => getAlert(id, signal), [id]);
  // Keyed by id only: re-reading the alert after a change keeps the page (and its lock) in place.
  return <LoadView load={load}>{(alert) => <AlertContent key={alert.id} alert={alert} reload={load.reload} />}</LoadView>;
}

const IDENTIFYING = 'identifying_text.';

function AlertContent({ alert, reload }: { alert: AlertView; reload: () => void }) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const me = session?.user.id ?? null;
  const now = useNow(30_000);
  const areaName = useAreaNames();
  const officers = useAssignees();
  const targets = useLoad((signal) => getResponseTargets(signal).catch(() => null), []);
  const tasks = useLoad((signal) => listAlertTasks(alert.id, signal), [alert.id, alert.version]);
  const organisations = useLoad((signal) => api.get<{ data: OrganisationView[] }>('/api/organisations', { signal }).then((r) => r.data).catch(() => []), []);
  const focalPoint = useLoad((signal) => (alert.focalPointId ? getFocalPointName(alert.focalPointId, signal) : Promise.resolve(null)), [alert.focalPointId]);
  const refresh = useCallback(() => reload(), [reload]);
  const lock = useAlertLock(alert.id, alert.lock, me, now, refresh);
  const changed = () => {
    reload();
    tasks.reload();
  };

  const identifying = alert.warnings.filter((w) => w.startsWith(IDENTIFYING)).map((w) => w.slice(IDENTIFYING.length));
  const notes = alert.warnings.filter((w) => !w.startsWith(IDENTIFYING));
  const warningWords = identifying.map((w) =>
    (IDENTIFYING_TEXT_REASONS as readonly string[]).includes(w) ? t(`alerts.warning.${w as IdentifyingTextReason}`) : w,
  );
  const sender = alert.channel === 'web' || alert.channel === 'hotline'
    ? t('alert.sender.user')
    : alert.unknownSender
      ? t('alert.sender.unknown')
      : focalPoint.data
        ? t('alert.sender.focalPoint', { name: focalPoint.data })
        : t('alert.sender.known');

  return (
    <Page title={t('alert.title', { reference: alert.reference })} actions={<Link to="/alerts" className="button button--secondary">{t('alert.back')}</Link>}>
      <div data-testid="alert-page" data-version={alert.version}>
        <p className="alert-head">
          <span className="visually-hidden" data-testid="alert-reference">{alert.reference}</span>
          <StateBadge state={alert.state} testId="alert-state" />
          <SeverityBadge severity={alert.severity} testId="alert-severity" />
          {alert.escalationLevel > 0 ? <span className="tag tag--overdue">{t('alerts.flag.escalated', { level: alert.escalationLevel })}</span> : null}
          {alert.unknownSender ? <span className="tag tag--warning">{t('alerts.flag.unknownSender')}</span> : null}
        </p>
        <LockBanner state={lock} holderName={officers.nameOf(lock.lock?.userId)} />

        <div className="alert-layout">
          <div>
            <section className="panel" aria-labelledby="alert-said-title">
              <h2 id="alert-said-title">{t('alert.said')}</h2>
              {alert.text ? (
                <p className="alert-text" dir="auto" data-testid="alert-text">{alert.text}</p>
              ) : (
                <p className="muted" data-testid="alert-text">{t('alert.text.none')}</p>
              )}
              {warningWords.length ? (
                <Alert tone="warning" testId="alert-text-warning">
                  {t('alert.text.warning', { what: listFormat(lang, warningWords, 'conjunction') })}
                </Alert>
              ) : null}
              <dl className="facts">
                <dt>{t('alert.receivedAt')}</dt>
                <dd>{formatDateTime(lang, alert.receivedAt)}</dd>
                {alert.observedAt ? (
                  <>
                    <dt>{t('alert.observedAt')}</dt>
                    <dd>{formatDateTime(lang, alert.observedAt)}</dd>
                  </>
                ) : null}
                <dt>{t('alert.channel')}</dt>
                <dd>{channelLabel(alert.channel, t)}</dd>
                <dt>{t('alert.sender')}</dt>
                <dd data-testid="alert-sender">{sender}</dd>
                {alert.categories.length ? (
                  <>
                    <dt>{t('alert.categories')}</dt>
                    <dd>{listFormat(lang, alert.categories.map((c) => categoryLabel(c, t)))}</dd>
                  </>
                ) : null}
                {alert.peopleAtRisk !== null ? (
                  <>
                    <dt>{t('alert.peopleAtRisk')}</dt>
                    <dd>{alert.peopleAtRisk}</dd>
                  </>
                ) : null}
                {alert.perpetratorType ? (
                  <>
                    <dt>{t('alert.perpetrator')}</dt>
                    <dd>{classifyLabel('classify.perpetratorCategory', alert.perpetratorType, lang)}</dd>
                  </>
                ) : null}
                {notes.length ? (
                  <>
                    <dt>{t('alert.notes')}</dt>
                    <dd className="muted" dir="ltr">{notes.join(', ')}</dd>
                  </>
                ) : null}
              </dl>
            </section>

            <AlertPhotos alertId={alert.id} attachments={alert.attachments} />

            <section className="panel" aria-labelledby="alert-where-title">
              <h2 id="alert-where-title">{t('alert.where')}</h2>
              <dl className="facts">
                <dt>{t('alert.area')}</dt>
                <dd data-testid="alert-area">
                  {alert.areaId ? (areaName(alert.areaId) ?? '—') : <span className="tag tag--warning">{t('alerts.noArea')}</span>}
                  {alert.areaId && alert.areaSource && ['code', 'text', 'manual'].includes(alert.areaSource) ? (
                    <span className="muted"> ({t(`alert.areaSource.${areaSourceKey(alert.areaSource, alert.channel)}`)})</span>
                  ) : null}
                </dd>
                <dt>{t('alert.point')}</dt>
                <dd data-testid="alert-point">
                  {alert.location ? (
                    <>
                      <span dir="ltr" translate="no">{alert.location.lat.toFixed(5)}, {alert.location.lon.toFixed(5)}</span>
                      {alert.location.accuracy ? <span className="muted"> · {t('alert.point.accuracy', { metres: Math.round(alert.location.accuracy) })}</span> : null}
                    </>
                  ) : (
                    <span className="muted">{t('alert.point.none')}</span>
                  )}
                </dd>
              </dl>
              {alert.location ? <p className="muted">{t('alert.point.officersOnly')}</p> : null}
            </section>
          </div>

          <section className="panel" aria-labelledby="alert-triage-title">
            <h2 id="alert-triage-title">{t('alert.triage')}</h2>
            <TriageControls key={alert.version} alert={alert} assignees={officers.people} blocked={lock.blocked} onChanged={changed} />
          </section>
        </div>

        <div className="alert-layout">
          <div>
            <AlertClocks alert={alert} targets={targets.data ?? null} now={now} />
            <AlertIncident alert={alert} areaName={areaName} onChanged={refresh} />
          </div>
          <LoadView load={tasks}>
            {({ data }) => (
              <TaskPanel
                alertId={alert.id}
                alertState={alert.state}
                tasks={data}
                organisations={organisations.data ?? []}
                officers={officers.people}
                ownOrganisationId={session?.user.organisation.id ?? null}
                now={now}
                onChanged={changed}
              />
            )}
          </LoadView>
        </div>

        <AlertTimeline events={alert.events} nameOf={officers.nameOf} />
      </div>
    </Page>
  );
}

function categoryLabel(category: string, t: Translate): string {
  return (ALERT_CATEGORIES as readonly string[]).includes(category) ? t(`alerts.category.${category as AlertCategory}`) : category;
}

/** A web report or a hotline call names its area from a list: the reporter chose it, no code was typed. */
function areaSourceKey(source: string, channel: string): 'code' | 'text' | 'manual' | 'chosen' {
  if (source === 'code' && (channel === 'web' || channel === 'hotline')) return 'chosen';
  return source as 'code' | 'text' | 'manual';
}
