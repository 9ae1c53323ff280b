/**
 * The fictional cast of the demo: organisations of the kinds that coordinate on CRSV in
 * eastern DR Congo, and one account per role. Every name says "demo" or "fictional";
 * emails use the reserved .example domain; places and facilities are real.
 */
import type { Role } from '../../core/auth/roles';
import type { Language } from '../../core/schemas/common';
import type { OrganisationView } from '../../core/schemas/organisations';

export const DEMO_EMAIL_DOMAIN = 'demo.weft.example';

export interface DemoOrganisation {
  key: string;
  name: string;
  shortName: string;
  kind: OrganisationView['kind'];
  isPlatformOperator?: boolean;
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { key: 'operator', name: 'Weft Coordination Secretariat (demo)', shortName: 'WEFT-SEC', kind: 'other', isPlatformOperator: true },
  { key: 'jpt', name: 'Joint Protection Team, Fictional UN Stabilization Mission (demo)', shortName: 'FUNSM-JPT', kind: 'un_mission_component' },
  { key: 'civil_affairs', name: 'Civil Affairs Section, Fictional UN Stabilization Mission (demo)', shortName: 'FUNSM-CAS', kind: 'un_mission_component' },
  { key: 'wpa', name: 'Women Protection Advisers Unit, Fictional UN Stabilization Mission (demo)', shortName: 'FUNSM-WPA', kind: 'un_mission_component' },
  { key: 'un_children', name: 'Demo UN Agency for Children (fictional)', shortName: 'DEMO-UNAC', kind: 'un_agency' },
  { key: 'un_health', name: 'Demo UN Agency for Reproductive Health (fictional)', shortName: 'DEMO-UNARH', kind: 'un_agency' },
  { key: 'ingo_medical', name: 'Fictional Medical Relief International (demo)', shortName: 'FMRI', kind: 'international_ngo' },
  { key: 'ingo_protection', name: 'Fictional Global Protection Alliance (demo)', shortName: 'FGPA', kind: 'international_ngo' },
  { key: 'ngo_women', name: 'Fictional Kivu Women’s Solidarity (demo)', shortName: 'FKWS', kind: 'national_ngo' },
  { key: 'ngo_legal', name: 'Fictional Legal Aid Clinic of the East (demo)', shortName: 'FLACE', kind: 'national_ngo' },
  { key: 'survivors', name: 'Fictional Survivors’ Network of the East (demo)', shortName: 'FSNE', kind: 'survivor_network' },
];

export interface DemoAccount {
  role: Role;
  organisationKey: string;
  /** Part of the email before @demo.weft.example. */
  localPart: string;
  roleLabel: string;
  /** Fixed, printed in the banner; must pass core/auth/password-rules (tested). */
  password: string;
  language: Language;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { role: 'admin', organisationKey: 'operator', localPart: 'admin', roleLabel: 'administrator', password: 'weft-demo-lake-kivu', language: 'en' },
  { role: 'case_worker', organisationKey: 'ngo_women', localPart: 'caseworker', roleLabel: 'case worker', password: 'weft-demo-ruzizi-river', language: 'fr' },
  { role: 'supervisor', organisationKey: 'ngo_women', localPart: 'supervisor', roleLabel: 'supervisor', password: 'weft-demo-mount-nyiragongo', language: 'fr' },
  { role: 'focal_point', organisationKey: 'survivors', localPart: 'focalpoint', roleLabel: 'focal point', password: 'weft-demo-lake-albert', language: 'fr' },
  { role: 'analyst', organisationKey: 'un_health', localPart: 'analyst', roleLabel: 'analyst', password: 'weft-demo-ituri-forest', language: 'en' },
  { role: 'coordinator', organisationKey: 'wpa', localPart: 'coordinator', roleLabel: 'coordinator', password: 'weft-demo-virunga-hills', language: 'en' },
  { role: 'justice_actor', organisationKey: 'ngo_legal', localPart: 'justice', roleLabel: 'justice actor', password: 'weft-demo-lake-tanganyika', language: 'fr' },
  { role: 'viewer', organisationKey: 'ingo_protection', localPart: 'viewer', roleLabel: 'viewer', password: 'weft-demo-semliki-valley', language: 'en' },
  // The receiving end of referrals: a case worker at a medical organisation.
  { role: 'case_worker', organisationKey: 'ingo_medical', localPart: 'clinic', roleLabel: 'case worker (medical)', password: 'weft-demo-rwenzori-peaks', language: 'en' },
  { role: 'hotline_operator', organisationKey: 'ngo_women', localPart: 'hotline', roleLabel: 'hotline operator', password: 'weft-demo-mount-kahuzi', language: 'fr' },
  // Community alerts (issue 4): the mission's Civil Affairs Section runs the alert network.
  { role: 'coordinator', organisationKey: 'civil_affairs', localPart: 'alerts', roleLabel: 'alert officer', password: 'weft-demo-mount-mikeno', language: 'fr' },
  { role: 'admin', organisationKey: 'civil_affairs', localPart: 'missionadmin', roleLabel: 'administrator (mission alerts)', password: 'weft-demo-mount-karisimbi', language: 'en' },
  { role: 'focal_point', organisationKey: 'civil_affairs', localPart: 'focal', roleLabel: 'focal point (alert network)', password: 'weft-demo-mount-sabyinyo', language: 'fr' },
  // Sees the network's alerts as counts only, small cells withheld (AGG-2).
  { role: 'analyst', organisationKey: 'civil_affairs', localPart: 'missionanalyst', roleLabel: 'analyst (mission alerts)', password: 'weft-demo-mount-bisoke', language: 'en' },
  // Receives response tasks from the mission.
  { role: 'coordinator', organisationKey: 'ingo_protection', localPart: 'partner', roleLabel: 'partner responder', password: 'weft-demo-mount-muhavura', language: 'en' },
];

/** Focal points placed over health zones share one password, printed once in the banner. */
export const ZONE_FOCAL_POINTS = { count: 5, organisationKey: 'survivors', password: 'weft-demo-lake-edward', language: 'fr' as Language };

// Given names common in eastern DR Congo; with "(demo …)" after them, nobody is meant.
export const GIVEN_NAMES = [
  'Amani', 'Neema', 'Furaha', 'Baraka', 'Imani', 'Zawadi', 'Riziki', 'Faraja', 'Upendo', 'Tumaini',
  'Bahati', 'Sifa', 'Asifiwe', 'Kahindo', 'Masika', 'Kavira', 'Muhindo', 'Kambale', 'Esperance', 'Josué',
];

/** `Rwampara` -> `rwampara`, `Nyiragongo-Kibati` -> `nyiragongo-kibati`: safe in an email. */
export function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'zone';
}
