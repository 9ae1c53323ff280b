/**
 * The signed-in pages. Map and administration are loaded on demand, so a field phone
 * only downloads what its user's role can open.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import type { Permission } from '../../core/auth/roles';
import { HomePage } from '../modules/home/home-page';
import { NotFoundPage } from '../modules/home/not-found-page';
import { NotificationsPage } from '../modules/notifications/notifications-page';
import { Alert } from '../ui/alert';
import { Loading } from '../ui/loading';
import { useT } from './i18n';
import { useSession } from './session';

const AccountPage = lazy(() => import('../modules/auth/account-page').then((m) => ({ default: m.AccountPage })));
const MapPage = lazy(() => import('../modules/map/map-page').then((m) => ({ default: m.MapPage })));
const OrganisationsPage = lazy(() =>
  import('../modules/admin/organisations-page').then((m) => ({ default: m.OrganisationsPage })),
);
const UsersPage = lazy(() => import('../modules/admin/users-page').then((m) => ({ default: m.UsersPage })));
const TokensPage = lazy(() => import('../modules/admin/tokens-page').then((m) => ({ default: m.TokensPage })));
const AuditPage = lazy(() => import('../modules/admin/audit-page').then((m) => ({ default: m.AuditPage })));
const SurvivorsPage = lazy(() => import('../modules/survivors/survivors-page').then((m) => ({ default: m.SurvivorsPage })));
const SurvivorNewPage = lazy(() => import('../modules/survivors/survivor-new-page').then((m) => ({ default: m.SurvivorNewPage })));
const SurvivorPage = lazy(() => import('../modules/survivors/survivor-page').then((m) => ({ default: m.SurvivorPage })));
const IncidentsPage = lazy(() => import('../modules/incidents/incidents-page').then((m) => ({ default: m.IncidentsPage })));
const IncidentNewPage = lazy(() => import('../modules/incidents/incident-new-page').then((m) => ({ default: m.IncidentNewPage })));
const IncidentPage = lazy(() => import('../modules/incidents/incident-page').then((m) => ({ default: m.IncidentPage })));
const CasesPage = lazy(() => import('../modules/cases/cases-page').then((m) => ({ default: m.CasesPage })));
const OpenCasePage = lazy(() => import('../modules/cases/open-case-page').then((m) => ({ default: m.OpenCasePage })));
const CasePage = lazy(() => import('../modules/cases/case-page').then((m) => ({ default: m.CasePage })));
const ReferralsPage = lazy(() => import('../modules/referrals/referrals-page').then((m) => ({ default: m.ReferralsPage })));
const ReferralPage = lazy(() => import('../modules/referrals/referral-page').then((m) => ({ default: m.ReferralPage })));
const ServicesPage = lazy(() => import('../modules/services/services-page').then((m) => ({ default: m.ServicesPage })));
const AlertsQueuePage = lazy(() => import('../modules/alerts/queue-page').then((m) => ({ default: m.AlertsQueuePage })));
const AlertPage = lazy(() => import('../modules/alerts/alert-page').then((m) => ({ default: m.AlertPage })));
const AlertMapPage = lazy(() => import('../modules/alerts/map-page').then((m) => ({ default: m.AlertMapPage })));
const AlertFiguresPage = lazy(() => import('../modules/alerts/figures-page').then((m) => ({ default: m.AlertFiguresPage })));
const AlertTasksPage = lazy(() => import('../modules/alerts/tasks-page').then((m) => ({ default: m.AlertTasksPage })));
const AlertReportPage = lazy(() => import('../modules/alerts/report-page').then((m) => ({ default: m.AlertReportPage })));
const AlertSettingsPage = lazy(() => import('../modules/alerts/settings-page').then((m) => ({ default: m.AlertSettingsPage })));
const HotlinePage = lazy(() => import('../modules/hotline/hotline-page').then((m) => ({ default: m.HotlinePage })));

/** Values of the `:name` segments of a route's path, e.g. `{ id }` for `/cases/:id`. */
export type RouteParams = Readonly<Record<string, string>>;

