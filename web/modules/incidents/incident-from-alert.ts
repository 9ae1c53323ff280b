/**
 * From a verified alert's incident draft (GET /api/alerts/:id/incident-draft: area, date,
 * time of day, perpetrator category, conflict contexts; never text, sender or point) to the
 * values the incident form starts from. Alerts name no survivor: she is chosen apart.
 */
import type { AreaView } from '../../../core/places/schemas';
import type { IncidentDraft } from '../../../core/schemas/alert-reports';
import type { AreaChoice } from './area-picker';
import type { IncidentStart } from './incident-form';
import { BLANK_TIME } from './incident-time';

export type PrefilledField = 'area' | 'date' | 'timeOfDay' | 'perpetratorCategory' | 'conflictContexts';

export interface AreaLists {
  provinces: AreaView[];
  territories: AreaView[];
}

/** The province and zone of an area id; none when the boundaries do not hold it (another level). */
export function areaChoiceOf(areaId: string | null, areas: AreaLists | null): AreaChoice | null {
  if (!areaId || !areas) return null;
  const province = areas.provinces.find((a) => a.id === areaId);
  if (province) return { province, zone: null };
  const zone = areas.territories.find((a) => a.id === areaId);
  if (!zone) return null;
  const parent = areas.provinces.find((a) => a.code === zone.parentCode);
  return parent ? { province: parent, zone } : null;
}

/** The form's start and the fields it filled (the note lists them for checking). */
export function startFromDraft(draft: IncidentDraft, areas: AreaLists | null): { start: IncidentStart; prefilled: PrefilledField[] } {
  const prefilled: PrefilledField[] = ['date'];
  const start: IncidentStart = { time: { ...BLANK_TIME, precision: 'date', date: draft.incidentDate }, values: {} };
  const area = areaChoiceOf(draft.areaId, areas);
  if (area) {
    start.area = area;
    prefilled.unshift('area');
  }
  if (draft.timeOfDay) {
    start.values!.timeOfDay = draft.timeOfDay;
    prefilled.push('timeOfDay');
  }
  if (draft.perpetratorCategory) {
    start.values!.perpetratorCategory = draft.perpetratorCategory;
    prefilled.push('perpetratorCategory');
  }
  if (draft.conflictContexts.length > 0) {
    start.conflictContexts = [...draft.conflictContexts];
    prefilled.push('conflictContexts');
  }
  return { start, prefilled };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string | null | undefined): value is string => typeof value === 'string' && UUID.test(value);

/** What /incidents/new starts from: ?alert= as given (the page asks the server, which refuses a foreign one), ?survivorId= only when well formed. */
export function incidentStartOfSearch(search: URLSearchParams): { alertId: string | null; survivorId: string | null } {
  const survivorId = search.get('survivorId');
  return { alertId: search.get('alert'), survivorId: isUuid(survivorId) ? survivorId : null };
}
