/**
 * What happened to an alert, oldest first: each state change, grading, assignment, merge,
 * placing, escalation, task and conversion, with who and when. Details are the server's
 * non-identifying particulars (a reason code, a severity, a level).
 *
 * testids: alert-timeline, alert-event-<index> (data-kind)
 */
import { TASK_STATUSES } from '../../../core/alerts/response';
import { ALERT_DISMISS_REASONS } from '../../../core/alerts/triage';
import { directionOf } from '../../../core/i18n';
import { ALERT_SEVERITIES, ALERT_STATES, type AlertView } from '../../../core/schemas/alerts';
import { formatDateTime } from '../../app/format';
import { useI18n, type Translate } from '../../app/i18n';

type AlertEvent = AlertView['events'][number];

const str = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);

const isOneOf = <T extends string>(values: readonly T[], value: string | null): value is T => value !== null && (values as readonly string[]).includes(value);
const isState = (value: string | null): value is AlertView['state'] => isOneOf(ALERT_STATES, value);
const stateName = (value: string | null, t: Translate) => (isState(value) ? t(`alerts.state.${value}`) : (value ?? '—'));

function describe(event: AlertEvent, t: Translate, arrow: string): string {
  const d = event.details;
  switch (event.kind) {
    case 'state':
      return event.fromState === null ? t('alert.event.received') : `${stateName(event.fromState, t)} ${arrow} ${stateName(event.toState, t)}`;
    case 'severity': {
      const severity = str(d.severity) ?? str(d.to);
      return t('alert.event.severity', {
        severity: isOneOf(ALERT_SEVERITIES, severity) ? t(`alerts.severity.${severity}`) : t('alerts.severity.none'),
      });
    }
    case 'escalated':
      return t('alert.event.escalated', { level: str(d.level) ?? '?' });
    case 'task': {
      const status = str(d.status);
      return isOneOf(TASK_STATUSES, status) ? `${t('alert.event.task')}: ${t(`task.status.${status}`)}` : t('alert.event.task');
    }
    default:
      return t(`alert.event.${event.kind}`);
  }
}

export function AlertTimeline({ events, nameOf }: { events: AlertView['events']; nameOf: (id: string | null) => string | null }) {
  const { t, lang } = useI18n();
  return (
    <section className="panel" aria-labelledby="alert-timeline-title">
      <h2 id="alert-timeline-title">{t('alert.timeline')}</h2>
      <ol className="timeline alert-timeline" data-testid="alert-timeline">
        {events.map((event, index) => {
          const reason = str(event.details.reason);
          return (
            <li key={index} data-testid={`alert-event-${index}`} data-kind={event.kind}>
              <strong>{describe(event, t, directionOf(lang) === 'rtl' ? '←' : '→')}</strong>
              {isOneOf(ALERT_DISMISS_REASONS, reason) ? (
                <span>{t('alert.event.reason', { reason: t(`alerts.dismissReason.${reason}`) })}</span>
              ) : null}
              <span>{t('alert.event.by', { name: event.actorUserId ? (nameOf(event.actorUserId) ?? t('alerts.someone')) : t('alerts.system') })}</span>
              <time dateTime={event.occurredAt}>{formatDateTime(lang, event.occurredAt)}</time>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
