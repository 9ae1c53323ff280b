/** The pages a signed-in person can reach, with the permission each needs (the server still decides). */
import type { Permission } from '../../core/auth/roles';
import type { MessageKey } from '../../core/i18n';

export interface Destination {
  path: string;
  label: MessageKey;
  description: MessageKey;
  permission?: Permission;
  testId: string;
}

export const DESTINATIONS: readonly Destination[] = [
  { path: '/survivors', label: 'nav.survivors', description: 'home.card.survivors', permission: 'cases.work', testId: 'nav-survivors' },
  { path: '/incidents', label: 'nav.incidents', description: 'home.card.incidents', permission: 'incidents.read', testId: 'nav-incidents' },
  { path: '/cases', label: 'nav.cases', description: 'home.card.cases', permission: 'cases.work', testId: 'nav-cases' },
  { path: '/referrals', label: 'nav.referrals', description: 'home.card.referrals', permission: 'cases.work', testId: 'nav-referrals' },
  { path: '/hotline', label: 'nav.hotline', description: 'home.card.hotline', permission: 'hotline.intake', testId: 'nav-hotline' },
  { path: '/alerts', label: 'nav.alerts', description: 'home.card.alerts', permission: 'alerts.triage', testId: 'nav-alerts' },
  { path: '/alerts/map', label: 'nav.alertMap', description: 'home.card.alertMap', permission: 'alerts.aggregates', testId: 'nav-alert-map' },
  { path: '/alerts/tasks', label: 'nav.alertTasks', description: 'home.card.alertTasks', permission: 'alerts.respond', testId: 'nav-alert-tasks' },
  { path: '/alerts/report', label: 'nav.alertReport', description: 'home.card.alertReport', permission: 'alerts.report', testId: 'nav-alert-report' },
  { path: '/alerts/settings', label: 'nav.alertSettings', description: 'home.card.alertSettings', permission: 'alerts.focal_points', testId: 'nav-alert-settings' },
  { path: '/services', label: 'nav.services', description: 'home.card.services', testId: 'nav-services' },
  { path: '/map', label: 'nav.map', description: 'home.card.map', permission: 'places.read', testId: 'nav-map' },
  { path: '/notifications', label: 'nav.notifications', description: 'home.card.notifications', testId: 'nav-notifications' },
  { path: '/account', label: 'nav.account', description: 'home.card.account', testId: 'nav-account' },
  {
    path: '/admin/organisations',
    label: 'nav.organisations',
    description: 'home.card.organisations',
    permission: 'organisations.manage',
    testId: 'nav-organisations',
  },
  { path: '/admin/users', label: 'nav.users', description: 'home.card.users', permission: 'users.manage', testId: 'nav-users' },
  { path: '/admin/tokens', label: 'nav.tokens', description: 'home.card.tokens', permission: 'tokens.manage', testId: 'nav-tokens' },
  { path: '/admin/audit', label: 'nav.audit', description: 'home.card.audit', permission: 'audit.read', testId: 'nav-audit' },
];
