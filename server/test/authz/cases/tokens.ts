/** API tokens act for one organisation: only its own admins list, mint and revoke them. */
import { adminOfRecord, adminsOnly, everyone } from '../rules';
import { defineCases } from '../types';

export default defineCases('tokens', [
  { method: 'GET', route: '/api/tokens/purposes', expect: everyone },
  {
    method: 'GET',
    route: '/api/tokens',
    expect: adminsOnly,
    verify: (t, response) => {
      const rows = (response.json() as { data: Array<{ organisationId: string; token?: unknown }> }).data;
      if (rows.some((r) => 'token' in r)) return 'a listed token carries its secret';
      return rows.every((r) => r.organisationId === t.home.id) ? null : 'lists another organisation’s tokens';
    },
  },
  {
    method: 'POST',
    route: '/api/tokens',
    body: (t) => ({ name: `Matrix minted ${t.unique}`, purpose: 'statistics.read' }),
    expect: adminsOnly,
    verify: (t, response) => ((response.json() as { organisationId: string }).organisationId === t.home.id ? null : 'minted for another organisation'),
  },
  {
    // Platform admins do not reach into another organisation's tokens either.
    method: 'POST',
    route: '/api/tokens/:id/revoke',
    relations: ['same_org', 'other_org', 'missing'],
    id: (t) => t.org.targetTokenId,
    expect: adminOfRecord({ platformReaches: false }),
  },
]);
