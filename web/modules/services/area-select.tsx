/**
 * An area filter: provinces (level 1) with their territories (level 2) beneath them. Area
 * boundaries identify no one, so the list may come from the HTTP cache.
 */
import type { AreaView } from '../../../core/places/schemas';
import { api } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { useLoad } from '../../app/use-load';
import { SelectField } from '../../ui/field';

export const areaName = (area: Pick<AreaView, 'names' | 'code'>, lang: string): string =>
  area.names[lang] ?? area.names.en ?? area.names.fr ?? Object.values(area.names)[0] ?? area.code;

/** Provinces and territories, each territory after its province. */
export function useAreas() {
  return useLoad(async (signal) => {
    const [provinces, territories] = await Promise.all([
      api.get<{ data: AreaView[] }>('/api/areas', { query: { level: 1 }, signal, cacheable: true }),
      api.get<{ data: AreaView[] }>('/api/areas', { query: { level: 2 }, signal, cacheable: true }),
    ]);
    return { provinces: provinces.data, territories: territories.data };
  }, []);
}

export interface AreaSelectProps {
  value: string;
  onChange: (id: string) => void;
  testId: string;
  label?: string;
  /** The first option: 'Any area' for a filter; a form says 'Not recorded' or 'Choose'. */
  emptyLabel?: string;
}

export function AreaSelect({ value, onChange, testId, label, emptyLabel }: AreaSelectProps) {
  const { t, lang } = useI18n();
  const areas = useAreas();
  const options = [{ value: '', label: emptyLabel ?? t('services.anyArea') }];
  for (const province of [...(areas.data?.provinces ?? [])].sort((a, b) => areaName(a, lang).localeCompare(areaName(b, lang), lang))) {
    options.push({ value: province.id, label: areaName(province, lang) });
    for (const territory of (areas.data?.territories ?? []).filter((x) => x.parentCode === province.code)) {
      options.push({ value: territory.id, label: `— ${areaName(territory, lang)}` });
    }
  }
  return (
    <SelectField
      label={label ?? t('services.area')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      options={options}
      disabled={areas.status === 'loading'}
      testId={testId}
    />
  );
}
