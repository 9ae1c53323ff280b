/**
 * Area names for the alert pages: the alerts carry area ids (and the map's counts area
 * codes); provinces and health zones come once from /api/areas (boundaries identify no one,
 * so the HTTP cache may keep them).
 */
import { useMemo } from 'react';
import type { AreaView } from '../../../core/places/schemas';
import { useI18n } from '../../app/i18n';
import { areaName, useAreas } from '../services/area-select';

export interface AreaNames {
  /** The name of an area by id, with its province for a zone ("Goma, North Kivu"); '' when unknown. */
  byId: (id: string | null | undefined) => string;
  byCode: (code: string | null | undefined) => string;
  areaOf: (id: string | null | undefined) => AreaView | undefined;
  all: readonly AreaView[];
  ready: boolean;
}

export function useAreaNames(): AreaNames {
  const { lang } = useI18n();
  const areas = useAreas();
  return useMemo(() => {
    const all = [...(areas.data?.provinces ?? []), ...(areas.data?.territories ?? [])];
    const ids = new Map(all.map((a) => [a.id, a]));
    const codes = new Map(all.map((a) => [a.code, a]));
    const describe = (area: AreaView | undefined): string => {
      if (!area) return '';
      const parent = area.parentCode ? codes.get(area.parentCode) : undefined;
      return parent ? `${areaName(area, lang)}, ${areaName(parent, lang)}` : areaName(area, lang);
    };
    return {
      byId: (id) => (id ? describe(ids.get(id)) : ''),
      byCode: (code) => (code ? describe(codes.get(code)) || code : ''),
      areaOf: (id) => (id ? ids.get(id) : undefined),
      all,
      ready: areas.status === 'ready',
    };
  }, [areas.data, areas.status, lang]);
}
