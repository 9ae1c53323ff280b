/**
 * Administrative areas: not sensitive and shared by every organisation. Every signed-in role
 * and an `areas.read` token read them; only platform admins import boundary files.
 */
import { areaFeature, collection, square } from '../../../../core/places/test-shapes';
import { runAreaImport } from '../../../modules/places/service';
import { systemRequest } from '../../../platform/context';
import { everyone, platformAdminsOnly } from '../rules';
import { defineCases } from '../types';

const AREA_CODE = 'MX-AREA-1';
const provinces = collection(areaFeature({ code: AREA_CODE, label: 'Matrix Province' }, [square(20, -4, 2)]));
const mapping = { codeProperty: 'code', nameProperty: 'label', level: 1, levelName: 'province' };

export default defineCases(
  'places',
  [
    { method: 'GET', route: '/api/areas', expect: everyone },
    { method: 'GET', route: '/api/areas/geojson', url: () => '/api/areas/geojson?level=1', expect: everyone },
    {
      method: 'GET',
      route: '/api/areas/:code',
      relations: ['none', 'missing'],
      url: (t) => `/api/areas/${t.relation === 'missing' ? `NO-AREA-${t.unique}` : AREA_CODE}`,
      expect: (_a, relation) => (relation === 'missing' ? 'not_found' : 'allow'),
    },
    {
      // A dry run (the default): checks everything, writes nothing.
      method: 'POST',
      route: '/api/areas/import',
      body: () => ({ format: 'geojson', data: provinces, mapping, dryRun: true }),
      expect: platformAdminsOnly,
    },
  ],
  {
    setup: async (ctx) => {
      const report = await runAreaImport(ctx.db, systemRequest(), { format: 'geojson', data: provinces, mapping }, { dryRun: false });
      if (!report.written) throw new Error(`the matrix's area did not import: ${JSON.stringify(report.errors)}`);
    },
  },
);
