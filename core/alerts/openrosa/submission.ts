/**
 * OpenRosa 1.0 submissions (xml_submission_file, as ODK Central reads them; OPENROSA-NOTES.md):
 * the envelope every instance has (root `id` = form id, `version`, meta/instanceID `uuid:…`,
 * meta/deprecatedID for edits) and Weft's community alert form. SECURITY REL-4 (the safe reader
 * in xml.ts, field limits, refusals name the field and answer 400), REL-2 (instanceID is the
 * idempotency key), MIN-1 (the form asks no identity; free text gets identity warnings).
 *
 * The alert form's instance (XLSForm name `weft_alert`, no groups but meta and the repeat):
 *
 *   <weft_alert id="weft_alert" version="2026112201">
 *     <area_code>CD-NK-RUT</area_code>                       P-code of the area, optional
 *     <place_description>near the market</place_description> optional, ≤ 500
 *     <what_happened>abduction looting</what_happened>        select_multiple of ALERT_CATEGORIES, required
 *     <people_at_risk>12</people_at_risk>                     integer 0..1,000,000, optional
 *     <perpetrator_type>non_state_armed_group</perpetrator_type> select_one, optional
 *     <observed_at>2026-11-20T14:30:00.000+02:00</observed_at> ODK dateTime, optional
 *     <details>free text</details>                            optional, ≤ 5,000
 *     <location>-1.2345 29.1234 1500 5</location>             geopoint "lat lon alt acc", optional
 *     <photo>1700000000000.jpg</photo>                        image: the file name of an attachment part, optional
 *     <observation>                                           repeat, ≤ 50
 *       <kind>armed_men</kind> <count>8</count> <note>…</note>
 *     </observation>
 *     <meta><instanceID>uuid:…</instanceID><deprecatedID>uuid:…</deprecatedID></meta>
 *   </weft_alert>
 *
 * At least one of area_code, place_description and location must say where.
 */
import { DomainError, invalid } from '../../errors';
import { detectIdentifyingText, type IdentifyingTextWarning } from '../free-text';
import { ALERT_CATEGORIES, ALERT_PERPETRATOR_TYPES, OBSERVATION_KINDS, type AlertCategory, type AlertPerpetratorType, type ObservationKind } from '../vocabularies';
import { childrenNamed, decodeXmlBytes, readXml, XML_LIMITS, type XmlElement, type XmlLimits } from './xml';

export const ALERT_FORM_ID = 'weft_alert';
/** The multipart field that must hold the instance (Central: 400.7 when missing). */
export const SUBMISSION_FIELD = 'xml_submission_file';

export const ALERT_SUBMISSION_LIMITS = {
  maxAreaCodeChars: 64,
  maxPlaceChars: 500,
  maxDetailsChars: 5_000,
  maxNoteChars: 500,
  maxObservations: 50,
  maxPeopleAtRisk: 1_000_000,
  maxObservationCount: 100_000,
  maxFileNameChars: 200,
} as const;

export interface SubmissionEnvelope {
  formId: string;
  version: string | null;
  instanceId: string;
  deprecatedId: string | null;
  /** `encrypted="yes"`: the instance is ciphertext (Weft's alert form is not an encrypted form). */
  encrypted: boolean;
  root: XmlElement;
}

export interface AlertLocation {
  latitude: number;
  longitude: number;
  altitude: number | null;
  accuracy: number | null;
}

export interface AlertObservation {
  kind: ObservationKind;
  count: number | null;
  note: string | null;
}

export interface AlertSubmission {
  formId: string;
  formVersion: string | null;
  instanceId: string;
  deprecatedId: string | null;
  areaCode: string | null;
  placeDescription: string | null;
  categories: AlertCategory[];
  peopleAtRisk: number | null;
  perpetratorType: AlertPerpetratorType | null;
  /** ISO 8601 UTC. */
  observedAt: string | null;
  details: string | null;
  location: AlertLocation | null;
  observations: AlertObservation[];
  /** The photo question's answer: the name of the attachment part that carries the file. */
  photo: string | null;
  /** Free text that looks like it names someone, per field path (`details`, `observation[2]/note`): shown to the alert officer. */
  warnings: { field: string; warnings: IdentifyingTextWarning[] }[];
}

const FORM_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
const INSTANCE_ID = /^uuid:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const AREA_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const F = SUBMISSION_FIELD;

const field = (path: string) => `${F}/${path}`;

/** The single child with this local name, its text trimmed ('' when empty), or null when absent. */
function singleText(parent: XmlElement, name: string, path: string): string | null {
  const found = childrenNamed(parent, name);
  if (found.length === 0) return null;
  if (found.length > 1) throw invalid('openrosa.field_repeated', `${name} appears ${found.length} times; it is not a repeat.`, field(path));
  const element = found[0]!;
  if (element.children.length > 0) throw invalid('openrosa.field_invalid', `${name} must hold text, not elements.`, field(path));
  return element.text.trim();
}

