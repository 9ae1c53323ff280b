/*
 * Record an incident (/incidents/new?survivorId=…): acts, guided GBVIMS classification with
 * the type and derived contexts shown before saving, time, place, perpetrators, context and
 * the narrative (sealed by the server, STO-1); incident-form.tsx holds the form.
 *
 * From a verified alert (/incidents/new?alert=…[&survivorId=…]): the survivor is chosen first
 * (alerts name nobody; one not registered yet is registered on the way and brought back here,
 * survivors/alert-return.ts), the form starts from the alert's incident draft (area, date, time
 * of day, perpetrator category, contexts), and once saved the incident is linked to the alert
 * (POST /api/alerts/:id/incident); a failed link is shown with what to do, the incident saved.
 *
 * testids: incident-form, incident-act-<act>, (classification-guide.tsx testids),
 *   incident-precision-<exact|date|range|unknown>, incident-at, incident-date, incident-earliest,
 *   incident-latest, incident-time-of-day, incident-report-date, incident-age,
 *   incident-province, incident-zone, incident-place-type, incident-displacement-stage,
 *   incident-exact-location, incident-perpetrator-count, incident-perpetrator-sex,
 *   incident-perpetrator-age, incident-perpetrator-relationship, incident-perpetrator-category,
 *   incident-sea-note, incident-conflict-<context>, incident-abduction,
 *   incident-previously-reported, incident-previous-gbv, incident-goods-exchanged,
 *   incident-narrative, incident-submit, incident-cancel, incident-no-survivor, incident-for,
 *   incident-alert-error (and those of incident-alert-parts.tsx)
 */
import { useState } from 'react';
import type { IncidentDraft } from '../../../core/schemas/alert-reports';
import type { IncidentView } from '../../../core/schemas/incidents';
import type { SurvivorView } from '../../../core/schemas/survivors';
import { ApiError, api } from '../../app/api';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { navigate, useLocation } from '../../app/router';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { LoadView } from '../../ui/load-view';
import { Loading } from '../../ui/loading';
import { Page } from '../../ui/page';
import { getIncidentDraft, linkAlertIncident } from '../alerts/api';
import { useAreas } from '../services/area-select';
import { AlertLinkResult, AlreadyLinked, PrefillNote, SurvivorChoice, type AlertRef } from './incident-alert-parts';
import { IncidentForm } from './incident-form';
import { incidentStartOfSearch, isUuid, startFromDraft } from './incident-from-alert';
import './incidents.css';
import './incident-from-alert.css';

export function IncidentNewPage() {
  const { search } = useLocation();
  const { t } = useI18n();
  const { alertId, survivorId } = incidentStartOfSearch(search);
  if (alertId !== null) return <FromAlert alertId={alertId} survivorId={survivorId} />;
  if (!survivorId) {
    return (
      <Page title={t('incidents.newTitle')}>
        <Alert tone="info" testId="incident-no-survivor" actions={<Button onClick={() => navigate('/survivors')}>{t('nav.survivors')}</Button>}>
          {t('incidents.noSurvivor')}
        </Alert>
      </Page>
    );
  }
  return <ForSurvivor survivorId={survivorId} />;
}

const loadSurvivor = (id: string, signal: AbortSignal) => api.get<SurvivorView>(`/api/survivors/${encodeURIComponent(id)}`, { signal });

function SurvivorLine({ survivor }: { survivor: SurvivorView }) {
  const { t } = useI18n();
  return (
    <p className="incident-for" data-testid="incident-for">
      {t('incidents.forSurvivor', { code: survivor.code })}
    </p>
  );
}

function ForSurvivor({ survivorId }: { survivorId: string }) {
  const { t } = useI18n();
  const survivor = useLoad((signal) => loadSurvivor(survivorId, signal), [survivorId]);
  return (
    <LoadView load={survivor}>
      {(s) => (
        <Page title={t('incidents.newTitle')} intro={t('incidents.newIntro')} narrow>
          <SurvivorLine survivor={s} />
          <IncidentForm
            survivor={s}
            onCreated={(created) => navigate(`/incidents/${created.id}?saved=1`, { replace: true })}
            onCancel={() => navigate(`/survivors/${s.id}`)}
          />
        </Page>
      )}
    </LoadView>
  );
}

