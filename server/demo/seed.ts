/**
 * Demo data for a first start: the real DR Congo boundaries and health facilities, and a
 * fictional cast of organisations and accounts over them. Seeds only a database with no
 * organisation, in one transaction, so a second start (or a second process) adds nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AreaImportReport } from '../../core/places/schemas';
import { insertOrganisation } from '../modules/organisations/service';
import { loadAreaShapes, runAreaImport } from '../modules/places/service';
import { insertUser } from '../modules/users/service';
import { systemRequest, type AppContext } from '../platform/context';
import { loadDemoAreaFiles, type DemoAreaFile } from './areas';
import { renderBanner } from './banner';
import { DEMO_ACCOUNTS, DEMO_EMAIL_DOMAIN, DEMO_ORGANISATIONS, GIVEN_NAMES, slugOf, ZONE_FOCAL_POINTS } from './catalogue';
import { seedAlertsDemo, type AlertsDemoSummary } from './alerts';
import { seedDocumentationDemo, type DemoUserRef, type DocumentationDemoSummary } from './documentation';
import { chooseDemoFacilities, parseFacilities, type DemoFacility } from './facilities';
import { createSeededRandom } from './random';
import { hasAnyOrganisation, listAreaIds, lockDemoSeed } from './store';

const FACILITIES_FILE = 'drc/health-facilities-osm.tsv';
const FACILITY_COUNT = 8;

export interface DemoSeedSummary {
  seconds: number;
  hashSeconds: number;
  sharedDataDir: string;
  areas: Array<{ file: DemoAreaFile; report: AreaImportReport }>;
  missingFiles: string[];
  organisations: number;
  facilities: DemoFacility[];
  accounts: Array<{ role: string; roleLabel: string; email: string; password: string; displayName: string }>;
  zoneFocalPoints: Array<{ email: string; zone: string }>;
  documentation: DocumentationDemoSummary;
  alerts: AlertsDemoSummary;
}

/** Seeds the demo when the database has no organisation; null when it already has data. */
export async function seedDemoIfEmpty(ctx: AppContext, options: { sharedDataDir: string }): Promise<{ banner: string } | null> {
  const summary = await seedDemo(ctx, options);
  return summary ? { banner: renderBanner(summary, ctx.config.PORT) } : null;
}

