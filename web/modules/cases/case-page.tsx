/**
 * A case (/cases/:id): summary and clinical clock, linked incidents, the plan (edit, submit;
 * supervisors approve or return it with a reason), follow-ups, closure (request with the
 * checklist; supervisors approve or return), and "Refer" which opens the referral form.
 * A closed case is read-only (a supervisor may reopen it).
 *
 * testids: case-page, case-status, case-risk, case-plan-status, case-survivor-link,
 * case-incident-link-<id>, case-link-incident, case-link-incident-submit, plan-edit,
 * plan-submit, plan-approve, plan-return, plan-return-reason, plan-return-confirm,
 * closure-request, closure-approve, closure-return, closure-return-reason,
 * closure-return-confirm, case-reopen, case-refer, case-conflict-reload, case-closed-notice
 * (and those of plan-editor.tsx, follow-ups.tsx, closure.tsx, referral-form.tsx, case-referrals.tsx)
 */
import { useState } from 'react';
import type { CaseView, CasePlan } from '../../../core/schemas/cases';
import type { IncidentView } from '../../../core/schemas/incidents';
import { api, isApiError } from '../../app/api';
import { describeError } from '../../app/errors';
import { formatDate, formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useSession, useSignedIn } from '../../app/session';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { CaseReferrals } from '../referrals/case-referrals';
import { ReferralForm } from '../referrals/referral-form';
import { ClinicalClockPanel } from '../../ui/clinical-clock';
import { ClosureForm, ClosureSummary } from './closure';
import { FollowUps } from './follow-ups';
import { TextAreaField } from '../../ui/text-area';
import { gbvTypeLabel } from './open-case-page';
import { PlanEditor, PlanView } from './plan-editor';

type Mode = 'view' | 'plan' | 'closure' | 'refer';

export function CasePage({ id }: { id: string }) {
  const load = useLoad(
    async (signal) => {
      const view = await api.get<CaseView>(`/api/cases/${id}`, { signal });
      const incidents = await api
        .get<{ data: IncidentView[] }>('/api/incidents', { query: { survivorId: view.survivorId, limit: 100 }, signal })
        .then((r) => r.data)
        .catch(() => [] as IncidentView[]);
      return { view, incidents };
    },
    [id],
  );
  return (
    <LoadView load={load}>
      {(data) => <CaseContent key={data.view.version + data.view.id} initial={data.view} incidents={data.incidents} reload={load.reload} />}
    </LoadView>
  );
}

