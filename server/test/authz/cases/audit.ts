/** The audit trail (AUD-1): admins read their organisation's rows, platform admins every row;
 * verification and checkpoints concern the whole chain, so platform admins only. */
import { adminsOnly, isPlatformAdmin, platformAdminsOnly } from '../rules';
import { defineCases } from '../types';

export default defineCases('audit', [
  {
    method: 'GET',
    route: '/api/audit',
    relations: ['none', 'same_org', 'other_org'],
    url: (t) => (t.relation === 'none' ? '/api/audit?limit=500' : `/api/audit?limit=500&organisationId=${t.org.id}`),
    expect: adminsOnly,
    verify: (t, response) => {
      const rows = (response.json() as { data: Array<{ organisationId: string | null }> }).data;
      const allowed = isPlatformAdmin(t.actor) ? (t.relation === 'none' ? null : t.org.id) : t.home.id;
      return allowed === null || rows.every((r) => r.organisationId === allowed) ? null : `lists audit rows outside organisation ${allowed}`;
    },
  },
  { method: 'GET', route: '/api/audit/verify', expect: platformAdminsOnly },
  { method: 'GET', route: '/api/audit/checkpoint', expect: platformAdminsOnly },
]);