function readInstanceId(value: string | null, name: string, required: boolean): string | null {
  if (value === null || value === '') {
    if (required) throw invalid('openrosa.instance_id_missing', `meta/${name} is missing; every submission needs a uuid: instance id.`, field(`meta/${name}`));
    return null;
  }
  if (!INSTANCE_ID.test(value)) throw invalid('openrosa.instance_id_invalid', `meta/${name} must be uuid: followed by a UUID.`, field(`meta/${name}`));
  return value.toLowerCase();
}

function toXml(xml: string | Uint8Array, limits: XmlLimits): string {
  if (xml instanceof Uint8Array) return decodeXmlBytes(xml, F, limits.maxChars);
  if (typeof xml !== 'string') throw invalid('openrosa.submission_missing', `${F} must hold the instance XML.`, F);
  return xml;
}

/**
 * The identity of any OpenRosa instance: form id and version from the root's attributes, and
 * meta/instanceID (required: it is the idempotency key) and meta/deprecatedID (edits).
 */
export function readSubmissionEnvelope(xml: string | Uint8Array, limits: XmlLimits = XML_LIMITS): SubmissionEnvelope {
  const root = readXml(toXml(xml, limits), { limits, field: F });
  const formId = root.attributes.get('id');
  if (formId === undefined || formId.trim() === '') throw invalid('openrosa.form_id_missing', 'The root element has no id attribute naming the form.', field('@id'));
  if (!FORM_ID.test(formId)) throw invalid('openrosa.form_id_invalid', 'The form id must be letters, digits, _ . or -, at most 100.', field('@id'));
  const versionText = root.attributes.get('version');
  if (versionText !== undefined && versionText.length > 100) throw invalid('openrosa.form_version_invalid', 'The form version must be at most 100 characters.', field('@version'));
  const encrypted = root.attributes.get('encrypted') === 'yes';
  const metas = childrenNamed(root, 'meta');
  if (metas.length > 1) throw invalid('openrosa.field_repeated', 'meta appears more than once.', field('meta'));
  const meta = metas[0];
  const instanceId = readInstanceId(meta ? singleText(meta, 'instanceID', 'meta/instanceID') : null, 'instanceID', true)!;
  const deprecatedId = readInstanceId(meta ? singleText(meta, 'deprecatedID', 'meta/deprecatedID') : null, 'deprecatedID', false);
  if (deprecatedId === instanceId) throw invalid('openrosa.instance_id_invalid', 'meta/deprecatedID must differ from meta/instanceID.', field('meta/deprecatedID'));
  return { formId, version: versionText === undefined || versionText === '' ? null : versionText, instanceId, deprecatedId, encrypted, root };
}

function readTextField(parent: XmlElement, name: string, path: string, max: number): string | null {
  const text = singleText(parent, name, path);
  if (text === null || text === '') return null;
  if (text.length > max) throw invalid('openrosa.field_too_long', `${path} must be at most ${max} characters.`, field(path));
  return text;
}

function readWhole(parent: XmlElement, name: string, path: string, max: number): number | null {
  const text = singleText(parent, name, path);
  if (text === null || text === '') return null;
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) > max) throw invalid('openrosa.field_invalid', `${path} must be a whole number from 0 to ${max}.`, field(path));
  return Number(text);
}

function readChoice<T extends string>(value: string, list: readonly T[], path: string): T {
  if (!(list as readonly string[]).includes(value)) throw invalid('openrosa.choice_invalid', `${value.slice(0, 40)} is not a choice of ${path}.`, field(path));
  return value as T;
}

const ODK_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function readDateTime(parent: XmlElement, name: string, path: string): string | null {
  const text = singleText(parent, name, path);
  if (text === null || text === '') return null;
  const date = ODK_DATETIME.exec(text);
  // Date.parse rolls 31 February over to March: check the calendar date itself.
  const calendar = date ? new Date(Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)))) : null;
  const isCalendarDate = calendar !== null && calendar.getUTCMonth() === Number(text.slice(5, 7)) - 1 && calendar.getUTCDate() === Number(text.slice(8, 10));
  const ms = isCalendarDate ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms) || ms < Date.UTC(1990, 0, 1) || ms > Date.UTC(2200, 0, 1))
    throw invalid('openrosa.datetime_invalid', `${path} must be a date and time with a zone, such as 2026-11-20T14:30:00.000+02:00.`, field(path));
  return new Date(ms).toISOString();
}

/** ODK geopoint: "latitude longitude [altitude [accuracy]]", space-separated decimals. */
export function readGeopoint(text: string, path = 'location'): AlertLocation {
  const parts = text.trim().split(/\s+/);
  const numbers = parts.map((part) => (/^-?\d{1,4}(?:\.\d{1,15})?$/.test(part) ? Number(part) : Number.NaN));
  const [latitude, longitude, altitude, accuracy] = numbers;
  if (parts.length < 2 || parts.length > 4 || numbers.some((n) => !Number.isFinite(n)))
    throw invalid('openrosa.geopoint_invalid', `${path} must be "latitude longitude altitude accuracy" in decimal degrees and metres.`, field(path));
  if (latitude! < -90 || latitude! > 90 || longitude! < -180 || longitude! > 180)
    throw invalid('openrosa.geopoint_invalid', `${path} must have a latitude from -90 to 90 and a longitude from -180 to 180.`, field(path));
  if (accuracy !== undefined && accuracy < 0) throw invalid('openrosa.geopoint_invalid', `${path} accuracy must not be negative.`, field(path));
  return { latitude: latitude!, longitude: longitude!, altitude: altitude ?? null, accuracy: accuracy ?? null };
}