// A mangled id in the address reads like any alert this user may not see: "not found".
const notAnAlert = () => new ApiError(404, 'alert.not_found', '', 'alert');

function FromAlert({ alertId, survivorId }: { alertId: string; survivorId: string | null }) {
  const { t } = useI18n();
  const draft = useLoad((signal) => (isUuid(alertId) ? getIncidentDraft(alertId, signal) : Promise.reject(notAnAlert())), [alertId]);
  const areas = useAreas();
  const survivor = useLoad((signal) => (survivorId ? loadSurvivor(survivorId, signal) : Promise.resolve(null)), [survivorId]);
  if (draft.status === 'error') {
    return (
      <Page title={t('incidents.newTitle')} narrow>
        <Alert
          tone="error"
          title={t('incidents.fromAlert.draftFailed')}
          testId="incident-alert-error"
          actions={isUuid(alertId) ? <Button onClick={() => navigate(`/alerts/${alertId}`)}>{t('incidents.fromAlert.backToAlert')}</Button> : null}
        >
          {describeError(draft.error, t)}
        </Alert>
      </Page>
    );
  }
  if (survivor.status === 'error') return <LoadView load={survivor}>{() => null}</LoadView>;
  // The area needs the boundaries; without them (a failed load) the rest still prefills.
  if (!draft.data || areas.status === 'loading' || survivor.status === 'loading') return <Loading />;
  const alert: AlertRef = { id: draft.data.sourceAlertId, reference: draft.data.sourceAlertReference };
  if (draft.data.linkedIncidentId !== null) {
    return (
      <Page title={t('incidents.newTitle')} narrow>
        <AlreadyLinked alert={alert} incidentId={draft.data.linkedIncidentId} />
      </Page>
    );
  }
  if (!survivor.data) {
    return (
      <Page title={t('incidents.newTitle')} narrow>
        <SurvivorChoice alert={alert} />
      </Page>
    );
  }
  return <AlertIncidentForm key={survivor.data.id} survivor={survivor.data} draft={draft.data} alert={alert} areas={areas.data ?? null} />;
}

function AlertIncidentForm({ survivor, draft, alert, areas }: { survivor: SurvivorView; draft: IncidentDraft; alert: AlertRef; areas: Parameters<typeof startFromDraft>[1] }) {
  const { t } = useI18n();
  const [{ start, prefilled }] = useState(() => startFromDraft(draft, areas));
  const [saved, setSaved] = useState<{ incident: IncidentView; error: unknown } | null>(null);
  const [retrying, setRetrying] = useState(false);

  const link = async (incident: IncidentView) => {
    try {
      await linkAlertIncident(alert.id, { incidentId: incident.id });
      setSaved({ incident, error: null });
    } catch (error) {
      setSaved({ incident, error });
    }
  };
  const retry = async () => {
    if (!saved) return;
    setRetrying(true);
    await link(saved.incident);
    setRetrying(false);
  };

  return (
    <Page title={t('incidents.newTitle')} intro={saved ? undefined : t('incidents.newIntro')} narrow>
      <SurvivorLine survivor={survivor} />
      {saved ? (
        <AlertLinkResult incident={saved.incident} alert={alert} error={saved.error} onRetry={() => void retry()} retrying={retrying} />
      ) : (
        <IncidentForm
          survivor={survivor}
          start={start}
          note={<PrefillNote alert={alert} prefilled={prefilled} dateReceived={draft.incidentDateSource === 'received'} />}
          onCreated={link}
          onCancel={() => navigate(`/alerts/${alert.id}`)}
        />
      )}
    </Page>
  );
}
