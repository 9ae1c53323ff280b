/**
 * One referral (/referrals/:id). The recipient sees only the sections the referrer chose and
 * the consent still allows (the server strips the rest), the clinical clock, and how many
 * times the survivor's story was already written down, so nobody asks her again (ONCE-1);
 * then accepts, declines with a reason, records the service delivered, closes. After a
 * withdrawal the page says so and shows nothing identifying (CON-4). The referrer sees the
 * timeline and may revoke before delivery.
 *
 * testids: referral-page, referral-status, referral-consent-withdrawn, referral-erased,
 * referral-narrative-count, referral-shared, referral-accept, referral-decline,
 * referral-decline-reason, referral-decline-confirm, referral-deliver, referral-deliver-date,
 * referral-deliver-note, referral-deliver-confirm, referral-close, referral-revoke,
 * referral-revoke-confirm, referral-timeline, referral-case-link, clinical-clock-panel
 */
import { useState } from 'react';
import type { AreaView } from '../../../core/places/schemas';
import type { ReferralView, SharedSnapshot } from '../../../core/schemas/referrals';
import { DECLINE_REASONS } from './decline-reasons';
import { api } from '../../app/api';
import { describeError } from '../../app/errors';
import { formatDate, formatDateTime, listFormat } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { SelectField, TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { ClinicalClockPanel } from '../../ui/clinical-clock';
import { TextAreaField } from '../../ui/text-area';
import { todayIso } from '../cases/form-bits';
import { areaName } from '../services/area-select';
import { gbvTypeLabel } from '../cases/open-case-page';
import { actLabel, ageGroupLabel, placeTypeLabel, profileLabel } from './labels';

export function ReferralPage({ id }: { id: string }) {
  // Areas come with the referral, so the incident summary shows the area's name at once.
  // They identify no one and may come from the HTTP cache; without them the area shows as '—'.
  const load = useLoad(
    async (signal) => {
      const [view, areas] = await Promise.all([
        api.get<ReferralView>(`/api/referrals/${id}`, { signal }),
        loadAreas(signal).catch(() => [] as AreaView[]),
      ]);
      return { view, areas };
    },
    [id],
  );
  return <LoadView load={load}>{({ view, areas }) => <ReferralContent key={view.version} initial={view} areas={areas} />}</LoadView>;
}

function ReferralContent({ initial, areas }: { initial: ReferralView; areas: readonly AreaView[] }) {
  const { t, tp, lang } = useI18n();
  const [view, setView] = useState(initial);
  const [panel, setPanel] = useState<'decline' | 'deliver' | null>(null);
  const [reason, setReason] = useState<string>(DECLINE_REASONS[0] ?? 'other');
  const [delivered, setDelivered] = useState({ on: todayIso(), note: '' });
  const act = useAction(async (action: string, body: Record<string, unknown> = {}) => {
    setView(await api.post<ReferralView>(`/api/referrals/${view.id}/${action}`, { version: view.version, ...body }));
    setPanel(null);
  });
  const incoming = view.direction === 'incoming';
  const can = (a: ReferralView['actions'][number]) => view.actions.includes(a);

  return (
    <Page title={incoming ? t('referrals.page.incomingTitle', { organisation: view.referringOrganisationName }) : t('referrals.page.outgoingTitle', { service: view.service.name })}>
      <div data-testid="referral-page">
        {act.error ? <Alert tone="error">{describeError(act.error, t)}</Alert> : null}
        {view.consentWithdrawn ? (
          <Alert tone="warning" title={t('referrals.withdrawn.title')} testId="referral-consent-withdrawn">
            {incoming ? t('referrals.withdrawn.recipient') : t('referrals.withdrawn.referrer')}
          </Alert>
        ) : null}
        {view.erased ? <Alert tone="warning" testId="referral-erased">{t('referrals.erased')}</Alert> : null}

        <section className="panel">
          <dl className="facts">
            <dt>{t('common.status')}</dt>
            <dd data-testid="referral-status">
              {view.urgent ? <span className="tag tag--urgent">{t('referrals.urgent')}</span> : null}
              <span className="tag">{t(`referrals.status.${view.status}`)}</span>
            </dd>
            <dt>{t('referrals.from')}</dt>
            <dd>{view.referringOrganisationName}</dd>
            <dt>{t('referrals.to')}</dt>
            <dd>{t('referrals.toLine', { service: view.service.name, type: t(`services.type.${view.service.type}`), organisation: view.service.organisationName })}</dd>
            {view.gbvType ? (
              <>
                <dt>{t('referrals.gbvType')}</dt>
                <dd>{gbvTypeLabel(lang, view.gbvType)}</dd>
              </>
            ) : null}
            <dt>{t('referrals.sentOnLabel')}</dt>
            <dd>{formatDateTime(lang, view.createdAt)}</dd>
            {view.declineReason ? (
              <>
                <dt>{t('referrals.declineReason')}</dt>
                <dd>{t(`referrals.declineReason.${view.declineReason}`)}</dd>
              </>
            ) : null}
            {view.serviceDeliveredOn ? (
              <>
                <dt>{t('referrals.deliveredOn')}</dt>
                <dd>{formatDate(lang, view.serviceDeliveredOn)}</dd>
              </>
            ) : null}
            {view.outcomeNote ? (
              <>
                <dt>{t('referrals.outcomeNote')}</dt>
                <dd dir="auto">{view.outcomeNote}</dd>
              </>
            ) : null}
            {!incoming && view.caseId ? (
              <>
                <dt>{t('referrals.case')}</dt>
                <dd><Link to={`/cases/${view.caseId}`} data-testid="referral-case-link">{t('referrals.openCase')}</Link></dd>
              </>
            ) : null}
          </dl>
          {view.override ? (
            <Alert tone="warning" title={t('referrals.override.recorded')}>
              {t(`referrals.overrideReason.${view.override.reasonCode as 'imminent_risk'}`)}
              {view.override.justification ? <p dir="auto">{view.override.justification}</p> : null}
            </Alert>
          ) : null}
        </section>

        {view.clinicalClock ? (
          // Once the service was delivered or the referral closed, urging care here would mislead.
          <ClinicalClockPanel clock={view.clinicalClock} advise={view.status !== 'service_delivered' && view.status !== 'closed'} testId="clinical-clock-panel" />
        ) : null}

        {view.narrativeEntries !== null && view.narrativeEntries > 0 ? (
          <Alert tone="info" title={t('referrals.once.title')} testId="referral-narrative-count">
            {tp('referrals.once.count', view.narrativeEntries)}
          </Alert>
        ) : null}

        {view.shared && !view.consentWithdrawn ? <SharedSections shared={view.shared} areas={areas} /> : null}

        <section className="panel">
          <h2>{t('common.actions')}</h2>
          {view.actions.length === 0 ? <p className="muted">{t('referrals.noActions')}</p> : null}
          <div className="button-row">
            {can('accept') ? <Button variant="primary" busy={act.busy} onClick={() => void act.run('accept')} testId="referral-accept">{t('referrals.accept')}</Button> : null}
            {can('decline') && panel !== 'decline' ? <Button onClick={() => setPanel('decline')} testId="referral-decline">{t('referrals.decline')}</Button> : null}
            {can('deliver') && panel !== 'deliver' ? <Button variant="primary" onClick={() => setPanel('deliver')} testId="referral-deliver">{t('referrals.deliver')}</Button> : null}
            {can('close') ? <Button busy={act.busy} onClick={() => void act.run('close')} testId="referral-close">{t('referrals.close')}</Button> : null}
            {can('revoke') ? (
              <ConfirmButton variant="danger" label={t('referrals.revoke')} question={t('referrals.revokeConfirm')} onConfirm={() => act.run('revoke')} testId="referral-revoke" />
            ) : null}
          </div>
          {panel === 'decline' ? (
            <div className="form">
              <SelectField
                label={t('referrals.declineReason')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                options={DECLINE_REASONS.map((r) => ({ value: r, label: t(`referrals.declineReason.${r}`) }))}
                testId="referral-decline-reason"
              />
              <div className="button-row">
                <Button variant="danger" busy={act.busy} onClick={() => void act.run('decline', { reason })} testId="referral-decline-confirm">{t('referrals.decline')}</Button>
                <Button onClick={() => setPanel(null)}>{t('common.cancel')}</Button>
              </div>
            </div>
          ) : null}
          {panel === 'deliver' ? (
            <div className="form">
              <TextField label={t('referrals.deliveredOn')} type="date" value={delivered.on} onChange={(e) => setDelivered((d) => ({ ...d, on: e.target.value }))} testId="referral-deliver-date" />
              <TextAreaField
                label={t('referrals.outcomeNote')}
                hint={t('referrals.outcomeNoteHint')}
                optional
                maxLength={4000}
                value={delivered.note}
                onChange={(e) => setDelivered((d) => ({ ...d, note: e.target.value }))}
                testId="referral-deliver-note"
              />
              <div className="button-row">
                <Button
                  variant="primary"
                  busy={act.busy}
                  onClick={() => void act.run('deliver', { deliveredOn: delivered.on, outcomeNote: delivered.note.trim() || null })}
                  testId="referral-deliver-confirm"
                >
                  {t('referrals.deliver')}
                </Button>
                <Button onClick={() => setPanel(null)}>{t('common.cancel')}</Button>
              </div>
            </div>
          ) : null}
        </section>

        <section className="panel">
          <h2>{t('referrals.timeline')}</h2>
          <ol className="timeline" data-testid="referral-timeline">
            {view.events.map((e, i) => (
              <li key={i}>
                <strong>{t(`referrals.status.${e.status}`)}</strong> · {formatDateTime(lang, e.occurredAt)}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </Page>
  );
}

function SharedSections({ shared, areas }: { shared: SharedSnapshot; areas: readonly AreaView[] }) {
  const { t, lang } = useI18n();
  return (
    <section className="panel" data-testid="referral-shared" aria-labelledby="shared-title">
      <h2 id="shared-title">{t('referrals.shared.title')}</h2>
      <p className="muted">{t('referrals.shared.intro')}</p>
      {shared.profile ? (
        <>
          <h3>{t('referrals.section.profile')}</h3>
          <dl className="facts">
            <dt>{t('referrals.shared.sex')}</dt><dd>{profileLabel('sex', shared.profile.sex, lang)}</dd>
            <dt>{t('referrals.shared.ageGroup')}</dt><dd>{ageGroupLabel(shared.profile.ageGroup, lang)}{shared.profile.isChild ? ` · ${t('referrals.shared.child')}` : ''}</dd>
            <dt>{t('referrals.shared.disability')}</dt><dd>{profileLabel('disability', shared.profile.disability, lang)}</dd>
            <dt>{t('referrals.shared.displacement')}</dt><dd>{profileLabel('displacementStatus', shared.profile.displacementStatus, lang)}</dd>
            <dt>{t('referrals.shared.marital')}</dt><dd>{profileLabel('maritalStatus', shared.profile.maritalStatus, lang)}</dd>
          </dl>
        </>
      ) : null}
      {shared.contact ? (
        <>
          <h3>{t('referrals.section.contact')}</h3>
          <dl className="facts">
            <dt>{t('referrals.shared.name')}</dt><dd>{shared.contact.name ?? '—'}{shared.contact.otherNames ? ` (${shared.contact.otherNames})` : ''}</dd>
            <dt>{t('referrals.shared.phone')}</dt><dd dir="ltr">{shared.contact.phone ?? '—'}</dd>
            <dt>{t('referrals.shared.safeContact')}</dt><dd>{shared.contact.safeContactInstructions ?? '—'}</dd>
            <dt>{t('referrals.shared.address')}</dt><dd>{shared.contact.address ?? shared.contact.currentLocation ?? '—'}</dd>
          </dl>
        </>
      ) : null}
      {shared.incidentSummary ? (
        <>
          <h3>{t('referrals.section.incident_summary')}</h3>
          <dl className="facts">
            <dt>{t('referrals.gbvType')}</dt><dd>{gbvTypeLabel(lang, shared.incidentSummary.gbvType)}</dd>
            <dt>{t('referrals.shared.when')}</dt><dd>{incidentTimeText(shared.incidentSummary.incidentTime, lang, t('referrals.shared.unknown'))}</dd>
            <dt>{t('referrals.shared.reportDate')}</dt><dd>{shared.incidentSummary.reportDate ? formatDate(lang, shared.incidentSummary.reportDate) : '—'}</dd>
            <dt>{t('referrals.shared.area')}</dt><dd>{areaText(areas, shared.incidentSummary.areaId, lang)}</dd>
            <dt>{t('referrals.shared.place')}</dt><dd>{placeTypeLabel(shared.incidentSummary.placeType, lang)}</dd>
            <dt>{t('referrals.shared.acts')}</dt><dd>{listFormat(lang, shared.incidentSummary.acts.map((a) => actLabel(a, lang))) || '—'}</dd>
          </dl>
        </>
      ) : null}
      {shared.narrative !== undefined ? (
        <>
          <h3>{t('referrals.section.narrative')}</h3>
          <p className="quote" dir="auto">{shared.narrative ?? '—'}</p>
        </>
      ) : null}
      {shared.exactLocation !== undefined ? (
        <>
          <h3>{t('referrals.section.exact_location')}</h3>
          <p>{shared.exactLocation ?? '—'}</p>
        </>
      ) : null}
      {shared.caseNeeds ? (
        <>
          <h3>{t('referrals.section.case_needs')}</h3>
          <p>
            {shared.caseNeeds.needs.map((n) => <span key={n} className="tag">{t(`cases.need.${n as 'other'}`)}</span>)}
            <span className={`tag tag--${shared.caseNeeds.riskLevel}`}>{t('cases.riskIs', { risk: t(`cases.risk.${shared.caseNeeds.riskLevel as 'low'}`) })}</span>
          </p>
        </>
      ) : null}
      {shared.caregiver ? (
        <>
          <h3>{t('referrals.section.caregiver')}</h3>
          <p>{[shared.caregiver.name, shared.caregiver.relationship, shared.caregiver.contact].filter(Boolean).join(' · ') || '—'}</p>
        </>
      ) : null}
    </section>
  );
}

/** Provinces and territories (an incident's area is one of them). */
async function loadAreas(signal: AbortSignal): Promise<AreaView[]> {
  const levels = await Promise.all([1, 2].map((level) => api.get<{ data: AreaView[] }>('/api/areas', { query: { level }, signal, cacheable: true })));
  return levels.flatMap((l) => l.data);
}

function areaText(areas: readonly AreaView[], id: string | null, lang: string): string {
  const area = id ? areas.find((a) => a.id === id || a.code === id) : undefined;
  return area ? areaName(area, lang) : '—';
}

function incidentTimeText(time: SharedSnapshot extends { incidentSummary?: infer S } ? NonNullable<S> extends { incidentTime: infer T } ? T : never : never, lang: string, unknown: string): string {
  switch (time.precision) {
    case 'exact':
      return formatDateTime(lang, time.at);
    case 'date':
      return formatDate(lang, time.date);
    case 'range':
      return `${formatDateTime(lang, time.earliest)} – ${formatDateTime(lang, time.latest)}`;
    default:
      return unknown;
  }
}
