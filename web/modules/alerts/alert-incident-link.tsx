/**
 * Linking a verified alert to an incident already recorded (for example before the alert was
 * verified): the organisation's incidents (GET /api/incidents, the incidents module's scope
 * and presenter), narrowed by incident date and code, then POST /api/alerts/:id/incident.
 *
 * testids: alert-incident-link-open, alert-incident-link, alert-incident-link-from,
 *   alert-incident-link-to, alert-incident-link-code, alert-incident-link-list,
 *   alert-incident-link-<incident code> (its confirm: …-confirm), alert-incident-link-more,
 *   alert-incident-link-empty, alert-incident-link-error
 */
import { useState } from 'react';
import type { AlertSummary, AlertView } from '../../../core/schemas/alerts';
import type { IncidentView } from '../../../core/schemas/incidents';
import { api } from '../../app/api';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { areaLabel, incidentWhen, typeLabel } from '../incidents/incident-labels';
import { linkAlertIncident } from './api';
import './alert-admin.css';

interface IncidentPage {
  data: IncidentView[];
  nextCursor: string | null;
}

const PAGE_SIZE = 25;
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function LinkExistingIncident({ alert, aroundDate, onLinked }: { alert: AlertView; aroundDate: string | null; onLinked: (summary: AlertSummary) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <p>
        <Button onClick={() => setOpen(true)} testId="alert-incident-link-open">
          {t('alert.incident.linkExisting')}
        </Button>
      </p>
    );
  }
  return <IncidentPicker alert={alert} aroundDate={aroundDate} onLinked={onLinked} onClose={() => setOpen(false)} />;
}

function IncidentPicker({ alert, aroundDate, onLinked, onClose }: { alert: AlertView; aroundDate: string | null; onLinked: (s: AlertSummary) => void; onClose: () => void }) {
  const { t, lang } = useI18n();
  // A month either side of the alert's date: incidents are dated by the survivor's account.
  const centre = aroundDate ? Date.parse(`${aroundDate}T12:00:00Z`) : Date.now();
  const [from, setFrom] = useState(isoDay(centre - 30 * DAY));
  const [to, setTo] = useState(isoDay(Math.min(Date.now(), centre + 30 * DAY)));
  const [code, setCode] = useState('');
  const [more, setMore] = useState<IncidentView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const query = { from: from || undefined, to: to || undefined, limit: PAGE_SIZE };

  const first = useLoad(
    async (signal) => {
      const page = await api.get<IncidentPage>('/api/incidents', { query, signal });
      setMore([]);
      setCursor(page.nextCursor);
      return page.data;
    },
    [from, to],
  );
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await api.get<IncidentPage>('/api/incidents', { query: { ...query, cursor } });
      setMore((current) => [...current, ...page.data]);
      setCursor(page.nextCursor);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoadingMore(false);
    }
  };
  const link = async (incident: IncidentView) => {
    setError(null);
    try {
      onLinked(await linkAlertIncident(alert.id, { incidentId: incident.id }));
    } catch (caught) {
      setError(caught);
    }
  };
  const wanted = code.trim().toLowerCase();

  return (
    <div className="panel alert-incident-link" data-testid="alert-incident-link">
      <h3>{t('alert.incident.linkTitle')}</h3>
      <p className="muted">{t('alert.incident.linkIntro')}</p>
      <div className="filters__grid">
        <TextField label={t('alert.incident.linkFrom')} type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} testId="alert-incident-link-from" />
        <TextField label={t('alert.incident.linkTo')} type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} testId="alert-incident-link-to" />
        <TextField label={t('alert.incident.linkCode')} dir="ltr" autoComplete="off" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} testId="alert-incident-link-code" />
      </div>
      {error ? (
        <Alert tone="error" testId="alert-incident-link-error">
          {describeError(error, t)}
        </Alert>
      ) : null}
      <LoadView load={first}>
        {(rows) => {
          const shown = [...rows, ...more].filter((i) => !wanted || i.incidentCode.toLowerCase().includes(wanted));
          return (
            <>
              {shown.length === 0 ? (
                <p className="muted" data-testid="alert-incident-link-empty">{t('alert.incident.linkNone')}</p>
              ) : (
                <ul className="aa-list" data-testid="alert-incident-link-list">
                  {shown.map((incident) => (
                    <li key={incident.id} className="aa-item">
                      <div className="aa-item__head">
                        <span className="aa-item__title" dir="ltr">{incident.incidentCode}</span>
                        <span className="tag">{typeLabel(incident.gbvType, lang)}</span>
                      </div>
                      <p className="muted aa-incident-when">
                        {incidentWhen(incident, t, lang)}
                        {incident.area ? ` · ${areaLabel(incident.area, lang)}` : ''}
                      </p>
                      <ConfirmButton
                        label={t('alert.incident.linkThis')}
                        question={t('alert.incident.linkConfirm', { reference: alert.reference, code: incident.incidentCode })}
                        onConfirm={() => link(incident)}
                        testId={`alert-incident-link-${incident.incidentCode}`}
                      />
                    </li>
                  ))}
                </ul>
              )}
              {cursor ? (
                <Button onClick={() => void loadMore()} busy={loadingMore} testId="alert-incident-link-more">
                  {t('common.loadMore')}
                </Button>
              ) : null}
            </>
          );
        }}
      </LoadView>
      <div className="button-row">
        <Button variant="quiet" onClick={onClose}>
          {t('common.cancel')}
        </Button>
      </div>
    </div>
  );
}
