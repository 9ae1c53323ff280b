/**
 * The parts of recording an incident from a verified alert (/incidents/new?alert=…): the note
 * of what was prefilled, choosing the survivor (an alert never names one), and the link back
 * to the alert once the incident is saved, with what to do if that link fails (the incident
 * stays saved either way).
 *
 * testids: incident-prefill-note, incident-survivor-choice, incident-survivor-search,
 *   incident-survivor-results, incident-survivor-<code>, incident-survivor-register,
 *   incident-alert-linked, incident-alert-link-failed, incident-alert-link-retry,
 *   incident-alert-open-incident, incident-alert-open-alert
 */
import { useState } from 'react';
import type { SurvivorSummary } from '../../../core/schemas/survivors';
import type { IncidentView } from '../../../core/schemas/incidents';
import { api, isApiError } from '../../app/api';
import type { ListResponse } from '../../app/api-types';
import { describeError } from '../../app/errors';
import { listFormat } from '../../app/format';
import { useI18n, type Translate } from '../../app/i18n';
import { Link } from '../../app/router';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { incidentFromAlertPath, registerForAlertPath } from '../survivors/alert-return';
import { ageGroupLabel } from '../survivors/survivor-labels';
import type { PrefilledField } from './incident-from-alert';

export interface AlertRef {
  id: string;
  reference: string;
}

const alertPath = (alert: AlertRef) => `/alerts/${encodeURIComponent(alert.id)}`;

export function PrefillNote({ alert, prefilled, dateReceived }: { alert: AlertRef; prefilled: readonly PrefilledField[]; dateReceived: boolean }) {
  const { t, lang } = useI18n();
  const names = prefilled.map((field) => t(`incidents.fromAlert.field.${field}`));
  return (
    <Alert tone="info" testId="incident-prefill-note" title={t('incidents.fromAlert.prefilled', { reference: alert.reference })}>
      <p>{t('incidents.fromAlert.prefilledFields', { fields: listFormat(lang, names) })}</p>
      {dateReceived ? <p>{t('incidents.fromAlert.dateReceived')}</p> : null}
      <p>{t('incidents.fromAlert.check')}</p>
    </Alert>
  );
}

/** Survivors of the organisation by the start of their code: pseudonymous, nothing decrypted. */
export function SurvivorChoice({ alert }: { alert: AlertRef }) {
  const { t, lang } = useI18n();
  const [prefix, setPrefix] = useState('');
  const code = prefix.trim();
  const found = useLoad(
    async (signal) => (await api.get<ListResponse<SurvivorSummary>>('/api/survivors', { query: { codePrefix: code || undefined, limit: 10 }, signal })).data,
    [code],
  );
  const choose = (s: SurvivorSummary) => incidentFromAlertPath(alert.id, s.id);
  return (
    <section className="panel" aria-labelledby="incident-survivor-title" data-testid="incident-survivor-choice">
      <h2 id="incident-survivor-title">{t('incidents.fromAlert.chooseTitle')}</h2>
      <p>{t('incidents.fromAlert.chooseIntro', { reference: alert.reference })}</p>
      <TextField
        label={t('incidents.fromAlert.searchCode')}
        hint={t('incidents.fromAlert.searchCodeHint')}
        dir="ltr"
        autoComplete="off"
        spellCheck={false}
        maxLength={40}
        value={prefix}
        onChange={(e) => setPrefix(e.target.value)}
        testId="incident-survivor-search"
      />
      <LoadView load={found}>
        {(all) => {
          const rows = all.filter((s) => !s.erased);
          return rows.length === 0 ? (
            <p className="muted">{t('incidents.fromAlert.noSurvivor')}</p>
          ) : (
            <ul className="pick-list" data-testid="incident-survivor-results">
              {rows.map((s) => (
                  <li key={s.id} className="pick-list__item">
                    <span className="incident-code" dir="ltr">{s.code}</span>
                    <span className="muted">{s.ageGroup ? ageGroupLabel(s.ageGroup, lang) : ''}</span>
                    <Link to={choose(s)} className="button button--secondary" data-testid={`incident-survivor-${s.code}`}>
                      {t('incidents.fromAlert.choose')}
                    </Link>
                  </li>
                ))}
            </ul>
          );
        }}
      </LoadView>
      <p>{t('incidents.fromAlert.registerFirst', { reference: alert.reference })}</p>
      <div className="button-row">
        <Link to={registerForAlertPath(alert.id)} className="button button--secondary" data-testid="incident-survivor-register">
          {t('incidents.fromAlert.register')}
        </Link>
        <Link to={alertPath(alert)} className="button button--quiet">
          {t('incidents.fromAlert.backToAlert')}
        </Link>
      </div>
    </section>
  );
}

