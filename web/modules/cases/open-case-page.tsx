/**
 * Open a case (/cases/new?survivorId=<id>): the survivor's incidents to link, the risk level,
 * who works the case, the first follow-up. The server refuses without her consent to
 * services (CON-2); the page then says so and links to her page to record it.
 *
 * testids: open-case-form, open-case-incident-<id>, open-case-risk (radio: -low -medium -high),
 * open-case-assignee, open-case-follow-up, open-case-submit, open-case-consent-missing,
 * open-case-consent-link
 */
import { useState, type FormEvent } from 'react';
import { RISK_LEVELS, type RiskLevel } from '../../../core/cases';
import { classifyText, type ClassifyMessageKey } from '../../../core/classify/messages';
import type { CaseView } from '../../../core/schemas/cases';
import type { IncidentView } from '../../../core/schemas/incidents';
import type { SurvivorView } from '../../../core/schemas/survivors';
import { api, isApiError } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { useSignedIn } from '../../app/session';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { ClinicalClockBadge } from '../../ui/clinical-clock';
import { RadioGroup, useIdempotencyKey } from './form-bits';

const FIELDS = ['incidentIds', 'riskLevel', 'assignedTo', 'nextFollowUpOn'];
const CONSENT_CODES = new Set(['case.services_consent_required']);

export const gbvTypeLabel = (lang: string, type: string) => classifyText(lang, `classify.type.${type}` as ClassifyMessageKey) ?? type;

export function OpenCasePage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const survivorId = search.get('survivorId');
  if (!survivorId) {
    return (
      <Page title={t('cases.open.title')}>
        <Alert tone="info" actions={<Link to="/survivors" className="row-link">{t('cases.goToSurvivors')}</Link>}>
          {t('cases.open.chooseSurvivor')}
        </Alert>
      </Page>
    );
  }
  return <OpenCaseForm survivorId={survivorId} />;
}

function OpenCaseForm({ survivorId }: { survivorId: string }) {
  const { t, lang } = useI18n();
  const { user } = useSignedIn();
  const idempotencyKey = useIdempotencyKey();
  const data = useLoad(
    async (signal) => {
      const [survivor, incidents] = await Promise.all([
        api.get<SurvivorView>(`/api/survivors/${survivorId}`, { signal }),
        api.get<{ data: IncidentView[] }>('/api/incidents', { query: { survivorId, limit: 100 }, signal }),
      ]);
      return { survivor, incidents: incidents.data };
    },
    [survivorId],
  );
  const [incidentIds, setIncidentIds] = useState<string[] | null>(null);
  const [riskLevel, setRiskLevel] = useState<RiskLevel>('medium');
  const [nextFollowUpOn, setNextFollowUpOn] = useState('');
  const open = useAction(async () => {
    const chosen = incidentIds ?? (data.data?.incidents.map((i) => i.id) ?? []);
    const created = await api.post<CaseView>('/api/cases', {
      survivorId,
      riskLevel,
      incidentIds: chosen,
      nextFollowUpOn: nextFollowUpOn || null,
      idempotencyKey,
    });
    navigate(`/cases/${created.id}`, { replace: true });
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void open.run();
  };
  const consentMissing = isApiError(open.error) && CONSENT_CODES.has(open.error.code);
  const alert = consentMissing ? undefined : formError(open.error, FIELDS, t);

  return (
    <Page title={t('cases.open.title')} narrow>
      <LoadView load={data}>
        {({ survivor, incidents }) => {
          // Every incident is linked unless the worker unticks it: a case usually covers them all.
          const chosen = incidentIds ?? incidents.map((i) => i.id);
          const toggle = (id: string, on: boolean) => setIncidentIds(on ? [...chosen, id] : chosen.filter((x) => x !== id));
          return (
            <form className="form" onSubmit={submit} noValidate data-testid="open-case-form">
              <p>
                {t('cases.open.for')} <strong dir="ltr" translate="no">{survivor.code}</strong>
              </p>
              {consentMissing ? (
                <Alert
                  tone="warning"
                  title={t('cases.open.consentMissingTitle')}
                  testId="open-case-consent-missing"
                  actions={
                    <Link to={`/survivors/${survivorId}`} className="row-link" data-testid="open-case-consent-link">
                      {t('cases.open.recordConsent')}
                    </Link>
                  }
                >
                  {t('cases.open.consentMissing')}
                </Alert>
              ) : null}
              {alert ? <Alert tone="error">{alert}</Alert> : null}
              <fieldset className="choice-list">
                <legend>{t('cases.open.incidents')}</legend>
                {incidents.length === 0 ? (
                  <p className="muted">
                    {t('cases.open.noIncidents')}{' '}
                    <Link to={`/incidents/new?survivorId=${survivorId}`}>{t('cases.open.recordIncident')}</Link>
                  </p>
                ) : (
                  incidents.map((incident) => (
                    <div key={incident.id}>
                      <Checkbox
                        label={
                          <>
                            <span dir="ltr" translate="no">{incident.incidentCode}</span> · {gbvTypeLabel(lang, incident.gbvType)}
                            {incident.incidentMonth ? ` · ${incident.incidentDate ?? incident.incidentMonth}` : ''}
                          </>
                        }
                        checked={chosen.includes(incident.id)}
                        onChange={(e) => toggle(incident.id, e.target.checked)}
                        testId={`open-case-incident-${incident.id}`}
                      />
                      <ClinicalClockBadge clock={incident.clinicalClock} />
                    </div>
                  ))
                )}
                {fieldError(open.error, 'incidentIds', t) ? <p className="field__error">{fieldError(open.error, 'incidentIds', t)}</p> : null}
              </fieldset>
              <RadioGroup
                legend={t('cases.risk')}
                name="riskLevel"
                value={riskLevel}
                onChange={(v) => setRiskLevel(v as RiskLevel)}
                options={RISK_LEVELS.map((r) => ({ value: r, label: t(`cases.risk.${r}`) }))}
                error={fieldError(open.error, 'riskLevel', t)}
                testId="open-case-risk"
              />
              <div className="field" data-testid="open-case-assignee">
                <p className="field__label">{t('cases.assignedTo')}</p>
                <p className="field__hint">{t('cases.open.assigneeHint')}</p>
                <p>{t('cases.me', { name: user.displayName })}</p>
                {fieldError(open.error, 'assignedTo', t) ? <p className="field__error">{fieldError(open.error, 'assignedTo', t)}</p> : null}
              </div>
              <TextField
                label={t('cases.nextFollowUp')}
                type="date"
                optional
                value={nextFollowUpOn}
                onChange={(e) => setNextFollowUpOn(e.target.value)}
                error={fieldError(open.error, 'nextFollowUpOn', t)}
                testId="open-case-follow-up"
              />
              <div className="button-row">
                <Button type="submit" variant="primary" busy={open.busy} testId="open-case-submit">
                  {t('cases.open.submit')}
                </Button>
                <Link to={`/survivors/${survivorId}`} className="row-link">{t('common.cancel')}</Link>
              </div>
            </form>
          );
        }}
      </LoadView>
    </Page>
  );
}
