/**
 * The closed lists of Weft's community alert form (issue 4): what happened, what was observed,
 * who the perpetrators were. The XForm's choice lists use exactly these names, in English,
 * French and Swahili labels; the parsers refuse anything else. Perpetrator categories are the
 * incident record's (DESIGN capability 1), so a verified alert can become an incident without
 * translation. SECURITY MIN-1: no list asks who the survivor is.
 */
import { PERPETRATOR_CATEGORIES, type PerpetratorCategory } from '../classify/contexts';

/** What happened or is feared: risks and attacks a community alert network reports. */
export const ALERT_CATEGORIES = [
  'sexual_violence',
  'threat_of_sexual_violence',
  'abduction',
  'attack_on_civilians',
  'killing',
  'armed_group_presence',
  'troop_movement',
  'checkpoint_extortion',
  'looting',
  'burning_of_homes',
  'displacement',
  'threats_or_hate_speech',
  'other',
] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

/** One line of the form's repeat group "what did you see". */
export const OBSERVATION_KINDS = [
  'armed_men',
  'uniformed_men',
  'vehicles',
  'weapons',
  'gunfire',
  'fire_or_smoke',
  'people_fleeing',
  'roadblock',
  'injured_people',
  'other',
] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export const ALERT_PERPETRATOR_TYPES = PERPETRATOR_CATEGORIES;
export type AlertPerpetratorType = PerpetratorCategory;
