/**
 * User administration: admins manage their own organisation's users, platform admins every
 * organisation's. Everyone else is told the user does not exist (404).
 */
import { randomUUID } from 'node:crypto';
import { adminOfRecord, adminsOnly, isAdmin, isPlatformAdmin } from '../rules';
import { defineCases, type Target } from '../types';

const targetUser = (t: Target) => (t.relation === 'self' && t.actor.kind === 'user' ? t.actor.user.id : t.org.targetUserId);

export default defineCases('users', [
  {
    // same_org / other_org: the list filtered by that organisation, which only platform admins may choose.
    method: 'GET',
    route: '/api/users',
    relations: ['none', 'same_org', 'other_org'],
    url: (t) => (t.relation === 'none' ? '/api/users' : `/api/users?organisationId=${t.org.id}`),
    expect: adminsOnly,
    verify: (t, response) => {
      const rows = (response.json() as { data: Array<{ organisationId: string }> }).data;
      const allowed = isPlatformAdmin(t.actor) ? (t.relation === 'none' ? null : t.org.id) : t.home.id;
      if (rows.length === 0) return 'an empty list';
      return allowed === null || rows.every((r) => r.organisationId === allowed) ? null : `lists users outside organisation ${allowed}`;
    },
  },
  {
    method: 'POST',
    route: '/api/users',
    relations: ['same_org', 'other_org', 'missing'],
    body: (t) => ({
      organisationId: t.relation === 'missing' ? randomUUID() : t.org.id,
      email: `matrix.${t.unique}@example.org`,
      displayName: `Matrix Person ${t.unique}`,
      role: 'viewer',
    }),
    expect: (a, relation) => {
      if (!isAdmin(a)) return 'forbidden';
      if (relation === 'same_org') return 'allow';
      if (!isPlatformAdmin(a)) return 'forbidden';
      return relation === 'missing' ? 'not_found' : 'allow';
    },
  },
  {
    method: 'PATCH',
    route: '/api/users/:id',
    relations: ['self', 'same_org', 'other_org', 'missing'],
    id: targetUser,
    body: (t) => ({ displayName: `Matrix Renamed ${t.unique}` }),
    expect: adminOfRecord({ platformReaches: true }),
  },
  // Not `self`: resetting one's own password or second factor ends one's own sessions.
  {
    method: 'POST',
    route: '/api/users/:id/reset-password',
    relations: ['same_org', 'other_org', 'missing'],
    id: targetUser,
    expect: adminOfRecord({ platformReaches: true }),
  },
  {
    method: 'POST',
    route: '/api/users/:id/reset-totp',
    relations: ['same_org', 'other_org', 'missing'],
    id: targetUser,
    expect: adminOfRecord({ platformReaches: true }),
  },
]);
