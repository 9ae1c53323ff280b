/**
 * What a logged call becomes: an incident (minimum survivor data, the caller's verbal
 * consent, incident basics), a referral (a service, the sections, verbal consent to that
 * organisation), or nothing further (information given).
 *
 * testids: call-panel, call-open-case, call-referral-needs-case-worker, call-to-incident, call-to-referral, call-nothing, call-incident-link,
 * call-referral-link, convert-sex, convert-age, convert-given-by (radio -survivor -caregiver),
 * convert-child-assent, convert-consent-verbal, convert-purpose-services, convert-purpose-statistics,
 * convert-incident-date, convert-act-<act>, convert-submit, (referral: service-picker testids,
 * convert-section-<section>)
 */
import { useState, type FormEvent } from 'react';
import { CRSV_ACTS } from '../../../core/classify/acts';
import { CHILD_ASSENTS } from '../../../core/consent/types';
import type { CallView } from '../../../core/schemas/hotline';
import type { ServiceView } from '../../../core/schemas/services';
import { DEFAULT_VOCABULARIES } from '../../../core/survivors/vocabularies';
import { api } from '../../app/api';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { Checkbox, SelectField, TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { RadioGroup } from '../cases/form-bits';
import { actLabel } from '../referrals/labels';
import { defaultSections, INCIDENT_SECTIONS, isIdentifying, REFERRAL_SECTION_NAMES, type ReferralSection } from '../referrals/referral-sections';
import { ServicePicker } from '../referrals/service-picker';

type Mode = 'incident' | 'referral' | null;

export function CallPanel({ callId, onChanged }: { callId: string; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const load = useLoad((signal) => api.get<CallView>(`/api/hotline/calls/${callId}`, { signal }), [callId]);
  const [mode, setMode] = useState<Mode>(null);
  const nothing = useAction(async () => {
    await api.post(`/api/hotline/calls/${callId}/outcome`, { outcome: 'none' });
    load.reload();
    onChanged();
  });
  const done = () => {
    setMode(null);
    load.reload();
    onChanged();
  };
  return (
    <section className="panel" data-testid="call-panel" aria-labelledby="call-panel-title">
      <LoadView load={load}>
        {(call) => (
          <>
            <h2 id="call-panel-title">{t('hotline.call.title', { code: call.code })}</h2>
            <p>
              {formatDateTime(lang, call.receivedAt)} · {t(`hotline.callerKind.${call.callerKind}`)}
              {call.isUrgent ? <> <span className="tag tag--urgent">{t('hotline.urgent')}</span></> : null}
            </p>
            {call.summaryErased ? <p className="muted">{t('hotline.summaryErased')}</p> : call.summary ? <p className="quote" dir="auto">{call.summary}</p> : null}
            <p>
              <strong>{t('hotline.outcome')}:</strong> {t(`hotline.outcome.${call.outcome}`)}
            </p>
            {call.incidentId ? <p><Link to={`/incidents/${call.incidentId}`} data-testid="call-incident-link">{t('hotline.openIncident')}</Link></p> : null}
            {call.survivorId && can('cases.work') ? (
              <p><Link to={`/cases/new?survivorId=${call.survivorId}`} data-testid="call-open-case">{t('hotline.openCase')}</Link></p>
            ) : null}
            {call.referralId ? <p><Link to={`/referrals/${call.referralId}`} data-testid="call-referral-link">{t('hotline.openReferral')}</Link></p> : null}
            {nothing.error ? <Alert tone="error">{describeError(nothing.error, t)}</Alert> : null}
            {mode === null && (call.outcome === 'pending' || call.outcome === 'incident') ? (
              <div className="button-row">
                {call.outcome === 'pending' ? <Button variant="primary" onClick={() => setMode('incident')} testId="call-to-incident">{t('hotline.toIncident')}</Button> : null}
                {/* The server lets only case work send a referral: it discloses her record. */}
                {can('cases.work') ? <Button onClick={() => setMode('referral')} testId="call-to-referral">{t('hotline.toReferral')}</Button> : null}
                {call.outcome === 'pending' ? (
                  <ConfirmButton label={t('hotline.nothing')} question={t('hotline.nothingConfirm')} onConfirm={() => nothing.run()} testId="call-nothing" />
                ) : null}
              </div>
            ) : null}
            {mode === null && !can('cases.work') && (call.outcome === 'pending' || call.outcome === 'incident') ? (
              <p className="field__hint" data-testid="call-referral-needs-case-worker">{t('hotline.referralNeedsCaseWorker')}</p>
            ) : null}
            {mode === 'incident' ? <ToIncident call={call} onDone={done} onCancel={() => setMode(null)} /> : null}
            {mode === 'referral' ? <ToReferral call={call} onDone={done} onCancel={() => setMode(null)} /> : null}
          </>
        )}
      </LoadView>
    </section>
  );
}

/** Who the call is about, and her verbal consent: shared by both conversions. */
function useSurvivorAndConsent(call: CallView) {
  const [sex, setSex] = useState('');
  const [age, setAge] = useState('');
  const [givenBy, setGivenBy] = useState<'survivor' | 'caregiver'>(call.callerKind === 'survivor' ? 'survivor' : 'caregiver');
  const [childAssent, setChildAssent] = useState('');
  const [verbal, setVerbal] = useState(false);
  const survivor = call.survivorId
    ? { survivorId: call.survivorId }
    : { newSurvivor: { sex: sex || null, ageAtRegistration: age === '' ? null : Number(age) } };
  const consent = { givenBy, childAssent: givenBy === 'caregiver' && childAssent ? childAssent : null };
  return { sex, setSex, age, setAge, givenBy, setGivenBy, childAssent, setChildAssent, verbal, setVerbal, survivor, consent };
}

function SurvivorAndConsentFields({ call, s }: { call: CallView; s: ReturnType<typeof useSurvivorAndConsent> }) {
  const { t, lang } = useI18n();
  const primary = lang === 'fr' || lang === 'ar' ? lang : 'en';
  return (
    <>
      {call.survivorId ? null : (
        <>
          <p className="field__hint">{t('hotline.convert.minimum')}</p>
          <SelectField
            label={t('hotline.convert.sex')}
            optional
            value={s.sex}
            onChange={(e) => s.setSex(e.target.value)}
            options={[{ value: '', label: t('hotline.notRecorded') }, ...DEFAULT_VOCABULARIES.sex.map((e) => ({ value: e.id, label: e.labels[primary] }))]}
            testId="convert-sex"
          />
          <TextField label={t('hotline.convert.age')} hint={t('hotline.convert.ageHint')} optional type="number" inputMode="numeric" min={0} max={120} value={s.age} onChange={(e) => s.setAge(e.target.value)} testId="convert-age" />
        </>
      )}
      <RadioGroup
        legend={t('hotline.convert.givenBy')}
        name="givenBy"
        value={s.givenBy}
        onChange={(v) => s.setGivenBy(v as 'survivor' | 'caregiver')}
        options={[
          { value: 'survivor', label: t('hotline.convert.givenBy.survivor') },
          { value: 'caregiver', label: t('hotline.convert.givenBy.caregiver') },
        ]}
        testId="convert-given-by"
      />
      {s.givenBy === 'caregiver' ? (
        <SelectField
          label={t('hotline.convert.childAssent')}
          optional
          value={s.childAssent}
          onChange={(e) => s.setChildAssent(e.target.value)}
          options={[{ value: '', label: t('hotline.notRecorded') }, ...CHILD_ASSENTS.map((a) => ({ value: a, label: t(`hotline.childAssent.${a}`) }))]}
          testId="convert-child-assent"
        />
      ) : null}
    </>
  );
}

function ToIncident({ call, onDone, onCancel }: { call: CallView; onDone: () => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const s = useSurvivorAndConsent(call);
  const [date, setDate] = useState('');
  const [acts, setActs] = useState<string[]>([]);
  const [purposes, setPurposes] = useState<string[]>(['services']);
  const [problem, setProblem] = useState<string | null>(null);
  const convert = useAction(async () => {
    // Each act answers its classification question (core/classify): the type follows.
    const answers = Object.fromEntries(CRSV_ACTS.filter((a) => acts.includes(a.id) && a.impliesYesTo).map((a) => [a.impliesYesTo, 'yes']));
    await api.post(`/api/hotline/calls/${call.id}/incident`, {
      ...s.survivor,
      incident: {
        incidentTime: date ? { precision: 'date', date, utcOffsetMinutes: -new Date(`${date}T12:00`).getTimezoneOffset() } : { precision: 'unknown' },
        classificationAnswers: answers,
        acts,
        ...(call.areaId ? { area: call.areaId } : {}),
      },
      consent: { ...s.consent, purposes },
    });
    onDone();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!s.verbal) return setProblem(t('hotline.convert.consentNeeded'));
    if (purposes.length === 0) return setProblem(t('hotline.convert.purposeNeeded'));
    void convert.run();
  };
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="call-incident-form">
      <h3>{t('hotline.toIncident')}</h3>
      <SurvivorAndConsentFields call={call} s={s} />
      <fieldset className="choice-list">
        <legend>{t('hotline.convert.purposes')}</legend>
        <Checkbox label={t('hotline.convert.purpose.services')} checked={purposes.includes('services')} onChange={(e) => setPurposes((p) => (e.target.checked ? [...p, 'services'] : p.filter((x) => x !== 'services')))} testId="convert-purpose-services" />
        <Checkbox label={t('hotline.convert.purpose.statistics')} checked={purposes.includes('statistics')} onChange={(e) => setPurposes((p) => (e.target.checked ? [...p, 'statistics'] : p.filter((x) => x !== 'statistics')))} testId="convert-purpose-statistics" />
      </fieldset>
      <Checkbox label={t('hotline.convert.verbal')} checked={s.verbal} onChange={(e) => s.setVerbal(e.target.checked)} testId="convert-consent-verbal" />
      <TextField label={t('hotline.convert.incidentDate')} hint={t('hotline.convert.incidentDateHint')} optional type="date" value={date} onChange={(e) => setDate(e.target.value)} testId="convert-incident-date" />
      <fieldset className="choice-list">
        <legend>{t('hotline.convert.acts')} <span className="field__optional">{t('common.optional')}</span></legend>
        {CRSV_ACTS.map((act) => (
          <Checkbox key={act.id} label={actLabel(act.id, lang)} checked={acts.includes(act.id)} onChange={(e) => setActs((a) => (e.target.checked ? [...a, act.id] : a.filter((x) => x !== act.id)))} testId={`convert-act-${act.id}`} />
        ))}
      </fieldset>
      <p className="field__hint">{t('hotline.convert.completeLater')}</p>
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      {convert.error ? <Alert tone="error">{describeError(convert.error, t)}</Alert> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={convert.busy} testId="convert-submit">{t('hotline.convert.createIncident')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

function ToReferral({ call, onDone, onCancel }: { call: CallView; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const s = useSurvivorAndConsent(call);
  const hasIncident = Boolean(call.incidentId);
  const [service, setService] = useState<ServiceView | null>(null);
  const [sections, setSections] = useState<ReferralSection[]>(() => defaultSections(hasIncident).filter((x) => x !== 'case_needs'));
  const [problem, setProblem] = useState<string | null>(null);
  const convert = useAction(async () => {
    await api.post(`/api/hotline/calls/${call.id}/referral`, { ...s.survivor, serviceId: service!.id, sections, consent: s.consent });
    onDone();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!service) return setProblem(t('referrals.form.chooseService'));
    if (!s.verbal) return setProblem(t('hotline.convert.consentNeeded'));
    void convert.run();
  };
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="call-referral-form">
      <h3>{t('hotline.toReferral')}</h3>
      <ServicePicker chosen={service} onChoose={setService} />
      <fieldset className="choice-list">
        <legend>{t('referrals.form.sections')}</legend>
        {REFERRAL_SECTION_NAMES.filter((x) => x !== 'case_needs').map((section) => {
          const unavailable = INCIDENT_SECTIONS.includes(section) && !hasIncident;
          return (
            <div key={section}>
              <Checkbox
                label={t(`referrals.section.${section}`)}
                checked={sections.includes(section) && !unavailable}
                disabled={unavailable}
                onChange={(e) => setSections((list) => (e.target.checked ? [...list, section] : list.filter((x) => x !== section)))}
                testId={`convert-section-${section}`}
              />
              <p className={isIdentifying(section) ? 'choice-note choice-note--identifying' : 'choice-note'}>{t(`referrals.sectionNote.${section}`)}</p>
            </div>
          );
        })}
      </fieldset>
      <SurvivorAndConsentFields call={call} s={s} />
      <Checkbox
        label={service ? t('hotline.convert.verbalReferral', { organisation: service.organisationName }) : t('hotline.convert.verbal')}
        checked={s.verbal}
        onChange={(e) => s.setVerbal(e.target.checked)}
        testId="convert-consent-verbal"
      />
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      {convert.error ? <Alert tone="error">{describeError(convert.error, t)}</Alert> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={convert.busy} testId="convert-submit">{t('hotline.convert.createReferral')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
