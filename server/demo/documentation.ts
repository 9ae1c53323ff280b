/**
 * Demo data for survivor-centred documentation (issue 3): a service directory over real
 * health zones, three fictional survivors of the women's NGO with their consents and
 * incidents (one rape 20 hours ago, so the PEP clock shows open), a case whose plan awaits the
 * supervisor, a referral to the medical INGO's PEP service, and two hotline calls.
 *
 * Written through the modules' own service functions, acting as the demo's case worker and
 * hotline operator, so every identifying field is sealed under the survivor's record key and
 * every step leaves its audit row, as in real use. Names say "Fictional" and "(demo)".
 */
import type { Role } from '../../core/auth/roles';
import type { ServiceType } from '../../core/schemas/services';
import { inOrganisationScope } from '../db/scope';
import type { UserActor } from '../platform/actor';
import { systemRequest, type AppContext, type RequestContext } from '../platform/context';
import { openCase, submitPlan } from '../modules/cases/service';
import { logCall, recordInformationGiven } from '../modules/hotline/service';
import { createIncident } from '../modules/incidents/service';
import { createReferral } from '../modules/referrals/service';
import { insertServiceEntry } from '../modules/services/service';
import { recordConsent } from '../modules/survivors/consents';
import { registerSurvivor } from '../modules/survivors/service';
import type { SeededRandom } from './random';

export interface DemoUserRef {
  id: string;
  organisationId: string;
  role: Role;
}

export interface DocumentationDemoInput {
  /** Demo organisation ids by catalogue key. */
  organisations: ReadonlyMap<string, string>;
  /** Demo accounts by the part of their email before the @. */
  users: ReadonlyMap<string, DemoUserRef>;
  /** Health zone ids (level 2), empty when the data folder is missing. */
  zoneIds: readonly string[];
  random: SeededRandom;
}

