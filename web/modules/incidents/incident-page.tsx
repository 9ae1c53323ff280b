/*
 * One incident (/incidents/:id). The clinical clock comes first for rape and sexual assault.
 * The server decides what each role sees (MIN-2): every sensitive field may be absent, and
 * the page shows what it received, nothing more.
 * testids: incident-page, incident-saved, incident-code, incident-type, incident-contexts,
 *   incident-when, incident-open-survivor, incident-narrative-text, incident-exact-location-text,
 *   clinical-clock, clinical-clock-elapsed, clinical-window-<pep|emergency_contraception>,
 *   clinical-window-<kind>-state
 */
import type { ReactNode } from 'react';
import type { IncidentView } from '../../../core/schemas/incidents';
import { api } from '../../app/api';
import { formatDate, labelled, listFormat } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link, useLocation } from '../../app/router';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { ageGroupLabel } from '../survivors/survivor-labels';
import { ClinicalClockPanel } from '../../ui/clinical-clock';
import { actLabel, areaLabel, classifyLabel, contextLabel, incidentWhen, typeLabel, vocabLabel } from './incident-labels';
import './incidents.css';

function Facts({ items }: { items: readonly [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([label, value]) => (
        <div key={label} className="facts__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function IncidentPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { search } = useLocation();
  const incident = useLoad(async (signal) => ({ view: await api.get<IncidentView>(`/api/incidents/${id}`, { signal }), loadedAt: Date.now() }), [id]);

  return (
    <LoadView load={incident}>
      {({ view: i, loadedAt }) => {
        const yesNo = (value: boolean | null) => (value === null ? t('incidents.unknown') : value ? t('survivors.yes') : t('survivors.no'));
        const orUnknown = (text: string) => text || t('survivors.notRecorded');
        const when: [string, ReactNode][] = [
          [t('incidents.when'), <span data-testid="incident-when">{incidentWhen(i, t, lang)}</span>],
          ...(i.reportDate !== undefined ? [[t('incidents.reportDate'), formatDate(lang, i.reportDate)] as [string, ReactNode]] : []),
          [t('incidents.timeOfDay'), orUnknown(vocabLabel('timeOfDay', i.timeOfDay, lang))],
          [t('incidents.area'), orUnknown(areaLabel(i.area, lang))],
          [t('incidents.placeType'), orUnknown(vocabLabel('placeType', i.placeType, lang))],
          [t('incidents.displacementStage'), orUnknown(vocabLabel('displacementStage', i.displacementStage, lang))],
          ...(i.ageAtIncident !== undefined
            ? [[t('incidents.ageAtIncident'), i.ageAtIncident === null ? t('survivors.notRecorded') : String(i.ageAtIncident)] as [string, ReactNode]]
            : []),
          [t('survivors.ageGroup'), orUnknown(ageGroupLabel(i.ageGroup, lang))],
        ];
        const perpetrators: [string, ReactNode][] = [
          [t('incidents.perpetratorCount'), orUnknown(vocabLabel('perpetratorCount', i.perpetratorCount, lang))],
          [t('incidents.perpetratorSex'), orUnknown(vocabLabel('perpetratorSex', i.perpetratorSex, lang))],
          [t('incidents.perpetratorAgeGroup'), orUnknown(ageGroupLabel(i.perpetratorAgeGroup, lang))],
          [t('incidents.perpetratorRelationship'), orUnknown(classifyLabel('classify.relationship', i.perpetratorRelationship, lang))],
          [t('incidents.perpetratorCategory'), orUnknown(classifyLabel('classify.perpetratorCategory', i.perpetratorCategory, lang))],
        ];
        const context: [string, ReactNode][] = [
          [t('incidents.conflictContexts'), i.conflictContexts.length ? listFormat(lang, i.conflictContexts.map((c) => vocabLabel('conflictContext', c, lang))) : t('survivors.notRecorded')],
          [t('incidents.abduction'), orUnknown(classifyLabel('classify.abduction', i.abductionType, lang))],
          [t('incidents.previouslyReported'), yesNo(i.previouslyReported)],
          [t('incidents.previousGbv'), yesNo(i.previousGbvIncidents)],
          [t('incidents.goodsExchanged'), yesNo(i.goodsMoneyExchanged)],
        ];
        return (
          <Page title={t('incidents.pageTitle', { code: i.incidentCode })}>
            <div data-testid="incident-page" className="incident-page">
              {search.get('saved') ? (
                <Alert tone="success" testId="incident-saved">
                  {t('incidents.saved', { code: i.incidentCode })}
                </Alert>
              ) : null}
              {i.erased ? <Alert tone="info">{t('incidents.narrativeErased')}</Alert> : null}

              {i.clinicalClock ? <ClinicalClockPanel clock={i.clinicalClock} loadedAt={loadedAt} /> : null}

              <section className="panel incident-summary">
                <p className="incident-type" data-testid="incident-type" data-type={i.gbvType}>
                  <span className="muted">{labelled(lang, t('incidents.type'))}</span>
                  <strong>{typeLabel(i.gbvType, lang)}</strong>
                  <span className="visually-hidden" data-testid="incident-code">{i.incidentCode}</span>
                </p>
                {i.contexts.length > 0 || i.isCrsv || i.isSea ? (
                  <ul className="tag-list" data-testid="incident-contexts">
                    {i.contexts.map((c) => (
                      <li key={c} className="tag" data-context={c}>
                        {contextLabel(c, lang)}
                      </li>
                    ))}
                    {i.isCrsv ? <li className="tag tag--crsv">{t('incidents.crsv')}</li> : null}
                    {i.isSea && !i.contexts.includes('sexual_exploitation_and_abuse') ? <li className="tag tag--sea">{t('incidents.sea')}</li> : null}
                  </ul>
                ) : null}
                {i.survivorId ? (
                  <p>
                    <Link to={`/survivors/${i.survivorId}`} className="button button--secondary" data-testid="incident-open-survivor">
                      {t('incidents.openSurvivor')}
                    </Link>
                  </p>
                ) : null}
              </section>

              <section className="panel" aria-labelledby="incident-acts">
                <h2 id="incident-acts">{t('incidents.acts')}</h2>
                {i.acts.length === 0 ? (
                  <p className="muted">{t('incidents.actsNone')}</p>
                ) : (
                  <ul className="tag-list">
                    {i.acts.map((a) => (
                      <li key={a} className="tag">
                        {actLabel(a, lang)}
                      </li>
                    ))}
                  </ul>
                )}
              </section>

              <section className="panel" aria-labelledby="incident-details">
                <h2 id="incident-details">{t('incidents.details')}</h2>
                <Facts items={when} />
                <h3>{t('incidents.step.perpetrators')}</h3>
                <Facts items={perpetrators} />
                <h3>{t('incidents.step.context')}</h3>
                <Facts items={context} />
              </section>

              {i.narrative !== undefined || i.exactLocation !== undefined ? (
                <section className="panel form-section--sealed" aria-labelledby="incident-narrative">
                  <h2 id="incident-narrative">
                    {t('incidents.step.narrative')} <span className="sealed-mark">{t('survivors.encrypted')}</span>
                  </h2>
                  {i.narrative ? (
                    <p className="narrative" dir="auto" data-testid="incident-narrative-text">
                      {i.narrative}
                    </p>
                  ) : (
                    <p className="muted" data-testid="incident-narrative-text">
                      {i.erased ? t('incidents.narrativeErased') : t('incidents.narrativeNone')}
                    </p>
                  )}
                  {i.exactLocation ? (
                    <Facts items={[[t('incidents.exactLocation'), <span data-testid="incident-exact-location-text">{i.exactLocation}</span>]]} />
                  ) : null}
                </section>
              ) : null}
            </div>
          </Page>
        );
      }}
    </LoadView>
  );
}
