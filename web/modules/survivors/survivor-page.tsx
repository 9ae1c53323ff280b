/*
 * A survivor's page (/survivors/:id): profile, identifying details (only when the server
 * sends them: MIN-2), consents with withdrawal (CON-4), incidents, how many times the story
 * was written (ONCE-1), and erasure for supervisors (STO-3).
 * testids: survivor-page, survivor-code, survivor-story-count, survivor-identity,
 *   survivor-identity-hidden, survivor-edit (then survivor-form.tsx testids), survivor-record-consent, consent-form (see consent-form.tsx:
 *   consent-purpose, consent-recipient, consent-service, consent-given-by,
 *   consent-child-assent, consent-guardian-reason, consent-method, consent-legal-basis,
 *   consent-submit, consent-cancel), consent-list, consent-<purpose>-<n> (active ones),
 *   consent-withdraw-<consentId>, consent-withdraw-<consentId>-confirm, consents-withdrawn,
 *   survivor-record-incident, survivor-open-case, survivor-incidents, survivor-incident-<code>,
 *   survivor-message, survivor-alert-return, survivor-alert-continue (from an alert: ?alert=…,
 *   alert-return-panel.tsx), erasure-open, erasure-form, erasure-reason, erasure-password,
 *   erasure-understood, erasure-submit, erasure-cancel
 */
import { useEffect, useRef, useState } from 'react';
import type { ConsentView } from '../../../core/schemas/consents';
import type { IncidentView } from '../../../core/schemas/incidents';
import type { OrganisationView } from '../../../core/schemas/organisations';
import { SURVIVOR_IDENTITY_FIELDS, type SurvivorView } from '../../../core/schemas/survivors';
import { api } from '../../app/api';
import type { ListResponse } from '../../app/api-types';
import { describeError } from '../../app/errors';
import { formatDate, formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link, useLocation } from '../../app/router';
import { useSession, useSignedIn } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { EmptyState } from '../../ui/empty-state';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { ClinicalClockBadge } from '../../ui/clinical-clock';
import { incidentWhen, typeLabel } from '../incidents/incident-labels';
import { alertOfSearch, incidentFromAlertPath } from './alert-return';
import { AlertReturnPanel } from './alert-return-panel';
import { ConsentForm } from './consent-form';
import { ErasurePanel } from './erasure-panel';
import { SurvivorForm } from './survivor-form';
import { ageGroupLabel, childLabel, consentLabel, loadVocabularies, profileLabel } from './survivor-labels';
import '../incidents/incidents.css';

type Message = { tone: 'success' | 'error'; text: string } | null;

interface Loaded {
  survivor: SurvivorView;
  loadedAt: number;
}

