/**
 * MIN-1: every survivor and incident field has a sensitivity class, as data, so presenters
 * (MIN-2) can strip by class. Schemas and presenters type their field names as SurvivorField /
 * IncidentField, so a field without a class here does not compile there.
 * - identifying: names or locates a person on its own (name, contact, exact place, narrative,
 *   birth date, perpetrator names). Encrypted at rest (STO-1); never leaves the organisation
 *   without consent.
 * - sensitive: harms or helps re-identify in combination (exact age, exact date, ethnicity,
 *   disability, health). Need to know only; never in aggregates below the small-cell threshold.
 * - non_identifying: coded values safe in aggregates (age group, type, admin area P-code).
 * Unknown fields are treated as identifying (deny by default).
 */
export const SENSITIVITY_CLASSES = ['identifying', 'sensitive', 'non_identifying'] as const;
export type SensitivityClass = (typeof SENSITIVITY_CLASSES)[number];

export const SURVIVOR_FIELDS = {
  id: 'non_identifying',
  organisationId: 'non_identifying',
  survivorCode: 'sensitive', // pseudonymous, but links every record of one person
  name: 'identifying',
  otherNames: 'identifying',
  contact: 'identifying',
  safeContactInstructions: 'identifying',
  address: 'identifying',
  dateOfBirth: 'identifying',
  sex: 'non_identifying',
  ageGroup: 'non_identifying',
  ethnicity: 'sensitive',
  nationality: 'sensitive',
  countryOfOrigin: 'sensitive',
  religion: 'sensitive',
  languages: 'sensitive',
  disability: 'sensitive',
  displacementStatus: 'non_identifying',
  maritalStatus: 'non_identifying',
  unaccompaniedOrSeparatedChild: 'sensitive',
  caregiverName: 'identifying',
  caregiverRelationship: 'sensitive',
  occupation: 'sensitive',
  childrenBornOfRape: 'sensitive', // stigma: known in a village, it exposes mother and child
  strengthsAndConnections: 'identifying', // names family, peers, faith and livelihood ties
  createdAt: 'non_identifying',
  updatedAt: 'non_identifying',
} as const satisfies Record<string, SensitivityClass>;
export type SurvivorField = keyof typeof SURVIVOR_FIELDS;

export const INCIDENT_FIELDS = {
  id: 'non_identifying',
  organisationId: 'non_identifying',
  survivorId: 'sensitive', // links the incident to the survivor's other records
  incidentCode: 'non_identifying',
  incidentDate: 'sensitive', // an exact date plus a village can name the survivor
  incidentDatePrecision: 'non_identifying',
  incidentMonth: 'non_identifying',
  reportDate: 'sensitive',
  timeOfDay: 'non_identifying',
  ageAtIncident: 'sensitive',
  ageGroup: 'non_identifying',
  adminAreaCode: 'non_identifying', // P-code of the administrative area, not the place
  placeType: 'non_identifying',
  exactLocation: 'identifying',
  gbvType: 'non_identifying',
  classificationAnswers: 'non_identifying',
  acts: 'non_identifying',
  contexts: 'non_identifying',
  conflictContext: 'non_identifying',
  goodsOrMoneyExchanged: 'non_identifying',
  abduction: 'non_identifying',
  heldInCaptivity: 'non_identifying',
  previouslyReported: 'non_identifying',
  numberOfPerpetrators: 'non_identifying',
  perpetratorSex: 'non_identifying',
  perpetratorAgeGroup: 'non_identifying',
  perpetratorRelationship: 'non_identifying',
  perpetratorCategory: 'non_identifying',
  perpetratorUnit: 'sensitive', // names a unit: reprisals, and with a place it can name a person
  perpetratorNames: 'identifying',
  perpetratorDescription: 'identifying',
  narrative: 'identifying',
  witnessNames: 'identifying',
  evidenceFiles: 'identifying',
  injuries: 'sensitive',
  pregnancyResult: 'sensitive',
  clinicalCare: 'sensitive', // PEP and emergency contraception given or not
  servicesReceived: 'non_identifying',
  servicesReferred: 'non_identifying',
  caseworkerCode: 'sensitive',
  createdAt: 'non_identifying',
  updatedAt: 'non_identifying',
} as const satisfies Record<string, SensitivityClass>;
export type IncidentField = keyof typeof INCIDENT_FIELDS;

export const FIELD_SENSITIVITY = { survivor: SURVIVOR_FIELDS, incident: INCIDENT_FIELDS } as const;
export type SensitiveEntity = keyof typeof FIELD_SENSITIVITY;

/** The class of a field; 'identifying' for a field the table does not know (deny by default). */
export function sensitivityOf(entity: SensitiveEntity, field: string): SensitivityClass {
  const table: Record<string, SensitivityClass> = FIELD_SENSITIVITY[entity];
  return Object.prototype.hasOwnProperty.call(table, field) ? table[field]! : 'identifying';
}

/** The fields of an entity in the given classes, in table order. */
export function fieldsOfClass(entity: SensitiveEntity, classes: readonly SensitivityClass[]): string[] {
  return Object.entries(FIELD_SENSITIVITY[entity])
    .filter(([, c]) => classes.includes(c))
    .map(([field]) => field);
}

/**
 * A copy of the record with only the fields whose class is allowed (MIN-2 presenters). Fields
 * the table does not know are dropped unless 'identifying' is allowed.
 */
export function stripBySensitivity<T extends Record<string, unknown>>(
  entity: SensitiveEntity,
  record: T,
  allowed: readonly SensitivityClass[],
): Partial<T> {
  const kept: Partial<T> = {};
  for (const key of Object.keys(record) as (keyof T & string)[]) {
    if (key === '__proto__') continue; // from JSON.parse; never a field, never copied
    if (allowed.includes(sensitivityOf(entity, key))) kept[key] = record[key];
  }
  return kept;
}
