/**
 * Province, then health zone, from the places module (GET /api/areas). Boundaries identify
 * no one; the value sent is the chosen area's id (the zone's, else the province's).
 * testids: incident-province, incident-zone
 */
import type { AreaView } from '../../app/api-types';
import { api } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { useLoad } from '../../app/use-load';
import { SelectField } from '../../ui/field';
import { areaName, sortByName } from '../map/geo';

export interface AreaChoice {
  province: AreaView | null;
  zone: AreaView | null;
}

const PROVINCE_LEVEL = 1;
const ZONE_LEVEL = 2;

export function AreaPicker({ value, onChange, error }: { value: AreaChoice; onChange: (next: AreaChoice) => void; error?: string | undefined }) {
  const { t, lang } = useI18n();
  const provinces = useLoad(async (signal) => (await api.get<{ data: AreaView[] }>('/api/areas', { query: { level: PROVINCE_LEVEL }, signal })).data, []);
  const provinceCode = value.province?.code ?? null;
  const zones = useLoad(
    async (signal) =>
      provinceCode ? (await api.get<{ data: AreaView[] }>('/api/areas', { query: { level: ZONE_LEVEL, parent: provinceCode }, signal })).data : [],
    [provinceCode],
  );
  const provinceList = sortByName(provinces.data ?? [], lang);
  const zoneList = sortByName(zones.data ?? [], lang);
  return (
    <>
      <SelectField
        label={t('incidents.province')}
        optional
        value={value.province?.id ?? ''}
        onChange={(event) => onChange({ province: provinceList.find((a) => a.id === event.target.value) ?? null, zone: null })}
        options={[{ value: '', label: provinces.status === 'loading' ? t('common.loading') : t('incidents.areaNone') }, ...provinceList.map((a) => ({ value: a.id, label: areaName(a, lang) }))]}
        error={error}
        testId="incident-province"
      />
      {value.province ? (
        <SelectField
          label={t('incidents.zone')}
          optional
          value={value.zone?.id ?? ''}
          onChange={(event) => onChange({ province: value.province, zone: zoneList.find((a) => a.id === event.target.value) ?? null })}
          options={[{ value: '', label: zones.status === 'loading' ? t('common.loading') : t('incidents.zoneAny') }, ...zoneList.map((a) => ({ value: a.id, label: areaName(a, lang) }))]}
          testId="incident-zone"
        />
      ) : null}
    </>
  );
}
