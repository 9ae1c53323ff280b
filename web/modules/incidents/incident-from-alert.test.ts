import { describe, expect, it } from 'vitest';
import type { AreaView } from '../../../core/places/schemas';
import type { IncidentDraft } from '../../../core/schemas/alert-reports';
import { areaChoiceOf, startFromDraft } from './incident-from-alert';

const area = (id: string, code: string, level: number, parentCode: string | null): AreaView =>
  ({ id, code, level, levelName: level === 1 ? 'province' : 'zone', parentCode, names: { en: code }, bbox: null, centroid: null }) as AreaView;
const PROVINCE = area('11111111-1111-4111-8111-111111111111', 'ZZ71', 1, null);
const ZONE = area('22222222-2222-4222-8222-222222222222', 'ZZ7101', 2, 'ZZ71');
const AREAS = { provinces: [PROVINCE], territories: [ZONE] };

const draft = (over: Partial<IncidentDraft> = {}): IncidentDraft => ({
  sourceAlertId: '33333333-3333-4333-8333-333333333333',
  sourceAlertReference: 'A-TEST22',
  areaId: ZONE.id,
  incidentDate: '2026-03-10',
  incidentDateSource: 'observed',
  timeOfDay: 'morning',
  perpetratorCategory: 'state_forces',
  conflictContexts: ['attack_on_village'],
  linkedIncidentId: null,
  ...over,
});

describe('the incident form from an alert draft', () => {
  it('starts from the area, the day, the time of day, the perpetrator category and the contexts', () => {
    const { start, prefilled } = startFromDraft(draft(), AREAS);
    expect(start.area).toEqual({ province: PROVINCE, zone: ZONE });
    expect(start.time).toMatchObject({ precision: 'date', date: '2026-03-10' });
    expect(start.values).toEqual({ timeOfDay: 'morning', perpetratorCategory: 'state_forces' });
    expect(start.conflictContexts).toEqual(['attack_on_village']);
    expect(prefilled).toEqual(['area', 'date', 'timeOfDay', 'perpetratorCategory', 'conflictContexts']);
  });

  it('leaves blank what the alert does not say, and an area the boundaries do not hold', () => {
    const { start, prefilled } = startFromDraft(draft({ areaId: '44444444-4444-4444-8444-444444444444', timeOfDay: null, perpetratorCategory: null, conflictContexts: [] }), AREAS);
    expect(start.area).toBeUndefined();
    expect(start.values).toEqual({});
    expect(start.conflictContexts).toBeUndefined();
    expect(prefilled).toEqual(['date']);
    expect(startFromDraft(draft(), null).prefilled).not.toContain('area');
  });

  it('finds a province as itself and a zone under its province', () => {
    expect(areaChoiceOf(PROVINCE.id, AREAS)).toEqual({ province: PROVINCE, zone: null });
    expect(areaChoiceOf(ZONE.id, AREAS)).toEqual({ province: PROVINCE, zone: ZONE });
    expect(areaChoiceOf(ZONE.id, { provinces: [], territories: [ZONE] })).toBeNull();
    expect(areaChoiceOf(null, AREAS)).toBeNull();
  });
});