function CaseContent({ initial, incidents, reload }: { initial: CaseView; incidents: IncidentView[]; reload: () => void }) {
  const { t, lang } = useI18n();
  const { user } = useSignedIn();
  const { can } = useSession();
  const supervisor = can('cases.supervise');
  const [view, setView] = useState(initial);
  const [mode, setMode] = useState<Mode>('view');
  const [message, setMessage] = useState<string | null>(null);
  const [linking, setLinking] = useState('');
  const [referralsSent, setReferralsSent] = useState(0);
  const act = useAction(async (path: string, body: Record<string, unknown>, done?: string) => {
    setMessage(null);
    const next = await api.post<CaseView>(`/api/cases/${view.id}/${path}`, { version: view.version, ...body });
    setView(next);
    setMode('view');
    if (done) setMessage(done);
  });
  const savePlan = useAction(async (plan: CasePlan) => {
    setMessage(null);
    setView(await api.patch<CaseView>(`/api/cases/${view.id}`, { version: view.version, plan }));
    setMode('view');
    setMessage(t('cases.plan.saved'));
  });
  const closed = view.status === 'closed';
  const conflict = [act.error, savePlan.error].some((e) => isApiError(e) && e.status === 409);
  const linked = incidents.filter((i) => view.incidentIds.includes(i.id));
  const unlinked = incidents.filter((i) => !view.incidentIds.includes(i.id));
  const actionError = mode === 'view' && act.error && !conflict ? describeError(act.error, t) : null;

  return (
    <Page
      title={t('cases.case.title', { code: view.survivorCode })}
      actions={
        !closed && mode === 'view' ? (
          <Button variant="primary" onClick={() => setMode('refer')} testId="case-refer">{t('cases.refer')}</Button>
        ) : null
      }
    >
      <div data-testid="case-page">
        {message ? <Alert tone="success">{message}</Alert> : null}
        {conflict ? (
          <Alert tone="warning" actions={<Button onClick={reload} testId="case-conflict-reload">{t('cases.reload')}</Button>}>
            {t('cases.conflict')}
          </Alert>
        ) : null}
        {actionError ? <Alert tone="error">{actionError}</Alert> : null}
        {closed ? (
          <Alert
            tone="info"
            testId="case-closed-notice"
            actions={supervisor ? <Button onClick={() => void act.run('reopen', {}, t('cases.reopened'))} busy={act.busy} testId="case-reopen">{t('cases.reopen')}</Button> : null}
          >
            {t('cases.closedNotice', { date: formatDate(lang, view.closedAt) })}
          </Alert>
        ) : null}

        <section className="panel">
          <dl className="facts">
            <dt>{t('cases.survivorCode')}</dt>
            <dd>
              <Link to={`/survivors/${view.survivorId}`} data-testid="case-survivor-link"><span dir="ltr" translate="no">{view.survivorCode}</span></Link>
            </dd>
            <dt>{t('common.status')}</dt>
            <dd data-testid="case-status">{t(`cases.status.${view.status}`)}</dd>
            <dt>{t('cases.risk')}</dt>
            <dd data-testid="case-risk"><span className={`tag tag--${view.riskLevel}`}>{t(`cases.risk.${view.riskLevel}`)}</span></dd>
            <dt>{t('cases.plan')}</dt>
            <dd data-testid="case-plan-status">{t(`cases.planStatus.${view.planStatus}`)}</dd>
            <dt>{t('cases.assignedTo')}</dt>
            <dd>{view.assignedTo === user.id ? t('cases.assignedToYou') : view.assignedTo ? t('cases.assignedToOther') : t('cases.unassigned')}</dd>
            <dt>{t('cases.nextFollowUp')}</dt>
            <dd>
              {view.nextFollowUpOn ? formatDate(lang, view.nextFollowUpOn) : t('cases.noFollowUp')}
              {view.followUpOverdue ? <> <span className="tag tag--overdue">{t('cases.overdue')}</span></> : null}
            </dd>
            <dt>{t('cases.openedOn')}</dt>
            <dd>{formatDate(lang, view.createdAt)}</dd>
          </dl>
        </section>

        {view.clinicalClock ? <ClinicalClockPanel clock={view.clinicalClock} testId="clinical-clock-panel" /> : null}

        {mode === 'refer' ? (
          <ReferralForm
            caseView={view}
            incidents={linked.length ? linked : incidents}
            onCancel={() => setMode('view')}
            onSent={() => {
              setMode('view');
              setReferralsSent((n) => n + 1);
              setMessage(t('cases.referralSent'));
            }}
          />
        ) : null}

        <section className="panel">
          <h2>{t('cases.incidents')}</h2>
          {linked.length === 0 ? <p className="muted">{t('cases.noIncidents')}</p> : null}
          <ul>
            {linked.map((i) => (
              <li key={i.id}>
                <Link to={`/incidents/${i.id}`} className="row-link" data-testid={`case-incident-link-${i.id}`}>
                  <span dir="ltr" translate="no">{i.incidentCode}</span>&nbsp;· {gbvTypeLabel(lang, i.gbvType)}
                </Link>
              </li>
            ))}
          </ul>
          {!closed && unlinked.length ? (
            <div className="form">
              <SelectField
                label={t('cases.linkIncident')}
                value={linking}
                onChange={(e) => setLinking(e.target.value)}
                options={[{ value: '', label: t('cases.chooseIncident') }, ...unlinked.map((i) => ({ value: i.id, label: `${i.incidentCode} · ${gbvTypeLabel(lang, i.gbvType)}` }))]}
                testId="case-link-incident"
              />
              <div>
                <Button disabled={!linking} busy={act.busy} onClick={() => void act.run('incidents', { incidentId: linking }).then(() => setLinking(''))} testId="case-link-incident-submit">
                  {t('cases.linkIncidentSubmit')}
                </Button>
              </div>
            </div>
          ) : null}
          {!closed ? (
            <p>
              <Link to={`/incidents/new?survivorId=${view.survivorId}`}>{t('cases.open.recordIncident')}</Link>
            </p>
          ) : null}
        </section>

        <section className="panel" aria-labelledby="plan-title">
          <h2 id="plan-title">{t('cases.plan')}</h2>
          <p>
            <span className="tag">{t(`cases.planStatus.${view.planStatus}`)}</span>
            {view.planSubmittedAt && view.planStatus === 'submitted' ? t('cases.plan.submittedOn', { date: formatDateTime(lang, view.planSubmittedAt) }) : null}
            {view.planApprovedAt && view.planStatus === 'approved' ? t('cases.plan.approvedOn', { date: formatDateTime(lang, view.planApprovedAt) }) : null}
          </p>
          {view.planStatus === 'returned' && view.planReturnReason ? (
            <Alert tone="warning" title={t('cases.plan.returnedTitle')}>{view.planReturnReason}</Alert>
          ) : null}
          {mode === 'plan' ? (
            <PlanEditor plan={view.plan} onSave={(plan) => savePlan.run(plan)} onCancel={() => setMode('view')} busy={savePlan.busy} error={conflict ? null : savePlan.error} />
          ) : (
            <>
              <PlanView plan={view.plan} erased={view.planErased} />
              {!closed && !view.planErased ? (
                <div className="button-row">
                  <Button onClick={() => setMode('plan')} testId="plan-edit">{view.plan ? t('cases.plan.edit') : t('cases.plan.write')}</Button>
                  {view.planStatus === 'draft' || view.planStatus === 'returned' ? (
                    <Button variant="primary" busy={act.busy} onClick={() => void act.run('plan/submit', {}, t('cases.plan.submitted'))} testId="plan-submit">
                      {t('cases.plan.submit')}
                    </Button>
                  ) : null}
                </div>
              ) : null}
              {supervisor && view.planStatus === 'submitted' && !closed ? (
                <Decision
                  approveLabel={t('cases.plan.approve')}
                  returnLabel={t('cases.plan.return')}
                  testPrefix="plan"
                  busy={act.busy}
                  onApprove={() => act.run('plan/approve', {}, t('cases.plan.approved'))}
                  onReturn={(reason) => act.run('plan/return', { reason }, t('cases.plan.returned'))}
                />
              ) : null}
            </>
          )}
        </section>

        <CaseReferrals caseId={view.id} refresh={referralsSent} />

        <FollowUps caseId={view.id} readOnly={closed} onRecorded={reload} />

        <section className="panel" aria-labelledby="closure-title">
          <h2 id="closure-title">{t('cases.closure')}</h2>
          {view.status === 'open' && view.closureReturnReason ? (
            <Alert tone="warning" title={t('cases.closure.returnedTitle')}>{view.closureReturnReason}</Alert>
          ) : null}
          {view.status === 'open' && mode !== 'closure' ? (
            <>
              <p className="muted">{t('cases.closure.intro')}</p>
              <Button onClick={() => setMode('closure')} testId="closure-request">{t('cases.closure.request')}</Button>
            </>
          ) : null}
          {mode === 'closure' ? (
            <ClosureForm
              busy={act.busy}
              error={conflict ? null : act.error}
              onCancel={() => setMode('view')}
              onSubmit={(reason, checklist) => act.run('closure', { reason, checklist }, t('cases.closure.requested'))}
            />
          ) : null}
          {view.status !== 'open' ? <ClosureSummary view={view} /> : null}
          {view.status === 'closure_requested' ? (
            supervisor ? (
              <Decision
                approveLabel={t('cases.closure.approve')}
                returnLabel={t('cases.closure.return')}
                testPrefix="closure"
                busy={act.busy}
                onApprove={() => act.run('closure/approve', {}, t('cases.closure.approved'))}
                onReturn={(reason) => act.run('closure/return', { reason }, t('cases.closure.returned'))}
              />
            ) : (
              <p className="muted">{t('cases.closure.awaiting')}</p>
            )
          ) : null}
        </section>
      </div>
    </Page>
  );
}

