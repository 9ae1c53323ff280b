/**
 * ONCE-1: what a referral carries. The chosen sections are read from the holder's record once,
 * at sending, and sealed as one JSON snapshot under the SURVIVOR's record key (STO-3), so the
 * recipient needs no access to the holder's tables and an erasure destroys the copy too.
 */
import type { IncidentTime } from '../../../core/clinical';
import { sealedSections, type ReferralSection } from '../../../core/referrals';
import type { SharedSnapshot } from '../../../core/schemas/referrals';
import type { Executor } from '../../db/database';
import type { Case, Incident, Survivor } from '../../db/schema';
import type { AppContext } from '../../platform/context';
import { openIncidentLocation, openIncidentNarrative } from '../incidents/service';
import { openSurvivorIdentity } from '../survivors/service';

export interface SnapshotSource {
  survivor: Survivor;
  incident: Incident | null;
  caseRow: Case | null;
}

/** The snapshot of the chosen sections; null when none of them is sealed (e.g. the clock only). */
export async function buildSnapshot(ctx: AppContext, trx: Executor, sections: readonly ReferralSection[], source: SnapshotSource): Promise<SharedSnapshot | null> {
  const chosen = sealedSections(sections);
  if (chosen.length === 0) return null;
  const { survivor, incident, caseRow } = source;
  const needsIdentity = chosen.includes('contact') || chosen.includes('caregiver');
  const identity = needsIdentity ? await openSurvivorIdentity(ctx, trx, survivor) : null;
  const snapshot: SharedSnapshot = {};
  for (const section of chosen) {
    switch (section) {
      case 'profile':
        snapshot.profile = {
          sex: survivor.sex,
          ageGroup: survivor.age_group,
          isChild: survivor.is_child,
          disability: survivor.disability,
          displacementStatus: survivor.displacement_status,
          maritalStatus: survivor.marital_status,
        };
        break;
      case 'contact':
        snapshot.contact = {
          name: identity?.name ?? null,
          otherNames: identity?.otherNames ?? null,
          phone: identity?.phone ?? null,
          address: identity?.address ?? null,
          safeContactInstructions: identity?.safeContactInstructions ?? null,
          currentLocation: identity?.currentLocation ?? null,
        };
        break;
      case 'caregiver':
        snapshot.caregiver = { name: identity?.caregiverName ?? null, relationship: identity?.caregiverRelationship ?? null, contact: identity?.caregiverContact ?? null };
        break;
      case 'incident_summary':
        if (incident) {
          snapshot.incidentSummary = {
            gbvType: incident.gbv_type,
            incidentTime: incident.incident_time as IncidentTime,
            reportDate: incident.report_date,
            areaId: incident.area_id,
            placeType: incident.place_type,
            acts: incident.acts,
          };
        }
        break;
      case 'narrative':
        snapshot.narrative = incident ? await openIncidentNarrative(ctx, trx, incident) : null;
        break;
      case 'exact_location':
        snapshot.exactLocation = incident ? await openIncidentLocation(ctx, trx, incident) : null;
        break;
      case 'case_needs':
        if (caseRow) snapshot.caseNeeds = { needs: caseRow.needs, riskLevel: caseRow.risk_level };
        break;
      case 'clinical_clock':
        break;
    }
  }
  return snapshot;
}