function readObservation(element: XmlElement, i: number): AlertObservation {
  const path = `observation[${i + 1}]`;
  const kind = singleText(element, 'kind', `${path}/kind`);
  if (kind === null || kind === '') throw invalid('openrosa.field_missing', `${path}/kind is missing.`, field(`${path}/kind`));
  return {
    kind: readChoice(kind, OBSERVATION_KINDS, `${path}/kind`),
    count: readWhole(element, 'count', `${path}/count`, ALERT_SUBMISSION_LIMITS.maxObservationCount),
    note: readTextField(element, 'note', `${path}/note`, ALERT_SUBMISSION_LIMITS.maxNoteChars),
  };
}

/**
 * Weft's alert form instance to an AlertSubmission. Not well-formed, over a limit, or missing
 * what the form requires: a validation DomainError naming the field (400). Another form's
 * instance: a not_found DomainError (`form.not_found`, 404, as Central answers an unknown form).
 */
export function parseAlertSubmission(xml: string | Uint8Array, limits: XmlLimits = XML_LIMITS): AlertSubmission {
  const envelope = readSubmissionEnvelope(xml, limits);
  if (envelope.formId !== ALERT_FORM_ID) throw new DomainError('not_found', 'form.not_found', `No form ${envelope.formId} accepts submissions here.`, field('@id'));
  if (envelope.encrypted) throw invalid('openrosa.encrypted_unsupported', 'The alert form is not an encrypted form; send the plain instance.', field('@encrypted'));
  const { root } = envelope;
  const L = ALERT_SUBMISSION_LIMITS;

  const areaCode = readTextField(root, 'area_code', 'area_code', L.maxAreaCodeChars);
  if (areaCode !== null && !AREA_CODE.test(areaCode)) throw invalid('openrosa.field_invalid', 'area_code must be letters, digits, _ . or -.', field('area_code'));
  const placeDescription = readTextField(root, 'place_description', 'place_description', L.maxPlaceChars);

  const what = singleText(root, 'what_happened', 'what_happened');
  if (what === null || what === '') throw invalid('openrosa.field_missing', 'what_happened is missing: choose at least one.', field('what_happened'));
  const chosen = what.split(/\s+/);
  if (chosen.length > ALERT_CATEGORIES.length) throw invalid('openrosa.choice_invalid', 'what_happened has more choices than the list.', field('what_happened'));
  const categories = [...new Set(chosen.map((value) => readChoice(value, ALERT_CATEGORIES, 'what_happened')))];

  const perpetrator = singleText(root, 'perpetrator_type', 'perpetrator_type');
  const locationText = singleText(root, 'location', 'location');
  const location = locationText === null || locationText === '' ? null : readGeopoint(locationText);
  if (areaCode === null && placeDescription === null && location === null)
    throw invalid('openrosa.place_missing', 'Say where: an area, a place description or a location.', field('area_code'));

  const repeats = childrenNamed(root, 'observation');
  if (repeats.length > L.maxObservations) throw invalid('openrosa.too_many_repeats', `At most ${L.maxObservations} observations are accepted.`, field('observation'));
  const observations = repeats.map(readObservation);
  const details = readTextField(root, 'details', 'details', L.maxDetailsChars);
  const photo = readTextField(root, 'photo', 'photo', L.maxFileNameChars);
  // ODK names the part after the file; a path or control character is no file name of ours.
  if (photo !== null && !/^[^/\\\u0000-\u001f]+$/.test(photo)) throw invalid('openrosa.field_invalid', 'photo must be a file name.', field('photo'));

  const warnings: AlertSubmission['warnings'] = [];
  const texts: [string, string | null][] = [['place_description', placeDescription], ['details', details], ...observations.map((o, i): [string, string | null] => [`observation[${i + 1}]/note`, o.note])];
  for (const [path, text] of texts) {
    const found = text === null ? [] : detectIdentifyingText(text);
    if (found.length > 0) warnings.push({ field: path, warnings: found });
  }

  return {
    formId: envelope.formId,
    formVersion: envelope.version,
    instanceId: envelope.instanceId,
    deprecatedId: envelope.deprecatedId,
    areaCode,
    placeDescription,
    categories,
    peopleAtRisk: readWhole(root, 'people_at_risk', 'people_at_risk', L.maxPeopleAtRisk),
    perpetratorType: perpetrator === null || perpetrator === '' ? null : readChoice(perpetrator, ALERT_PERPETRATOR_TYPES, 'perpetrator_type'),
    observedAt: readDateTime(root, 'observed_at', 'observed_at'),
    details,
    location,
    observations,
    photo,
    warnings,
  };
}