interface DecisionProps {
  approveLabel: string;
  returnLabel: string;
  testPrefix: 'plan' | 'closure';
  busy: boolean;
  onApprove: () => Promise<unknown>;
  onReturn: (reason: string) => Promise<unknown>;
}

/** A supervisor's approve / return-with-reason pair. */
function Decision({ approveLabel, returnLabel, testPrefix, busy, onApprove, onReturn }: DecisionProps) {
  const { t } = useI18n();
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  if (!returning) {
    return (
      <div className="button-row">
        <Button variant="primary" busy={busy} onClick={() => void onApprove()} testId={`${testPrefix}-approve`}>{approveLabel}</Button>
        <Button onClick={() => setReturning(true)} testId={`${testPrefix}-return`}>{returnLabel}</Button>
      </div>
    );
  }
  return (
    <div className="form">
      <TextAreaField
        label={t('cases.returnReason')}
        hint={t('cases.returnReasonHint')}
        value={reason}
        maxLength={1000}
        onChange={(e) => setReason(e.target.value)}
        error={missing ? t('common.required') : undefined}
        testId={`${testPrefix}-return-reason`}
      />
      <div className="button-row">
        <Button
          variant="primary"
          busy={busy}
          onClick={() => {
            if (!reason.trim()) return setMissing(true);
            void onReturn(reason.trim());
          }}
          testId={`${testPrefix}-return-confirm`}
        >
          {returnLabel}
        </Button>
        <Button onClick={() => setReturning(false)}>{t('common.cancel')}</Button>
      </div>
    </div>
  );
}
