/**
 * Response tasks (/alerts/tasks, alerts.respond): the tasks given to my organisation, with
 * what is overdue first in sight; alert officers (alerts.triage) also see the tasks their
 * organisation gave. Partners see each alert at area precision only (the server decides).
 *
 * testids: alert-tasks-page, tasks-scope, tasks-status, tasks-list, tasks-more, tasks-empty
 */
import { useEffect, useMemo, useState } from 'react';
import { TASK_STATUSES } from '../../../core/alerts/response';
import type { TaskView } from '../../../core/schemas/alert-response';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useSession } from '../../app/session';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { listOrganisations, listTasks, type TaskPage } from './admin-api';
import { TaskCard } from './tasks-card';
import { taskStatusLabel } from './tasks-labels';
import './alert-admin.css';

type Scope = 'mine' | 'all' | 'given';
const PAGE = 50;

/** The time now, moved on every minute, so "overdue by" keeps counting while the page is open. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

export function AlertTasksPage() {
  const { t } = useI18n();
  const { can, session } = useSession();
  const isOfficer = can('alerts.triage');
  const now = useMinuteClock();
  // Officers mostly follow the tasks they gave; partners only have those given to them.
  const [scope, setScope] = useState<Scope>(isOfficer ? 'all' : 'mine');
  const [status, setStatus] = useState('');
  const query = { mine: scope === 'mine' ? 'true' : undefined, status: status || undefined, limit: PAGE };
  const first = useLoad((signal) => listTasks(query, signal), [scope, status]);
  const [more, setMore] = useState<TaskPage | null>(null);
  const [changed, setChanged] = useState<Map<string, TaskView>>(new Map());
  useEffect(() => {
    setMore(null);
    setChanged(new Map());
  }, [scope, status, first.data]);
  const organisations = useLoad((signal) => listOrganisations(signal), []);
  const names = useMemo(() => new Map((organisations.data?.data ?? []).map((o) => [o.id, o.shortName || o.name])), [organisations.data]);
  const organisationName = (id: string | null) => (id ? (names.get(id) ?? t('alertAdmin.task.anotherOrganisation')) : '—');
  const nextCursor = more ? more.nextCursor : (first.data?.nextCursor ?? null);
  const loadMore = useAction(async () => {
    if (!nextCursor) return;
    const page = await listTasks({ ...query, cursor: nextCursor });
    setMore((previous) => ({ data: [...(previous?.data ?? []), ...page.data], nextCursor: page.nextCursor ?? null }));
  });

  const myOrganisation = session?.user.organisation.id;
  const rows = [...(first.data?.data ?? []), ...(more?.data ?? [])]
    .map((task) => changed.get(task.id) ?? task)
    .filter((task) => scope !== 'given' || task.viewer === 'owner');

  return (
    <Page title={t('alertAdmin.tasks.title')} intro={isOfficer ? t('alertAdmin.tasks.introOfficer') : t('alertAdmin.tasks.intro')}>
      <div data-testid="alert-tasks-page">
        <div className="filters filters--compact">
          <SelectField
            label={t('alertAdmin.tasks.scope')}
            value={scope}
            onChange={(e) => setScope(e.target.value as Scope)}
            options={[
              ...(isOfficer ? [{ value: 'all', label: t('alertAdmin.tasks.scopeAll') }] : []),
              { value: 'mine', label: t('alertAdmin.tasks.scopeMine') },
              ...(isOfficer ? [{ value: 'given', label: t('alertAdmin.tasks.scopeGiven') }] : []),
            ]}
            testId="tasks-scope"
          />
          <SelectField
            label={t('alertAdmin.tasks.status')}
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            options={[{ value: '', label: t('alertAdmin.tasks.anyStatus') }, ...TASK_STATUSES.map((s) => ({ value: s, label: taskStatusLabel(s, t) }))]}
            testId="tasks-status"
          />
        </div>
        <LoadView load={first} label={t('alertAdmin.tasks.loading')}>
          {() =>
            rows.length === 0 ? (
              <div data-testid="tasks-empty">
                <EmptyState>{scope === 'mine' ? t('alertAdmin.tasks.emptyMine') : t('alertAdmin.tasks.empty')}</EmptyState>
              </div>
            ) : (
              <ul className="aa-list" data-testid="tasks-list">
                {rows.map((task) => (
                  <TaskCard
                    key={task.id}
                    task={task}
                    now={now}
                    organisationName={organisationName}
                    canOpenAlert={isOfficer && task.organisationId === myOrganisation}
                    onChanged={(saved) => setChanged((map) => new Map(map).set(saved.id, saved))}
                  />
                ))}
              </ul>
            )
          }
        </LoadView>
        {loadMore.error ? <Alert tone="error">{describeError(loadMore.error, t)}</Alert> : null}
        {nextCursor ? (
          <div className="load-more">
            <Button onClick={() => void loadMore.run()} busy={loadMore.busy} testId="tasks-more">
              {t('common.loadMore')}
            </Button>
          </div>
        ) : null}
      </div>
    </Page>
  );
}
