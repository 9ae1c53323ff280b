/** Survivor and consent rows as the API shows them (MIN-2: identity only when given one). */
import type { ConsentRecord } from '../../../core/consent';
import type { ConsentView } from '../../../core/schemas/consents';
import type { SurvivorIdentity, SurvivorSummary, SurvivorView } from '../../../core/schemas/survivors';
import type { AgeGroup } from '../../../core/survivors';
import type { Consent, Survivor } from '../../db/schema';

type SummaryRow = Pick<Survivor, 'id' | 'organisation_id' | 'code' | 'sex' | 'age_group' | 'is_child' | 'displacement_status' | 'narrative_entries' | 'erased_at' | 'created_at' | 'updated_at'>;

export function presentSurvivorSummary(row: SummaryRow): SurvivorSummary {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    code: row.code,
    sex: row.sex,
    ageGroup: row.age_group as AgeGroup | null,
    isChild: row.is_child,
    displacementStatus: row.displacement_status,
    narrativeEntries: row.narrative_entries,
    erased: row.erased_at !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** `identity` undefined (the role may not read it) leaves the key out altogether. */
export function presentSurvivor(row: Survivor, identity: SurvivorIdentity | null | undefined): SurvivorView {
  return {
    ...presentSurvivorSummary(row),
    ageAtRegistration: row.age_at_registration,
    disability: row.disability,
    maritalStatus: row.marital_status,
    nationality: row.nationality,
    childrenBornOfRape: row.children_born_of_rape,
    version: row.version,
    erasedAt: row.erased_at?.toISOString() ?? null,
    ...(identity === undefined ? {} : { identity }),
  };
}

export function toConsentRecord(row: Consent): ConsentRecord {
  return {
    id: row.id,
    survivorId: row.survivor_id,
    purpose: row.purpose as ConsentRecord['purpose'],
    recipientOrganisationId: row.recipient_organisation_id,
    serviceId: row.service_id,
    givenBy: row.given_by as ConsentRecord['givenBy'],
    childAssent: row.child_assent as ConsentRecord['childAssent'],
    guardianNotAskedReason: row.guardian_not_asked_reason as ConsentRecord['guardianNotAskedReason'],
    method: row.method as ConsentRecord['method'],
    legalBasis: row.legal_basis as ConsentRecord['legalBasis'],
    givenAt: row.given_at.toISOString(),
    recordedBy: row.recorded_by,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    withdrawalRecordedBy: row.withdrawal_recorded_by,
  };
}

export function presentConsent(row: Consent): ConsentView {
  return { ...toConsentRecord(row), recordedAt: row.recorded_at.toISOString(), active: row.withdrawn_at === null };
}
