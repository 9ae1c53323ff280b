/**
 * Refer from a case (issue 3 part 7, REF-1, ONCE-1, CON-2/3): a service from the directory,
 * the sections that travel (identifying ones unticked until the worker ticks them), urgent.
 * The server decides consent: when it is missing for that organisation, the page says
 * exactly that and links to the survivor's consent form. A supervisor may override (CON-3)
 * with a reason code and a justification, after confirming their password (SES-1).
 *
 * testids: referral-form, referral-incident, referral-section-<section>, referral-urgent,
 * referral-submit, referral-consent-missing, referral-consent-link, referral-override,
 * referral-override-reason, referral-override-justification, referral-override-password,
 * referral-override-submit (and service-picker.tsx's)
 */
import { useState, type FormEvent } from 'react';
import { MIN_OVERRIDE_JUSTIFICATION, OVERRIDE_REASON_CODES } from '../../../core/consent/gate';
import type { CaseView } from '../../../core/schemas/cases';
import type { IncidentView } from '../../../core/schemas/incidents';
import type { ReferralView } from '../../../core/schemas/referrals';
import type { ServiceView } from '../../../core/schemas/services';
import type { SurvivorSummary } from '../../../core/schemas/survivors';
import { api, isApiError } from '../../app/api';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { Link, navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, SelectField, TextField } from '../../ui/field';
import { TextAreaField } from '../../ui/text-area';
import { useIdempotencyKey } from '../cases/form-bits';
import { gbvTypeLabel } from '../cases/open-case-page';
import { defaultSections, INCIDENT_SECTIONS, isIdentifying, REFERRAL_SECTION_NAMES, type ReferralSection } from './referral-sections';
import { ServicePicker } from './service-picker';

const CONSENT_CODES = new Set(['referral.consent_required', 'referral.consent_withdrawn']);

export interface ReferralFormProps {
  caseView: Pick<CaseView, 'id' | 'survivorId'>;
  incidents: readonly IncidentView[];
  onSent: (referral: ReferralView) => void;
  onCancel: () => void;
}

