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

interface Route {
  path: string;
  permission?: Permission;
  render: () => ReactNode;
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
];

export function RouteView({ path }: { path: string }) {
  const t = useT();
  const { can } = useSession();
  const route = ROUTES.find((candidate) => candidate.path === path);
  if (!route) return <NotFoundPage />;
  if (route.permission && !can(route.permission)) return <Alert tone="error">{t('error.forbidden')}</Alert>;
  return (
    <Suspense key={route.path} fallback={<Loading />}>
      {route.render()}
    </Suspense>
  );
}
