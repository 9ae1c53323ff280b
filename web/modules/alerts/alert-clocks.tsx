/**
 * The three response clocks of an alert (time to acknowledge, verify, respond), each from
 * receipt against the target of the alert's severity (core/alerts/response.ts: the
 * organisation's targets, else Weft's defaults; unset severity counts as medium). A clock
 * that stopped says how long it took and whether that met the target; one still running says
 * the time left or, in red and in words, how late it is.
 *
 * testids: alert-clocks, alert-clock-<acknowledge|verify|respond> (data-status =
 * met|late|running|overdue|stopped), alert-clock-<stage>-status
 */
import { DEFAULT_TARGETS, dueMoments, FINISHED_ALERT_STATES, RESPONSE_STAGES, targetSeverity, type ResponseStage, type StageTargets } from '../../../core/alerts/response';
import type { TargetsView } from '../../../core/schemas/alert-response';
import type { AlertSummary } from '../../../core/schemas/alerts';
import { useI18n } from '../../app/i18n';
import { formatDuration } from './alert-labels';

type ClockStatus = 'met' | 'late' | 'running' | 'overdue' | 'stopped';

interface Clock {
  stage: ResponseStage;
  status: ClockStatus;
  targetMs: number;
  /** How long it took (stopped) or has run (running). */
  elapsedMs: number;
  /** How far past the target (late, overdue) or before it (running). */
  marginMs: number;
}

const stopOf = (alert: AlertSummary, stage: ResponseStage): string | null =>
  stage === 'acknowledge' ? alert.acknowledgedAt : stage === 'verify' ? alert.verifiedAt : alert.respondedAt;

/** The targets of one severity from the server's view, in minutes per stage. */
export function stageTargets(view: TargetsView | null, severity: AlertSummary['severity']): StageTargets {
  const level = targetSeverity(severity);
  const row = view?.targets[level];
  return row ? { acknowledge: row.acknowledgeMinutes, verify: row.verifyMinutes, respond: row.respondMinutes } : DEFAULT_TARGETS[level];
}

/** Every clock of the alert at `now`. Pure, so the page and a test read the same thing. */
export function alertClocks(alert: AlertSummary, targets: StageTargets, now: number): Clock[] {
  const received = Date.parse(alert.receivedAt);
  const due = dueMoments(new Date(received), targets);
  const finished = (FINISHED_ALERT_STATES as readonly string[]).includes(alert.state);
  return RESPONSE_STAGES.map((stage) => {
    const targetMs = targets[stage] * 60_000;
    const stop = stopOf(alert, stage);
    if (stop) {
      const elapsedMs = Date.parse(stop) - received;
      return { stage, status: elapsedMs <= targetMs ? 'met' : 'late', targetMs, elapsedMs, marginMs: elapsedMs - targetMs };
    }
    if (finished) return { stage, status: 'stopped', targetMs, elapsedMs: 0, marginMs: 0 };
    const marginMs = now - due[stage].getTime();
    return { stage, status: marginMs > 0 ? 'overdue' : 'running', targetMs, elapsedMs: now - received, marginMs };
  });
}

export function AlertClocks({ alert, targets, now }: { alert: AlertSummary; targets: TargetsView | null; now: number }) {
  const { t, lang } = useI18n();
  const severity = targetSeverity(alert.severity);
  const fromDefaults = !targets || targets.targets[severity].source === 'default';
  const clocks = alertClocks(alert, stageTargets(targets, alert.severity), now);
  const statusText = (clock: Clock): string => {
    const duration = formatDuration(clock.elapsedMs, lang, t);
    const late = formatDuration(clock.marginMs, lang, t);
    switch (clock.status) {
      case 'met':
        return t('alert.clock.metIn', { duration });
      case 'late':
        return t('alert.clock.lateBy', { duration, late });
      case 'running':
        return t('alert.clock.dueIn', { duration: late });
      case 'overdue':
        return t('alert.clock.overdueBy', { late });
      case 'stopped':
        return t('alert.clock.stopped', { state: t(`alerts.state.${alert.state}`) });
    }
  };
  return (
    <section className="panel" aria-labelledby="alert-clocks-title" data-testid="alert-clocks">
      <h2 id="alert-clocks-title">{t('alert.clocks')}</h2>
      <p className="muted">{t('alert.clocks.intro')}</p>
      <ul className="alert-clocks">
        {clocks.map((clock) => (
          <li key={clock.stage} className={`alert-clock alert-clock--${clock.status}`} data-testid={`alert-clock-${clock.stage}`} data-status={clock.status}>
            <span className="alert-clock__name">{t(`alert.clock.${clock.stage}`)}</span>
            <span className="alert-clock__target">{t('alert.clock.target', { duration: formatDuration(clock.targetMs, lang, t) })}</span>
            <span className="alert-clock__status" data-testid={`alert-clock-${clock.stage}-status`}>
              {clock.status === 'late' || clock.status === 'overdue' ? <span aria-hidden="true">⚠ </span> : null}
              {statusText(clock)}
            </span>
          </li>
        ))}
      </ul>
      {fromDefaults ? <p className="muted">{t('alert.clock.defaultTargets')}</p> : null}
    </section>
  );
}