export interface DocumentationDemoSummary {
  services: number;
  survivors: number;
  incidents: number;
  cases: number;
  referrals: number;
  hotlineCalls: number;
  /** The rape recorded 20 hours before the seed: its PEP window is open. */
  freshIncidentId: string;
  caseAwaitingApprovalId: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A demo account acting through the services, with a fresh password confirmation (SES-1). */
function actingAs(user: DemoUserRef): RequestContext {
  const actor: UserActor = {
    kind: 'user',
    userId: user.id,
    organisationId: user.organisationId,
    role: user.role,
    isPlatformOperator: false,
    sessionId: 'demo-seed',
    stage: 'complete',
    reauthenticatedAt: new Date(),
  };
  return { actor, requestId: 'demo-seed', ip: null, userAgent: null };
}

interface DirectoryEntry {
  organisationKey: string;
  type: ServiceType;
  name: string;
  facilityName: string | null;
  hours: string;
}

// Every type a case plan may need, across several demo organisations.
const DIRECTORY: readonly DirectoryEntry[] = [
  { organisationKey: 'ingo_medical', type: 'post_exposure_prophylaxis', name: 'PEP kits within 72 hours (demo)', facilityName: 'Fictional mobile clinic (demo)', hours: 'Every day, 24 hours' },
  { organisationKey: 'ingo_medical', type: 'clinical_management_of_rape', name: 'Clinical management of rape (demo)', facilityName: 'Fictional mobile clinic (demo)', hours: 'Every day, 24 hours' },
  { organisationKey: 'ingo_medical', type: 'medical', name: 'General medical care (demo)', facilityName: 'Fictional mobile clinic (demo)', hours: 'Monday to Saturday, 8:00-17:00' },
  { organisationKey: 'ngo_women', type: 'psychosocial', name: 'Listening house: psychosocial support (demo)', facilityName: 'Fictional listening house (demo)', hours: 'Monday to Friday, 8:00-16:00' },
  { organisationKey: 'ngo_women', type: 'safety_and_shelter', name: 'Safe shelter for women and girls (demo)', facilityName: null, hours: 'On referral, every day' },
  { organisationKey: 'ngo_legal', type: 'legal', name: 'Legal aid and accompaniment to court (demo)', facilityName: 'Fictional legal clinic (demo)', hours: 'Monday to Friday, 9:00-15:00' },
  { organisationKey: 'ingo_protection', type: 'livelihood', name: 'Livelihood and cash support (demo)', facilityName: null, hours: 'Tuesday and Thursday, 9:00-13:00' },
  { organisationKey: 'survivors', type: 'psychosocial', name: 'Survivors’ peer groups (demo)', facilityName: null, hours: 'Saturday mornings' },
];

export async function seedDocumentationDemo(ctx: AppContext, input: DocumentationDemoInput): Promise<DocumentationDemoSummary> {
  const { random } = input;
  const org = (key: string) => {
    const id = input.organisations.get(key);
    if (!id) throw new Error(`The demo catalogue has no organisation ${key}.`);
    return id;
  };
  const user = (localPart: string) => {
    const found = input.users.get(localPart);
    if (!found) throw new Error(`The demo catalogue has no account ${localPart}.`);
    return found;
  };
  const zones = random.shuffle(input.zoneIds);
  const zone = (i: number): string | null => zones[i % Math.max(zones.length, 1)] ?? null;
  const now = Date.now();

  // The directory: each service covers two or three real health zones.
  const serviceIds = new Map<string, string>();
  await ctx.db.transaction().execute(async (trx) => {
    for (const [i, entry] of DIRECTORY.entries()) {
      const areaIds = [zone(i), zone(i + 3), ...(i % 2 === 0 ? [zone(i + 5)] : [])].filter((id): id is string => id !== null);
      const row = await insertServiceEntry(trx, systemRequest('demo-seed'), org(entry.organisationKey), {
        name: entry.name,
        type: entry.type,
        areaIds: [...new Set(areaIds)],
        facilityName: entry.facilityName,
        languages: ['fr', 'sw', 'ln'],
        hours: entry.hours,
        contact: 'Fictional hotline +243 000 000 000 (demo)',
        acceptsReferrals: true,
      });
      serviceIds.set(`${entry.organisationKey}:${entry.type}`, row.id);
    }
  });

  const worker = actingAs(user('caseworker'));
  const women = org('ngo_women');
  const medical = org('ingo_medical');

  const recorded = await inOrganisationScope(ctx.db, women, async (trx) => {
    const register = (name: string, sex: string, age: number, displacementStatus: string) =>
      registerSurvivor(ctx, trx, worker, {
        sex,
        ageAtRegistration: age,
        disability: 'no',
        displacementStatus,
        maritalStatus: age < 18 ? 'single' : 'married_cohabitating',
        nationality: 'Congolese (DRC)',
        identity: {
          name: `Fictional Survivor ${name} (demo)`,
          phone: '+243 000 000 000 (fictional)',
          safeContactInstructions: 'Fictional: call only through the listening house.',
          ...(age < 18 ? { caregiverName: `Fictional Caregiver of ${name} (demo)`, caregiverRelationship: 'aunt' } : {}),
        },
      });
    const alpha = await register('Alpha', 'female', 24, 'idp');
    const beta = await register('Beta', 'female', 16, 'resident');
    const gamma = await register('Gamma', 'female', 35, 'returnee');

    await recordConsent(ctx, trx, worker, alpha.id, { purpose: 'services', givenBy: 'survivor', method: 'verbal', legalBasis: 'consent' });
    await recordConsent(ctx, trx, worker, alpha.id, { purpose: 'statistics', givenBy: 'survivor', method: 'verbal', legalBasis: 'consent' });
    await recordConsent(ctx, trx, worker, alpha.id, { purpose: 'referral', recipientOrganisationId: medical, givenBy: 'survivor', method: 'verbal', legalBasis: 'consent' });
    // CHD-1: a child's consent is given by her caregiver, with her own assent.
    for (const purpose of ['services', 'statistics'] as const) {
      await recordConsent(ctx, trx, worker, beta.id, { purpose, givenBy: 'caregiver', childAssent: 'given', method: 'signed', legalBasis: 'consent' });
    }
    await recordConsent(ctx, trx, worker, gamma.id, { purpose: 'services', givenBy: 'survivor', method: 'verbal', legalBasis: 'consent' });

    const fresh = await createIncident(ctx, trx, worker, {
      survivorId: alpha.id,
      incidentTime: { precision: 'exact', at: new Date(now - 20 * HOUR).toISOString() },
      classificationAnswers: { penetration: 'yes' },
      acts: ['rape'],
      timeOfDay: 'evening_night',
      area: zone(0),
      placeType: 'garden_cultivated_field',
      displacementStage: 'during_refuge',
      ageAtIncident: 24,
      perpetratorCount: '2',
      perpetratorSex: 'male',
      perpetratorAgeGroup: '18-25',
      perpetratorRelationship: 'no_relation',
      perpetratorCategory: 'non_state_armed_group',
      conflictContexts: ['attack_on_village'],
      previouslyReported: false,
      narrative: 'Fictional account (demo): she was attacked in the field near the displacement site in the evening. This text stands for a survivor’s own words.',
      exactLocation: 'Fictional field behind the fictional site (demo)',
    });
    await createIncident(ctx, trx, worker, {
      survivorId: beta.id,
      incidentTime: { precision: 'date', date: new Date(now - 90 * DAY).toISOString().slice(0, 10), utcOffsetMinutes: 120 },
      classificationAnswers: { penetration: 'no', sexual_contact: 'yes' },
      acts: ['attempted_rape'],
      timeOfDay: 'afternoon',
      area: zone(1),
      placeType: 'road',
      displacementStage: 'not_displaced_home_community',
      ageAtIncident: 16,
      perpetratorCount: '1',
      perpetratorSex: 'male',
      perpetratorRelationship: 'other_resident_community_member',
      perpetratorCategory: 'civilian',
      narrative: 'Fictional account (demo): on the road back from school. This text stands for a survivor’s own words.',
    });
    await createIncident(ctx, trx, worker, {
      survivorId: gamma.id,
      incidentTime: { precision: 'date', date: new Date(now - 30 * DAY).toISOString().slice(0, 10), utcOffsetMinutes: 120 },
      classificationAnswers: { penetration: 'no', sexual_contact: 'no', physical_violence: 'yes' },
      timeOfDay: 'evening_night',
      area: zone(2),
      placeType: 'survivor_home',
      perpetratorCount: '1',
      perpetratorSex: 'male',
      perpetratorRelationship: 'intimate_partner_former_partner',
      perpetratorCategory: 'civilian',
    });
    return { alpha, fresh };
  });

  // A case with a complete plan, submitted: it waits in the supervisor's queue.
  const opened = await openCase(ctx, worker, {
    survivorId: recorded.alpha.id,
    riskLevel: 'high',
    incidentIds: [recorded.fresh.id],
    nextFollowUpOn: new Date(now + 2 * DAY).toISOString().slice(0, 10),
    plan: {
      needs: [
        { category: 'medical', description: 'PEP and emergency contraception within the window (demo).', actions: [{ action: 'Accompany her to the mobile clinic today', responsible: 'case worker', dueOn: null, status: 'pending' }] },
        { category: 'psychosocial', description: 'Listening sessions when she is ready (demo).', actions: [{ action: 'Offer a first session this week', responsible: 'psychosocial assistant', dueOn: null, status: 'pending' }] },
      ],
      strengths: [
        { kind: 'family', description: 'Her sister lives on the same site and supports her (demo).' },
        { kind: 'faith', description: 'She finds strength in her church group (demo).' },
      ],
      goals: 'To get care quickly and to keep working her field (fictional).',
    },
  });
  const submitted = await submitPlan(ctx, worker, opened.id, opened.version);

  // The referral to the medical INGO's PEP service: urgent, carrying the clock (ONCE-1).
  const pepService = serviceIds.get('ingo_medical:post_exposure_prophylaxis')!;
  await inOrganisationScope(ctx.db, women, (trx) =>
    createReferral(ctx, trx, worker, {
      caseId: submitted.id,
      incidentId: recorded.fresh.id,
      serviceId: pepService,
      sections: ['incident_summary', 'clinical_clock'],
      urgent: true,
    }),
  );

  // Two calls to the women's NGO's hotline: information only, and an urgent one still open.
  const operator = actingAs(user('hotline'));
  const info = await logCall(ctx, operator, {
    receivedAt: new Date(now - 5 * HOUR).toISOString(),
    durationMinutes: 7,
    callerKind: 'community_member',
    language: 'sw',
    areaId: zone(3),
    topics: ['information_request', 'medical_care'],
    isUrgent: false,
    summary: 'Fictional (demo): asked where the nearest clinic offering PEP is.',
  });
  await recordInformationGiven(ctx, operator, info.id);
  await logCall(ctx, operator, {
    receivedAt: new Date(now - 2 * HOUR).toISOString(),
    durationMinutes: 15,
    callerKind: 'relative_or_friend',
    language: 'fr',
    areaId: zone(4),
    topics: ['sexual_violence', 'safety_shelter'],
    isUrgent: true,
    summary: 'Fictional (demo): a neighbour calls for a girl who needs a safe place tonight.',
  });

  return {
    services: DIRECTORY.length,
    survivors: 3,
    incidents: 3,
    cases: 1,
    referrals: 1,
    hotlineCalls: 2,
    freshIncidentId: recorded.fresh.id,
    caseAwaitingApprovalId: submitted.id,
  };
}
