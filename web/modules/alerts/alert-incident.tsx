/**
 * From a verified alert to an incident record (issue 4: "no identifying data copied"): for
 * officers who also do case work, the prefill the server derives (area, date, time of day,
 * perpetrator category, conflict contexts: never the text, the sender or the point), the way
 * to the incident form prefilled with it (/incidents/new?alert=…, which links the incident
 * once saved), and linking an incident already recorded (alert-incident-link.tsx). Recording
 * the incident itself belongs to the incidents module.
 *
 * testids: alert-incident, alert-incident-draft, alert-incident-open, alert-incident-linked
 * (and those of alert-incident-link.tsx)
 */
import { useState } from 'react';
import { CONFLICT_CONTEXTS, TIMES_OF_DAY, vocabularyLanguage } from '../../../core/gbvims/vocabularies';
import type { AlertSummary, AlertView } from '../../../core/schemas/alerts';
import { formatDate, listFormat } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { LoadView } from '../../ui/load-view';
import { classifyLabel } from '../incidents/incident-labels';
import { LinkExistingIncident } from './alert-incident-link';
import { getIncidentDraft } from './api';

export interface AlertIncidentProps {
  alert: AlertView;
  areaName: (id: string | null) => string | null;
  /** Called once the alert is linked (its version changed): the page reads it again. */
  onChanged?: () => void;
}

export function AlertIncident({ alert, areaName, onChanged }: AlertIncidentProps) {
  const { t } = useI18n();
  const { can } = useSession();
  // Linked here: shown at once, before (or without) the page reading the alert again.
  const [linked, setLinked] = useState<string | null>(null);
  const incidentId = alert.incidentId ?? linked;
  if (incidentId) {
    return (
      <section className="panel" data-testid="alert-incident">
        <h2>{t('alert.incident')}</h2>
        <p data-testid="alert-incident-linked">{t('alert.incident.linked')}</p>
        {can('incidents.read') ? <Link to={`/incidents/${incidentId}`}>{t('alert.incident.openLinked')}</Link> : null}
      </section>
    );
  }
  if (!can('cases.work')) return null;
  const onLinked = (summary: AlertSummary) => {
    setLinked(summary.incidentId);
    onChanged?.();
  };
  return (
    <section className="panel" data-testid="alert-incident">
      <h2>{t('alert.incident')}</h2>
      <p className="muted">{t('alert.incident.intro')}</p>
      {alert.state === 'verified' ? <Draft alert={alert} areaName={areaName} onLinked={onLinked} /> : <p>{t('alert.incident.notYet')}</p>}
    </section>
  );
}

function Draft({ alert, areaName, onLinked }: { alert: AlertView; areaName: (id: string | null) => string | null; onLinked: (summary: AlertSummary) => void }) {
  const { t, lang } = useI18n();
  const draft = useLoad((signal) => getIncidentDraft(alert.id, signal), [alert.id]);
  const label = (list: readonly { id: string; labels: Record<string, string> }[], id: string) => list.find((e) => e.id === id)?.labels[vocabularyLanguage(lang)] ?? id;
  return (
    <LoadView load={draft}>
      {(d) => (
        <>
          <h3>{t('alert.incident.draft')}</h3>
          <dl className="facts" data-testid="alert-incident-draft">
            <dt>{t('alert.area')}</dt>
            <dd>{areaName(d.areaId) ?? '—'}</dd>
            <dt>{t('alert.incident.date')}</dt>
            <dd>{formatDate(lang, d.incidentDate)}</dd>
            <dt>{t('alert.incident.timeOfDay')}</dt>
            <dd>{d.timeOfDay ? label(TIMES_OF_DAY, d.timeOfDay) : '—'}</dd>
            <dt>{t('alert.incident.perpetrator')}</dt>
            <dd>{d.perpetratorCategory ? classifyLabel('classify.perpetratorCategory', d.perpetratorCategory, lang) : '—'}</dd>
            <dt>{t('alert.incident.contexts')}</dt>
            <dd>{listFormat(lang, d.conflictContexts.map((c) => label(CONFLICT_CONTEXTS, c))) || '—'}</dd>
          </dl>
          <p className="muted">{t('alert.incident.openHint')}</p>
          <p>
            <Link to={`/incidents/new?alert=${encodeURIComponent(alert.id)}`} className="button button--primary" data-testid="alert-incident-open">
              {t('alert.incident.open')}
            </Link>
          </p>
          <LinkExistingIncident alert={alert} aroundDate={d.incidentDate} onLinked={onLinked} />
        </>
      )}
    </LoadView>
  );
}