interface Route {
  /** Literal segments and `:name` placeholders, e.g. `/cases/:id`. */
  path: string;
  permission?: Permission;
  render: (params: RouteParams) => ReactNode;
}

const ROUTES: readonly Route[] = [
  { path: '/', render: () => <HomePage /> },
  { path: '/notifications', render: () => <NotificationsPage /> },
  { path: '/account', render: () => <AccountPage /> },
  { path: '/map', permission: 'places.read', render: () => <MapPage /> },
  { path: '/admin/organisations', permission: 'organisations.manage', render: () => <OrganisationsPage /> },
  { path: '/admin/users', permission: 'users.manage', render: () => <UsersPage /> },
  { path: '/admin/tokens', permission: 'tokens.manage', render: () => <TokensPage /> },
  { path: '/admin/audit', permission: 'audit.read', render: () => <AuditPage /> },
  { path: '/survivors', permission: 'cases.work', render: () => <SurvivorsPage /> },
  { path: '/survivors/new', permission: 'cases.work', render: () => <SurvivorNewPage /> },
  { path: '/survivors/:id', permission: 'cases.work', render: (params) => <SurvivorPage id={params.id!} /> },
  { path: '/incidents', permission: 'incidents.read', render: () => <IncidentsPage /> },
  { path: '/incidents/new', permission: 'cases.work', render: () => <IncidentNewPage /> },
  { path: '/incidents/:id', permission: 'incidents.read', render: (params) => <IncidentPage id={params.id!} /> },
  { path: '/cases', permission: 'cases.work', render: () => <CasesPage /> },
  { path: '/cases/new', permission: 'cases.work', render: () => <OpenCasePage /> },
  { path: '/cases/:id', permission: 'cases.work', render: (params) => <CasePage id={params.id!} /> },
  { path: '/referrals', permission: 'cases.work', render: () => <ReferralsPage /> },
  { path: '/referrals/:id', permission: 'cases.work', render: (params) => <ReferralPage id={params.id!} /> },
  { path: '/services', render: () => <ServicesPage /> },
  { path: '/hotline', permission: 'hotline.intake', render: () => <HotlinePage /> },
  { path: '/alerts', permission: 'alerts.triage', render: () => <AlertsQueuePage /> },
  { path: '/alerts/map', permission: 'alerts.aggregates', render: () => <AlertMapPage /> },
  { path: '/alerts/figures', permission: 'alerts.aggregates', render: () => <AlertFiguresPage /> },
  { path: '/alerts/tasks', permission: 'alerts.respond', render: () => <AlertTasksPage /> },
  { path: '/alerts/report', permission: 'alerts.report', render: () => <AlertReportPage /> },
  { path: '/alerts/settings', permission: 'alerts.focal_points', render: () => <AlertSettingsPage /> },
  { path: '/alerts/:id', permission: 'alerts.triage', render: (params) => <AlertPage id={params.id!} /> },
];

/** The params when `path` matches `pattern`, else null. Literal routes win over placeholders. */
export function matchRoute(pattern: string, path: string): RouteParams | null {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < expected.length; i++) {
    const segment = expected[i] ?? '';
    const value = actual[i] ?? '';
    if (segment.startsWith(':')) {
      if (value === '') return null;
      params[segment.slice(1)] = decodeURIComponent(value);
    } else if (segment !== value) return null;
  }
  return params;
}

function findRoute(path: string): { route: Route; params: RouteParams } | null {
  const literal = ROUTES.find((candidate) => candidate.path === path);
  if (literal) return { route: literal, params: {} };
  for (const route of ROUTES) {
    const params = matchRoute(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

export function RouteView({ path }: { path: string }) {
  const t = useT();
  const { can } = useSession();
  const found = findRoute(path);
  if (!found) return <NotFoundPage />;
  const { route, params } = found;
  if (route.permission && !can(route.permission)) return <Alert tone="error">{t('error.forbidden')}</Alert>;
  return (
    <Suspense key={path} fallback={<Loading />}>
      {route.render(params)}
    </Suspense>
  );
}