export function ReferralForm({ caseView, incidents, onSent, onCancel }: ReferralFormProps) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const idempotencyKey = useIdempotencyKey();
  const [service, setService] = useState<ServiceView | null>(null);
  const [incidentId, setIncidentId] = useState(incidents[0]?.id ?? '');
  const [sections, setSections] = useState<ReferralSection[]>(() => defaultSections(incidents.length > 0));
  const [urgent, setUrgent] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const [override, setOverride] = useState({ reasonCode: 'imminent_risk', justification: '', password: '' });
  const [problem, setProblem] = useState<string | null>(null);
  // Kept apart from the last error: a wrong password must not hide the consent notice.
  const [consentCode, setConsentCode] = useState<string | null>(null);

  // CHD-1: the caregiver section is for a child survivor only. The incidents say whether she
  // was a child; when they cannot, the survivor's summary does.
  const childFromIncidents = incidents.some((i) => i.isChild === true) ? true : incidents.length > 0 && incidents.every((i) => i.isChild === false) ? false : null;
  const childLoad = useLoad(
    (signal) =>
      childFromIncidents !== null
        ? Promise.resolve(childFromIncidents)
        : api.get<SurvivorSummary>(`/api/survivors/${caseView.survivorId}`, { signal }).then((s) => s.isChild === true),
    [caseView.survivorId, childFromIncidents],
  );
  const isChild = childLoad.data === true;
  const offered = REFERRAL_SECTION_NAMES.filter((s) => s !== 'caregiver' || isChild);

  const send = useAction(async (withOverride: boolean) => {
    if (withOverride) await api.post('/api/auth/reauthenticate', { password: override.password });
    const chosen = (incidentId ? sections : sections.filter((s) => !INCIDENT_SECTIONS.includes(s))).filter((s) => s !== 'caregiver' || isChild);
    let referral: ReferralView;
    try {
      referral = await api.post<ReferralView>('/api/referrals', {
        caseId: caseView.id,
        incidentId: incidentId || null,
        serviceId: service!.id,
        sections: chosen,
        urgent,
        override: withOverride ? { reasonCode: override.reasonCode, justification: override.justification.trim() } : null,
        idempotencyKey,
      });
    } catch (error) {
      if (isApiError(error) && CONSENT_CODES.has(error.code)) setConsentCode(error.code);
      throw error;
    }
    onSent(referral);
    navigate(`/referrals/${referral.id}`);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!service) return setProblem(t('referrals.form.chooseService'));
    void send.run(false);
  };
  const submitOverride = () => {
    setProblem(null);
    if (override.justification.trim().length < MIN_OVERRIDE_JUSTIFICATION) return setProblem(t('referrals.override.tooShort', { min: MIN_OVERRIDE_JUSTIFICATION }));
    if (!override.password) return setProblem(t('referrals.override.passwordNeeded'));
    void send.run(true);
  };
  const consentMissing = consentCode !== null;
  const otherError = send.error && !(isApiError(send.error) && CONSENT_CODES.has(send.error.code)) ? describeError(send.error, t) : null;
  const toggle = (section: ReferralSection, on: boolean) => setSections((s) => (on ? [...s, section] : s.filter((x) => x !== section)));

  return (
    <form className="form panel" onSubmit={submit} noValidate data-testid="referral-form">
      <h2>{t('referrals.form.title')}</h2>
      <ServicePicker chosen={service} onChoose={(s) => { setService(s); send.setError(null); setConsentCode(null); setOverriding(false); }} />

      {incidents.length ? (
        <SelectField
          label={t('referrals.form.incident')}
          hint={t('referrals.form.incidentHint')}
          value={incidentId}
          onChange={(e) => setIncidentId(e.target.value)}
          options={[{ value: '', label: t('referrals.form.noIncident') }, ...incidents.map((i) => ({ value: i.id, label: `${i.incidentCode} · ${gbvTypeLabel(lang, i.gbvType)}` }))]}
          testId="referral-incident"
        />
      ) : null}

      <fieldset className="choice-list">
        <legend>{t('referrals.form.sections')}</legend>
        <p className="field__hint">{t('referrals.form.sectionsHint')}</p>
        {offered.map((section) => {
          const needsIncident = INCIDENT_SECTIONS.includes(section) && !incidentId;
          return (
            <div key={section}>
              <Checkbox
                label={t(`referrals.section.${section}`)}
                checked={sections.includes(section) && !needsIncident}
                disabled={needsIncident}
                onChange={(e) => toggle(section, e.target.checked)}
                testId={`referral-section-${section}`}
              />
              <p className={isIdentifying(section) ? 'choice-note choice-note--identifying' : 'choice-note'}>
                {t(`referrals.sectionNote.${section}`)}
              </p>
            </div>
          );
        })}
      </fieldset>

      <Checkbox label={t('referrals.form.urgent')} checked={urgent} onChange={(e) => setUrgent(e.target.checked)} testId="referral-urgent" />

      {problem ? <Alert tone="error">{problem}</Alert> : null}
      {consentMissing && service ? (
        <Alert
          tone="warning"
          title={t('referrals.consent.missingTitle')}
          testId="referral-consent-missing"
          actions={
            <Link to={`/survivors/${caseView.survivorId}`} className="row-link" data-testid="referral-consent-link">
              {t('referrals.consent.record', { organisation: service.organisationName })}
            </Link>
          }
        >
          {t(consentCode === 'referral.consent_withdrawn' ? 'referrals.consent.withdrawn' : 'referrals.consent.missing', { organisation: service.organisationName })}
        </Alert>
      ) : null}
      {otherError ? <Alert tone="error">{otherError}</Alert> : null}

      {consentMissing && can('cases.supervise') ? (
        overriding ? (
          <div className="form panel" data-testid="referral-override">
            <h3>{t('referrals.override.title')}</h3>
            <p>{t('referrals.override.intro')}</p>
            <SelectField
              label={t('referrals.override.reason')}
              value={override.reasonCode}
              onChange={(e) => setOverride((o) => ({ ...o, reasonCode: e.target.value }))}
              options={OVERRIDE_REASON_CODES.map((code) => ({ value: code, label: t(`referrals.overrideReason.${code}`) }))}
              testId="referral-override-reason"
            />
            <TextAreaField
              label={t('referrals.override.justification')}
              hint={t('referrals.override.justificationHint', { min: MIN_OVERRIDE_JUSTIFICATION })}
              value={override.justification}
              maxLength={2000}
              onChange={(e) => setOverride((o) => ({ ...o, justification: e.target.value }))}
              testId="referral-override-justification"
            />
            <TextField
              label={t('referrals.override.password')}
              type="password"
              autoComplete="current-password"
              value={override.password}
              onChange={(e) => setOverride((o) => ({ ...o, password: e.target.value }))}
              testId="referral-override-password"
            />
            <div className="button-row">
              <Button variant="danger" busy={send.busy} onClick={submitOverride} testId="referral-override-submit">{t('referrals.override.submit')}</Button>
              <Button onClick={() => setOverriding(false)}>{t('common.cancel')}</Button>
            </div>
          </div>
        ) : (
          <Button onClick={() => setOverriding(true)} testId="referral-override-open">{t('referrals.override.open')}</Button>
        )
      ) : null}

      <div className="button-row">
        <Button type="submit" variant="primary" busy={send.busy && !overriding} testId="referral-submit">{t('referrals.form.submit')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