/** What to do when the link failed, by the server's reason; null when trying again may work. */
function linkAdvice(error: unknown, t: Translate): { text: string; retry: boolean } {
  const code = isApiError(error) ? error.code : '';
  if (code === 'alerts.locked') return { text: t('incidents.fromAlert.linkLocked'), retry: true };
  if (code === 'alerts.already_converted') return { text: t('incidents.fromAlert.linkAlreadyLinked'), retry: false };
  if (code === 'alerts.not_verified') return { text: t('incidents.fromAlert.linkNotVerified'), retry: false };
  if (code === 'alert.not_found') return { text: t('incidents.fromAlert.linkAlertGone'), retry: false };
  return { text: `${describeError(error, t)} ${t('incidents.fromAlert.linkTryAgain')}`, retry: true };
}

/** After saving: linked, or saved but not linked, with the way on either way. */
export function AlertLinkResult({ incident, alert, error, onRetry, retrying }: { incident: IncidentView; alert: AlertRef; error: unknown; onRetry: () => void; retrying: boolean }) {
  const { t } = useI18n();
  const openIncident = (
    <Link to={`/incidents/${incident.id}?saved=1`} className="button button--primary" data-testid="incident-alert-open-incident">
      {t('incidents.fromAlert.openIncident', { code: incident.incidentCode })}
    </Link>
  );
  const openAlert = (
    <Link to={alertPath(alert)} className="button button--secondary" data-testid="incident-alert-open-alert">
      {t('incidents.fromAlert.openAlert', { reference: alert.reference })}
    </Link>
  );
  if (!error) {
    return (
      <Alert tone="success" testId="incident-alert-linked" title={t('incidents.fromAlert.linkedTitle')} actions={<div className="button-row">{openIncident}{openAlert}</div>}>
        {t('incidents.fromAlert.linked', { code: incident.incidentCode, reference: alert.reference })}
      </Alert>
    );
  }
  const advice = linkAdvice(error, t);
  return (
    <Alert
      tone="warning"
      testId="incident-alert-link-failed"
      title={t('incidents.fromAlert.savedNotLinked', { code: incident.incidentCode, reference: alert.reference })}
      actions={
        <div className="button-row">
          {advice.retry ? (
            <Button variant="primary" busy={retrying} onClick={onRetry} testId="incident-alert-link-retry">
              {t('incidents.fromAlert.linkRetry')}
            </Button>
          ) : null}
          {openIncident}
          {openAlert}
        </div>
      }
    >
      <p>{advice.text}</p>
      <p>{t('incidents.fromAlert.linkLater', { code: incident.incidentCode })}</p>
    </Alert>
  );
}

/** The alert became an incident already (say, the way back from registering was taken twice): open that one. */
export function AlreadyLinked({ alert, incidentId }: { alert: AlertRef; incidentId: string }) {
  const { t } = useI18n();
  return (
    <Alert
      tone="info"
      testId="incident-alert-already-linked"
      title={t('incidents.fromAlert.alreadyLinkedTitle', { reference: alert.reference })}
      actions={
        <div className="button-row">
          <Link to={`/incidents/${encodeURIComponent(incidentId)}`} className="button button--primary" data-testid="incident-alert-open-linked">
            {t('incidents.fromAlert.openLinked')}
          </Link>
          <Link to={alertPath(alert)} className="button button--secondary" data-testid="incident-alert-open-alert">
            {t('incidents.fromAlert.openAlert', { reference: alert.reference })}
          </Link>
        </div>
      }
    >
      {t('incidents.fromAlert.alreadyLinked')}
    </Alert>
  );
}
