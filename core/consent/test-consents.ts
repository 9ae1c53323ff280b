/** Fictional consent records for the tests of core/consent (not used by production code). */
import type { ConsentRecord } from './types';

export const ids = {
  survivor: '00000000-0000-4000-8000-000000000001',
  otherSurvivor: '00000000-0000-4000-8000-000000000002',
  worker: '00000000-0000-4000-8000-0000000000a1',
  supervisor: '00000000-0000-4000-8000-0000000000a2',
  orgA: '00000000-0000-4000-8000-00000000b001',
  orgB: '00000000-0000-4000-8000-00000000b002',
  orgC: '00000000-0000-4000-8000-00000000b003',
  service1: '00000000-0000-4000-8000-00000000c001',
  service2: '00000000-0000-4000-8000-00000000c002',
} as const;

let counter = 0;
/** A fresh id for each built consent, so that decisions can be traced to one record. */
export const nextConsentId = (): string => `00000000-0000-4000-9000-${String(++counter).padStart(12, '0')}`;

/** An adult survivor's verbal consent for services, given 2024-05-01 08:00Z; override any field. */
export function buildConsent(overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    id: nextConsentId(),
    survivorId: ids.survivor,
    purpose: 'services',
    recipientOrganisationId: null,
    serviceId: null,
    givenBy: 'survivor',
    childAssent: null,
    guardianNotAskedReason: null,
    method: 'verbal',
    legalBasis: 'consent',
    givenAt: '2024-05-01T08:00:00.000Z',
    recordedBy: ids.worker,
    withdrawnAt: null,
    withdrawalRecordedBy: null,
    ...overrides,
  };
}