/** The same, answering what was seeded (for tests and the CLI). */
export async function seedDemo(ctx: AppContext, options: { sharedDataDir: string }): Promise<DemoSeedSummary | null> {
  if (await hasAnyOrganisation(ctx.db)) return null;
  const started = performance.now();
  const random = createSeededRandom('weft-demo-drc-2026');
  const areaFiles = loadDemoAreaFiles(options.sharedDataDir);
  const facilitiesPath = path.join(options.sharedDataDir, FACILITIES_FILE);
  const facilityRows = fs.existsSync(facilitiesPath) ? parseFacilities(fs.readFileSync(facilitiesPath, 'utf8')) : null;
  const missingFiles = [...areaFiles.missing, ...(facilityRows ? [] : [FACILITIES_FILE])];

  // Argon2id dominates the seed: hash every password at once, before any lock is held.
  const passwords = [...DEMO_ACCOUNTS.map((a) => a.password), ...Array<string>(ZONE_FOCAL_POINTS.count).fill(ZONE_FOCAL_POINTS.password)];
  const hashStarted = performance.now();
  const hashes = await Promise.all(passwords.map((password) => ctx.passwords.hash(password)));
  const hashSeconds = (performance.now() - hashStarted) / 1000;
  const givenNames = random.shuffle(GIVEN_NAMES);

  const seeded = await ctx.db.transaction().execute(async (trx) => {
    await lockDemoSeed(trx);
    if (await hasAnyOrganisation(trx)) return null;
    const req = systemRequest();

    const areas: DemoSeedSummary['areas'] = [];
    for (const file of areaFiles.found) {
      // A flawed feature in a public file is skipped (and reported), not a reason for an empty map.
      areas.push({ file, report: await runAreaImport(trx, req, file.input, { dryRun: false, skipInvalid: true }) });
    }
    const zones = await loadAreaShapes(trx, 2);
    const facilities = facilityRows && zones.length > 0 ? chooseDemoFacilities(facilityRows, zones, random, FACILITY_COUNT) : [];

    const organisationIds = new Map<string, string>();
    for (const organisation of DEMO_ORGANISATIONS) {
      const row = await insertOrganisation(trx, req, { name: organisation.name, shortName: organisation.shortName, kind: organisation.kind, countryCode: 'COD' }, { isPlatformOperator: organisation.isPlatformOperator ?? false });
      organisationIds.set(organisation.key, row.id);
    }
    for (const facility of facilities) {
      // The name is OpenStreetMap's: its attribution travels with it wherever it is shown.
      await insertOrganisation(trx, req, {
        name: `${facility.name} (demo member; © OpenStreetMap contributors)`,
        shortName: `OSM-${facility.osmId.replace('/', '-')}`,
        kind: 'health_facility',
        countryCode: 'COD',
      });
    }

    let hashIndex = 0;
    let nameIndex = 0;
    const accounts: DemoSeedSummary['accounts'] = [];
    const users = new Map<string, DemoUserRef>();
    const addUser = async (organisationKey: string, role: (typeof DEMO_ACCOUNTS)[number]['role'], email: string, displayName: string, language: (typeof DEMO_ACCOUNTS)[number]['language']) =>
      insertUser(trx, req, {
        organisationId: organisationIds.get(organisationKey)!,
        email,
        displayName,
        role,
        language,
        passwordHash: hashes[hashIndex++]!,
        mustChangePassword: false,
      });
    for (const account of DEMO_ACCOUNTS) {
      const email = `${account.localPart}@${DEMO_EMAIL_DOMAIN}`;
      const displayName = `${givenNames[nameIndex++ % givenNames.length]} (demo ${account.roleLabel})`;
      const row = await addUser(account.organisationKey, account.role, email, displayName, account.language);
      users.set(account.localPart, { id: row.id, organisationId: row.organisation_id, role: account.role });
      accounts.push({ role: account.role, roleLabel: account.roleLabel, email, password: account.password, displayName });
    }
    // No area column on users yet: the zone a focal point covers is in their name and email.
    const focalZones = random.shuffle(zones).slice(0, ZONE_FOCAL_POINTS.count);
    const zoneFocalPoints: DemoSeedSummary['zoneFocalPoints'] = [];
    for (let i = 0; i < ZONE_FOCAL_POINTS.count; i++) {
      const zone = focalZones[i];
      const zoneName = zone ? (Object.values(zone.names)[0] ?? zone.code) : '';
      const email = zone ? `focalpoint.${slugOf(zoneName)}@${DEMO_EMAIL_DOMAIN}` : `focalpoint${i + 2}@${DEMO_EMAIL_DOMAIN}`;
      const displayName = `${givenNames[nameIndex++ % givenNames.length]} (demo focal point${zone ? `, ${zoneName}` : ''})`;
      await addUser(ZONE_FOCAL_POINTS.organisationKey, 'focal_point', email, displayName, ZONE_FOCAL_POINTS.language);
      zoneFocalPoints.push({ email, zone: zoneName });
    }
    const zoneIds = await listAreaIds(trx, 2);
    return { areas, facilities, accounts, zoneFocalPoints, organisations: DEMO_ORGANISATIONS.length + facilities.length, organisationIds, users, zoneIds };
  });
  if (!seeded) return null;
  // Case records go through the modules' services, each in its own scoped transaction (AUTHZ-2).
  const { organisationIds, users, zoneIds, ...rest } = seeded;
  const documentation = await seedDocumentationDemo(ctx, { organisations: organisationIds, users, zoneIds, random });
  const alerts = await seedAlertsDemo(ctx, { organisations: organisationIds, users, random });
  return { ...rest, documentation, alerts, seconds: (performance.now() - started) / 1000, hashSeconds, sharedDataDir: options.sharedDataDir, missingFiles };
}
