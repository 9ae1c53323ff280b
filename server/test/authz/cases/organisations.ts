/** The directory of organisations: read by every signed-in user, changed by platform admins only. */
import { everyone, isPlatformAdmin, platformAdminsOnly } from '../rules';
import { defineCases } from '../types';

export default defineCases('organisations', [
  { method: 'GET', route: '/api/organisations', expect: everyone },
  {
    method: 'POST',
    route: '/api/organisations',
    body: (t) => ({ name: `Matrix Fictional Org ${t.unique}`, shortName: `MX-${t.unique}`, kind: 'national_ngo' }),
    expect: platformAdminsOnly,
  },
  {
    // same_org: the actor's own organisation; other_org: the other one.
    method: 'PATCH',
    route: '/api/organisations/:id',
    relations: ['same_org', 'other_org', 'missing'],
    id: (t) => t.org.id,
    body: () => ({ countryCode: 'COD' }),
    expect: (a, relation) => (!isPlatformAdmin(a) ? 'forbidden' : relation === 'missing' ? 'not_found' : 'allow'),
  },
]);
