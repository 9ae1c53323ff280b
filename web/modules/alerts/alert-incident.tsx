/**
 * From a verified alert to an incident record (issue 4: "no identifying data copied"): for
 * officers who also do case work, the prefill the server derives (area, date, time of day,
 * perpetrator category, conflict contexts: never the text, the sender or the point) and the
 * way to the incident form. Recording the incident itself belongs to the incidents module.
 *
 * testids: alert-incident, alert-incident-draft, alert-incident-open, alert-incident-linked
 */
import { CONFLICT_CONTEXTS, TIMES_OF_DAY, vocabularyLanguage } from '../../../core/gbvims/vocabularies';
import type { AlertView } from '../../../core/schemas/alerts';
import { formatDate, listFormat } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { LoadView } from '../../ui/load-view';
import { classifyLabel } from '../incidents/incident-labels';
import { getIncidentDraft } from './api';

export function AlertIncident({ alert, areaName }: { alert: AlertView; areaName: (id: string | null) => string | null }) {
  const { t } = useI18n();
  const { can } = useSession();
  if (alert.incidentId) {
    return (
      <section className="panel" data-testid="alert-incident">
        <h2>{t('alert.incident')}</h2>
        <p data-testid="alert-incident-linked">{t('alert.incident.linked')}</p>
        {can('incidents.read') ? <Link to={`/incidents/${alert.incidentId}`}>{t('alert.incident.openLinked')}</Link> : null}
      </section>
    );
  }
  if (!can('cases.work')) return null;
  return (
    <section className="panel" data-testid="alert-incident">
      <h2>{t('alert.incident')}</h2>
      <p className="muted">{t('alert.incident.intro')}</p>
      {alert.state === 'verified' ? <Draft alertId={alert.id} areaName={areaName} /> : <p>{t('alert.incident.notYet')}</p>}
    </section>
  );
}

function Draft({ alertId, areaName }: { alertId: string; areaName: (id: string | null) => string | null }) {
  const { t, lang } = useI18n();
  const draft = useLoad((signal) => getIncidentDraft(alertId, signal), [alertId]);
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
          {/* The incident form starts from a survivor; it takes no prefill yet, so the values above are shown to copy. */}
          <p>
            <Link to="/incidents/new" className="button button--primary" data-testid="alert-incident-open">
              {t('alert.incident.open')}
            </Link>
          </p>
        </>
      )}
    </LoadView>
  );
}