function Facts({ items, auto }: { items: readonly [string, string][]; auto?: boolean }) {
  return (
    <dl className="facts">
      {items.map(([label, value]) => (
        <div key={label} className="facts__row">
          <dt>{label}</dt>
          <dd dir={auto ? 'auto' : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function StoryCount({ count }: { count: number }) {
  const { t } = useI18n();
  const text = count <= 0 ? t('survivors.storyNever') : count === 1 ? t('survivors.storyOnce') : t('survivors.storyMany', { count });
  return (
    <p className={count > 1 ? 'story-count story-count--many' : 'story-count'} data-testid="survivor-story-count" data-count={count}>
      {text}
    </p>
  );
}

function IdentityPanel({ survivor }: { survivor: SurvivorView }) {
  const { t } = useI18n();
  if (survivor.identity === undefined) {
    return <p className="muted" data-testid="survivor-identity-hidden">{t('survivors.identityHidden')}</p>;
  }
  if (survivor.identity === null) return <p className="muted" data-testid="survivor-identity">{t('survivors.identityErased')}</p>;
  const identity = survivor.identity;
  const filled = SURVIVOR_IDENTITY_FIELDS.filter((field) => identity[field]);
  if (filled.length === 0) return <p className="muted" data-testid="survivor-identity">{t('survivors.identityEmpty')}</p>;
  return (
    <div data-testid="survivor-identity">
      <Facts auto items={filled.map((field) => [t(`survivors.${field}`), identity[field] ?? ''])} />
    </div>
  );
}

export function SurvivorPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { user } = useSignedIn();
  const { search } = useLocation();
  const [justRegistered, setJustRegistered] = useState(search.get('step') === 'consent');
  const [message, setMessageState] = useState<Message>(null);
  const setMessage = (next: Message) => {
    setJustRegistered(false);
    setMessageState(next);
  };
  const [recording, setRecording] = useState(search.get('step') === 'consent');
  const [editing, setEditing] = useState(false);
  // Registered for an alert's incident: the way back to it stays on this page (alert-return.ts).
  const alertId = alertOfSearch(search);
  const [consentsRecorded, setConsentsRecorded] = useState(0);

  const survivor = useLoad<Loaded>(async (signal) => ({ survivor: await api.get<SurvivorView>(`/api/survivors/${id}`, { signal }), loadedAt: Date.now() }), [id]);
  const consents = useLoad((signal) => api.get<ListResponse<ConsentView>>(`/api/survivors/${id}/consents`, { signal }), [id]);
  const incidents = useLoad(
    async (signal) => ({ list: await api.get<ListResponse<IncidentView>>('/api/incidents', { query: { survivorId: id, limit: 50 }, signal }), loadedAt: Date.now() }),
    [id],
  );
  const organisations = useLoad((signal) => api.get<ListResponse<OrganisationView>>('/api/organisations', { signal }), []);
  const vocabularies = useLoad(loadVocabularies, []);

  // Straight from registration the consent form is the next step, but on a phone it starts far
  // below the profile: once what sits above it has loaded, bring it into view and focus it.
  const arriving = useRef(search.get('step') === 'consent');
  const consentStep = useRef<HTMLDivElement>(null);
  const settled = survivor.status === 'ready' && consents.status !== 'loading' && organisations.status !== 'loading';
  useEffect(() => {
    const node = consentStep.current;
    if (!arriving.current || !settled || !node) return;
    arriving.current = false;
    node.scrollIntoView({ block: 'start' });
    node.querySelector<HTMLElement>('input, select, textarea')?.focus({ preventScroll: true });
  }, [settled]);

  const organisationName = (orgId: string) => organisations.data?.data.find((o) => o.id === orgId)?.name ?? '…';
  const withdraw = async (consent: ConsentView) => {
    setMessage(null);
    try {
      await api.post(`/api/survivors/${id}/consents/${consent.id}/withdraw`);
      setMessage({ tone: 'success', text: t('survivors.consent.withdrawnDone') });
      consents.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: describeError(error, t) });
    }
  };

  return (
    <LoadView load={survivor}>
      {({ survivor: s }) => {
        const lists = vocabularies.data;
        const active = consents.data?.data.filter((c) => c.active) ?? [];
        const withdrawn = consents.data?.data.filter((c) => !c.active) ?? [];
        return (
          <Page
            title={t('survivors.pageTitle', { code: s.code })}
            actions={
              s.erased ? null : (
                <div className="button-row">
                  <Link
                    className="button button--primary"
                    to={alertId ? incidentFromAlertPath(alertId, s.id) : `/incidents/new?survivorId=${s.id}`}
                    data-testid="survivor-record-incident"
                  >
                    {t('survivors.recordIncident')}
                  </Link>
                  <Link className="button button--secondary" to={`/cases/new?survivorId=${s.id}`} data-testid="survivor-open-case">
                    {t('survivors.openCase')}
                  </Link>
                </div>
              )
            }
          >
            <div data-testid="survivor-page" className="survivor-page">
              {justRegistered ? (
                <Alert tone="success" testId="survivor-message">
                  {t('survivors.created', { code: s.code })}
                </Alert>
              ) : message ? (
                <Alert tone={message.tone} testId="survivor-message">
                  {message.text}
                </Alert>
              ) : null}
              {s.erased ? <Alert tone="info">{t('survivors.erasedNote', { date: formatDate(lang, s.erasedAt) })}</Alert> : null}

              {editing ? (
                <section className="panel" aria-labelledby="survivor-edit-title">
                  <h2 id="survivor-edit-title">{t('survivors.editTitle')}</h2>
                  <SurvivorForm
                    survivor={s}
                    onSaved={() => {
                      setEditing(false);
                      setMessage({ tone: 'success', text: t('survivors.updated') });
                      survivor.reload();
                    }}
                    onCancel={() => setEditing(false)}
                  />
                </section>
              ) : (
                <>
                  <section className="panel" aria-labelledby="survivor-profile">
                    <h2 id="survivor-profile">
                      {t('survivors.profile')}{' '}
                      <span className="survivor-code" dir="ltr" data-testid="survivor-code">
                        {s.code}
                      </span>
                    </h2>
                    <StoryCount count={s.narrativeEntries} />
                    <Facts
                      items={[
                        [t('survivors.sex'), profileLabel(lists, 'sex', s.sex, lang) || t('survivors.notRecorded')],
                        [t('survivors.age'), s.ageAtRegistration === null ? t('survivors.notRecorded') : String(s.ageAtRegistration)],
                        [t('survivors.ageGroup'), ageGroupLabel(s.ageGroup, lang) || t('survivors.notRecorded')],
                        [t('survivors.child'), childLabel(s.isChild, t)],
                        [t('survivors.disability'), profileLabel(lists, 'disability', s.disability, lang) || t('survivors.notRecorded')],
                        [t('survivors.displacementStatus'), profileLabel(lists, 'displacementStatus', s.displacementStatus, lang) || t('survivors.notRecorded')],
                        [t('survivors.maritalStatus'), profileLabel(lists, 'maritalStatus', s.maritalStatus, lang) || t('survivors.notRecorded')],
                        [t('survivors.nationality'), s.nationality ?? t('survivors.notRecorded')],
                        [
                          t('survivors.childrenBornOfRape'),
                          s.childrenBornOfRape === null ? t('survivors.notRecorded') : s.childrenBornOfRape ? t('survivors.yes') : t('survivors.no'),
                        ],
                        [t('survivors.registered'), formatDate(lang, s.createdAt)],
                      ]}
                    />
                  </section>

                  <section className="panel form-section--sealed" aria-labelledby="survivor-identity-title">
                    <h2 id="survivor-identity-title">
                      {t('survivors.identity')} <span className="sealed-mark">{t('survivors.encrypted')}</span>
                    </h2>
                    <IdentityPanel survivor={s} />
                  </section>
                  {s.erased ? null : (
                    <div className="button-row">
                      <Button onClick={() => { setMessage(null); setEditing(true); }} testId="survivor-edit">
                        {t('common.edit')}
                      </Button>
                    </div>
                  )}
                </>
              )}

              <section className="panel" aria-labelledby="survivor-consents">
                <h2 id="survivor-consents">{t('survivors.consent.title')}</h2>
                <p className="muted">{t('survivors.consent.intro')}</p>
                <LoadView load={consents}>
                  {() =>
                    active.length === 0 ? (
                      <EmptyState>{t('survivors.consent.empty')}</EmptyState>
                    ) : (
                      <ul className="consent-list" data-testid="consent-list">
                        {active.map((c, index) => (
                          <li key={c.id} className="consent" data-testid={`consent-${c.purpose}-${index}`}>
                            <div className="consent__text">
                              <strong>{consentLabel(c, t, organisationName, lang)}</strong>
                              <span className="muted">
                                {t(`survivors.consent.givenBy.${c.givenBy}`)} · {t(`survivors.consent.method.${c.method}`)} ·{' '}
                                {formatDateTime(lang, c.givenAt)}
                                {c.childAssent ? ` · ${t(`survivors.consent.childAssent.${c.childAssent}`)}` : ''}
                                {c.guardianNotAskedReason ? ` · ${t(`survivors.consent.guardianReason.${c.guardianNotAskedReason}`)}` : ''}
                              </span>
                            </div>
                            {s.erased ? null : (
                              <ConfirmButton
                                label={t('survivors.consent.withdraw')}
                                question={t('survivors.consent.withdrawConfirm')}
                                onConfirm={() => withdraw(c)}
                                testId={`consent-withdraw-${c.id}`}
                              />
                            )}
                          </li>
                        ))}
                      </ul>
                    )
                  }
                </LoadView>
                {withdrawn.length > 0 ? (
                  <details className="consents-withdrawn" data-testid="consents-withdrawn">
                    <summary>{t('survivors.consent.showWithdrawn', { count: withdrawn.length })}</summary>
                    <ul className="consent-list">
                      {withdrawn.map((c) => (
                        <li key={c.id} className="consent consent--withdrawn">
                          <div className="consent__text">
                            <span>{consentLabel(c, t, organisationName, lang)}</span>
                            <span className="muted">{t('survivors.consent.withdrawn', { date: formatDateTime(lang, c.withdrawnAt) })}</span>
                          </div>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
                {alertId && !s.erased ? (
                  <AlertReturnPanel alertId={alertId} survivorId={s.id} hasConsent={active.length > 0} focusRequest={consentsRecorded} />
                ) : null}
                {s.erased ? null : recording ? (
                  <div ref={consentStep} className="consent-step">
                    <ConsentForm
                      survivorId={s.id}
                      isChild={s.isChild}
                      organisations={organisations.data?.data ?? []}
                      ownOrganisationId={user.organisation.id}
                      onRecorded={() => {
                        setRecording(false);
                        setMessage({ tone: 'success', text: t('survivors.consent.recorded') });
                        setConsentsRecorded((n) => n + 1);
                        consents.reload();
                      }}
                      onCancel={() => setRecording(false)}
                    />
                  </div>
                ) : (
                  <div className="button-row">
                    <Button onClick={() => { setMessage(null); setRecording(true); }} testId="survivor-record-consent">
                      {t('survivors.consent.record')}
                    </Button>
                  </div>
                )}
              </section>

              <section className="panel" aria-labelledby="survivor-incidents-title">
                <h2 id="survivor-incidents-title">{t('survivors.incidents')}</h2>
                <LoadView load={incidents}>
                  {({ list, loadedAt }) =>
                    list.data.length === 0 ? (
                      <EmptyState>{t('survivors.incidentsEmpty')}</EmptyState>
                    ) : (
                      <ul className="incident-links" data-testid="survivor-incidents">
                        {list.data.map((incident) => (
                          <li key={incident.id}>
                            <Link to={`/incidents/${incident.id}`} data-testid={`survivor-incident-${incident.incidentCode}`}>
                              <span dir="ltr">{incident.incidentCode}</span> · {typeLabel(incident.gbvType, lang)}
                            </Link>
                            <span className="muted">{incidentWhen(incident, t, lang)}</span>
                            {incident.clinicalClock ? <ClinicalClockBadge clock={incident.clinicalClock} loadedAt={loadedAt} testId={`incident-clock-${incident.id}`} /> : null}
                          </li>
                        ))}
                      </ul>
                    )
                  }
                </LoadView>
              </section>

              {can('cases.supervise') && !s.erased ? (
                <ErasurePanel
                  survivorId={s.id}
                  onErased={(result) => {
                    setMessage({ tone: 'success', text: t('survivors.erase.done', { organisations: result.notifiedOrganisationIds.length }) });
                    survivor.reload();
                    incidents.reload();
                  }}
                />
              ) : null}
            </div>
          </Page>
        );
      }}
    </LoadView>
  );
}
