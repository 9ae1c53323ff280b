/**
 * Generates fictional survivors, consents, incidents and cases for the documentation
 * benchmarks (issue 3): by default 1,000,000 incidents over the real DR Congo health zones
 * (../shared/data/drc, imported through the places service as the demo does), spread over
 * four bench organisations, the largest with about 62% of them, the third sized so that about
 * 100,000 of its incidents have a live statistics consent (the export benchmark).
 *
 * Rows are drawn in Node with the demo's seeded PRNG (core/gbvims deriveIncident classifies
 * each one, so types, contexts and flags are consistent) and written in large batches with
 * `insert … select from json_populate_recordset`, each batch in its own `inSystemScope`
 * transaction (row-level security, AUTHZ-2). A share of survivors (BENCH_SEALED_SHARE,
 * default 2%) get a record key and sealed name, contact, narratives and case plan through the
 * column handles (STO-1/STO-3); every survivor could, but each seal costs a data-key lookup and
 * 1M of them would dominate the run. No audit rows are written for generated records.
 *
 * Run alone (prints the rate): npx tsx bench/documentation/generate.ts [--incidents N]
 *   BENCH_TARGETS=postgres with DATABASE_URL or BENCH_DATABASE_URL to write to PostgreSQL
 *   (the database is kept: pass it as BENCH_DATABASE_URL to bench/documentation/run.ts).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { deriveIncident } from '../../core/gbvims/derive';
import { incidentTimeColumns } from '../../core/gbvims/derive';
import type { AppContext } from '../../server/platform/context';
import { systemRequest } from '../../server/platform/context';
import { casesPlan, incidentsNarrative, survivorsContact, survivorsName } from '../../server/platform/crypto/columns';
import type { Executor } from '../../server/db/database';
import { inSystemScope } from '../../server/db/scope';
import { loadDemoAreaFiles } from '../../server/demo/areas';
import { createSeededRandom, type SeededRandom } from '../../server/demo/random';
import { insertOrganisation } from '../../server/modules/organisations/service';
import { runAreaImport } from '../../server/modules/places/service';
import { buildUser, type TestUser } from '../../server/test/factories';
import { caseProfile, incidentProfile, survivorProfile } from './profiles';

export interface GenerateOptions {
  incidents: number;
  sealedShare: number;
  /** Batches written at once (PostgreSQL); 1 on PGlite. */
  concurrency: number;
  seed?: string;
  log?: (line: string) => void;
}

export interface BenchOrganisation {
  id: string;
  shortName: string;
  incidents: number;
  survivors: number;
  cases: number;
  caseWorkers: TestUser[];
  supervisor: TestUser;
  analyst: TestUser;
  /** Cases and incidents whose survivor has sealed fields: the ones the "open" benchmark reads. */
  sealedCaseIds: string[];
  sealedIncidentIds: string[];
}

export interface DocumentationFixture {
  generatedAt: string;
  incidents: number;
  organisations: BenchOrganisation[];
  /** Health zones (level 2) and provinces (level 1) with their ids, for filters. */
  zones: string[];
  provinces: string[];
  seconds: number;
}

const FIXTURE_KEY = 'bench.documentation.fixture';
const SHARES = [0.62, 0.18, 0.115, 0.085];
const PASSWORD = 'fictional bench passphrase 2026';
const BATCH_SURVIVORS = 2000;
const DAY = 86_400_000;

/**
 * `wanted`, or, when it would fall after `now`, a random instant between `start` and `now`:
 * clamping to `now` would pile thousands of rows on one value and distort every sort.
 */
const spreadBefore = (now: number, start: number, wanted: number, random: SeededRandom) =>
  wanted <= now ? wanted : start + Math.floor(random.next() * Math.max(0, now - start));

const hex = (bytes: Uint8Array) => `\\x${Buffer.from(bytes).toString('hex')}`;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One multi-row INSERT of JSON rows; every row has the same keys. */
async function insertRows(trx: Executor, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = sql.join(Object.keys(rows[0]!).map((c) => sql.ref(c)));
  await sql`insert into ${sql.table(table)} (${columns}) select ${columns} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)`.execute(trx);
}

export async function readFixture(ctx: AppContext): Promise<DocumentationFixture | null> {
  const row = await ctx.db.selectFrom('instance_settings').select('value').where('key', '=', FIXTURE_KEY).executeTakeFirst();
  return row ? (row.value as DocumentationFixture) : null;
}

/** Kept in the database itself, so a reused database brings its users and ids along. */
export async function saveFixture(ctx: AppContext, fixture: DocumentationFixture): Promise<void> {
  const value = JSON.stringify(fixture);
  await ctx.db
    .insertInto('instance_settings')
    .values({ key: FIXTURE_KEY, value, updated_at: new Date() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: new Date() }))
    .execute();
}

async function importAreas(ctx: AppContext, log: (line: string) => void): Promise<{ zones: string[]; provinces: string[]; zoneWeights: Array<[string, number]> }> {
  const sharedDataDir = path.resolve(process.env.WEFT_SHARED_DATA ?? '../shared/data');
  const files = loadDemoAreaFiles(sharedDataDir);
  if (files.missing.length > 0) throw new Error(`Missing area files under ${sharedDataDir}: ${files.missing.join(', ')}`);
  for (const file of files.found) {
    const report = await ctx.db.transaction().execute((trx) => runAreaImport(trx, systemRequest(), file.input, { dryRun: false, skipInvalid: true }));
    log(`areas: ${file.label}: ${report.created} created, ${report.errors.length} skipped`);
  }
  const rows = await ctx.db.selectFrom('areas').select(['id', 'level', 'code']).orderBy('code').execute();
  const zones = rows.filter((r) => r.level === 2).map((r) => r.id);
  const provinces = rows.filter((r) => r.level === 1).map((r) => r.id);
  // Reports concentrate in a few zones (the front lines, the big displacement sites).
  const random = createSeededRandom('weft-bench-zones');
  const zoneWeights = random.shuffle(zones).map((id, rank): [string, number] => [id, 1 / (rank + 1) ** 0.8]);
  return { zones, provinces, zoneWeights };
}

function pickZone(random: SeededRandom, cumulative: Float64Array, ids: readonly string[]): string {
  const r = random.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return ids[lo]!;
}

interface OrgContext {
  org: BenchOrganisation;
  zoneIds: string[];
  cumulative: Float64Array;
  now: number;
  opts: GenerateOptions;
  ctx: AppContext;
}

/** Draws and writes one batch of survivors with their consents, incidents and cases. */
async function writeBatch(oc: OrgContext, random: SeededRandom, firstNumber: number, incidentBudget: number): Promise<{ survivors: number; incidents: number; cases: number; rows: number }> {
  const { org, now, ctx } = oc;
  const survivors: Record<string, unknown>[] = [];
  const consents: Record<string, unknown>[] = [];
  const incidents: Record<string, unknown>[] = [];
  const cases: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  const sealed: Array<{ survivor: Record<string, unknown>; incidents: Record<string, unknown>[]; caseRow: Record<string, unknown> | null; label: string }> = [];
  let made = 0;
  for (let n = firstNumber; made < incidentBudget; n++) {
    const profile = survivorProfile(random);
    const survivorId = randomUUID();
    const worker = org.caseWorkers[random.int(org.caseWorkers.length)]!;
    const count = Math.min(incidentBudget - made, random.next() < 0.13 ? (random.next() < 0.2 ? 3 : 2) : 1);
    const own: Record<string, unknown>[] = [];
    let firstReport = now;
    for (let k = 0; k < count; k++) {
      const p = incidentProfile(random, now, 3);
      const time = incidentTimeColumns(p.time);
      const reportMs = spreadBefore(now, p.at.getTime(), p.at.getTime() + p.reportDelayDays * DAY, random);
      firstReport = Math.min(firstReport, reportMs);
      const derived = deriveIncident({
        classificationAnswers: p.answers,
        acts: p.acts,
        survivorAgeAtIncident: profile.age,
        perpetratorRelationship: p.perpetratorRelationship,
        perpetratorCategory: p.perpetratorCategory,
        goodsMoneyExchanged: p.goodsMoneyExchanged,
        abductionType: p.abductionType as 'none',
        conflictContexts: p.conflictContexts,
      });
      const created = new Date(reportMs + random.int(8 * 3600_000)).toISOString();
      own.push({
        id: randomUUID(),
        organisation_id: org.id,
        survivor_id: survivorId,
        code: `I-B${String(n).padStart(7, '0')}${k}`,
        incident_time: p.time,
        incident_date: time.incidentDate,
        incident_earliest_at: time.earliestAt?.toISOString() ?? null,
        incident_latest_at: time.latestAt?.toISOString() ?? null,
        report_date: isoDay(reportMs),
        time_of_day: p.timeOfDay,
        area_id: pickZone(random, oc.cumulative, oc.zoneIds),
        place_type: p.placeType,
        displacement_stage: p.displacementStage,
        survivor_age_at_incident: profile.age,
        survivor_age_group: derived.ageGroup,
        is_child: derived.isChild,
        perpetrator_count: p.perpetratorCount,
        perpetrator_sex: p.perpetratorSex,
        perpetrator_age_group: p.perpetratorAgeGroup,
        perpetrator_relationship: p.perpetratorRelationship,
        perpetrator_category: p.perpetratorCategory,
        conflict_contexts: p.conflictContexts,
        acts: p.acts,
        classification_answers: p.answers,
        gbv_type: derived.gbvType,
        derived_contexts: derived.derivedContexts,
        is_crsv: derived.isCrsv,
        is_sea: derived.isSea,
        previously_reported: p.previouslyReported,
        previous_gbv_incidents: p.previousGbvIncidents,
        goods_money_exchanged: p.goodsMoneyExchanged,
        abduction_type: p.abductionType,
        narrative_sealed: null,
        location_sealed: null,
        source: 'case_worker',
        created_by: worker.id,
        created_at: created,
        updated_at: created,
        version: 1,
      });
    }
    const registered = new Date(firstReport).toISOString();
    const survivor: Record<string, unknown> = {
      id: survivorId,
      organisation_id: org.id,
      code: `${org.shortName}-B-${String(n).padStart(7, '0')}`,
      record_key_id: null,
      sex: profile.sex,
      age_at_registration: profile.age,
      age_group: own[0]!.survivor_age_group,
      is_child: own[0]!.is_child,
      disability: profile.disability,
      displacement_status: profile.displacementStatus,
      marital_status: profile.maritalStatus,
      nationality: profile.nationality,
      name_sealed: null,
      contact_sealed: null,
      narrative_entries: 0,
      registered_by: worker.id,
      created_at: registered,
      updated_at: registered,
      version: 1,
    };
    survivors.push(survivor);
    incidents.push(...own);
    made += own.length;
    const child = profile.age !== null && profile.age < 15;
    const consent = (purpose: string, withdrawn: boolean) => ({
      id: randomUUID(),
      organisation_id: org.id,
      survivor_id: survivorId,
      purpose,
      given_by: child ? 'caregiver' : 'survivor',
      child_assent: child ? (profile.age! < 6 ? 'unable' : 'given') : null,
      method: random.next() < 0.7 ? 'verbal' : random.next() < 0.8 ? 'signed' : 'thumbprint',
      legal_basis: 'consent',
      given_at: registered,
      recorded_by: worker.id,
      recorded_at: registered,
      withdrawn_at: withdrawn ? new Date(Math.min(now, firstReport + (1 + random.int(60)) * DAY)).toISOString() : null,
      withdrawal_recorded_by: withdrawn ? worker.id : null,
    });
    if (random.next() < 0.97) consents.push(consent('services', false));
    if (random.next() < 0.92) consents.push(consent('statistics', random.next() < 0.03));
    let caseRow: Record<string, unknown> | null = null;
    if (random.next() < 0.6) {
      const cp = caseProfile(random);
      const updated = new Date(spreadBefore(now, firstReport, firstReport + random.int(180) * DAY + random.int(DAY), random)).toISOString();
      caseRow = {
        id: randomUUID(),
        organisation_id: org.id,
        survivor_id: survivorId,
        code: `CASE-B-${String(n).padStart(7, '0')}`,
        status: cp.status,
        risk_level: cp.riskLevel,
        assigned_to: worker.id,
        needs: cp.needs,
        strength_kinds: cp.strengthKinds,
        plan_sealed: null,
        plan_status: cp.planStatus,
        plan_submitted_at: cp.planStatus === 'draft' ? null : updated,
        plan_submitted_by: cp.planStatus === 'draft' ? null : worker.id,
        plan_approved_at: cp.planStatus === 'approved' ? updated : null,
        plan_approved_by: cp.planStatus === 'approved' ? org.supervisor.id : null,
        closed_at: cp.status === 'closed' ? updated : null,
        closure_approved_by: cp.status === 'closed' ? org.supervisor.id : null,
        next_follow_up_on: cp.status === 'closed' ? null : isoDay(now + (random.int(45) - 10) * DAY),
        created_by: worker.id,
        created_at: registered,
        updated_at: updated,
        version: 1 + random.int(6),
      };
      cases.push(caseRow);
      for (const incident of own) links.push({ case_id: caseRow.id, incident_id: incident.id });
    }
    if (random.next() < oc.opts.sealedShare) sealed.push({ survivor, incidents: own, caseRow, label: String(n) });
  }

  await inSystemScope(ctx.db, async (trx) => {
    // STO-3: one record key per sealed survivor, every sealed field of hers under it.
    for (const s of sealed) {
      const keyId = await ctx.cipher.createRecordKey(trx, org.id);
      const sid = s.survivor.id as string;
      s.survivor.record_key_id = keyId;
      s.survivor.name_sealed = hex(await survivorsName.sealForRecord(ctx.cipher, trx, keyId, sid, JSON.stringify({ name: `Fictional Survivor ${s.label}`, otherNames: null })));
      s.survivor.contact_sealed = hex(await survivorsContact.sealForRecord(ctx.cipher, trx, keyId, sid, JSON.stringify({ phone: '+243 000 000 000', address: 'Fictional hill, fictional village', safeContactInstructions: 'Call only after 18h (fictional)' })));
      for (const incident of s.incidents) {
        const text = `Fictional account ${s.label}: generated text standing for the survivor's own words about what happened, where and who was there. `.repeat(4);
        incident.narrative_sealed = hex(await incidentsNarrative.sealForRecord(ctx.cipher, trx, keyId, incident.id as string, text));
      }
      s.survivor.narrative_entries = s.incidents.length;
      if (s.caseRow) {
        const plan = {
          needs: (s.caseRow.needs as string[]).map((category) => ({ category, description: `Fictional need (${category})`, actions: [{ action: 'Fictional action', responsible: 'case worker', dueOn: null, status: 'pending' }] })),
          strengths: (s.caseRow.strength_kinds as string[]).map((kind) => ({ kind, description: `Fictional strength (${kind})` })),
          goals: 'Fictional goals in her own words.',
        };
        s.caseRow.plan_sealed = hex(await casesPlan.sealForRecord(ctx.cipher, trx, keyId, s.caseRow.id as string, JSON.stringify(plan)));
        org.sealedCaseIds.push(s.caseRow.id as string);
      }
      org.sealedIncidentIds.push(...s.incidents.map((i) => i.id as string));
    }
    await insertRows(trx, 'survivors', survivors);
    await insertRows(trx, 'consents', consents);
    await insertRows(trx, 'incidents', incidents);
    await insertRows(trx, 'cases', cases);
    await insertRows(trx, 'case_incidents', links);
  });
  return { survivors: survivors.length, incidents: made, cases: cases.length, rows: survivors.length + consents.length + made + cases.length + links.length };
}

export async function generateDocumentationData(ctx: AppContext, opts: GenerateOptions): Promise<DocumentationFixture> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  const areas = await importAreas(ctx, log);
  const zoneIds = areas.zoneWeights.map(([id]) => id);
  const cumulative = new Float64Array(zoneIds.length);
  areas.zoneWeights.reduce((sum, [, w], i) => (cumulative[i] = sum + w), 0);
  const now = Date.now();
  const letters = ['A', 'B', 'C', 'D'];
  const organisations: BenchOrganisation[] = [];
  for (const [i, share] of SHARES.entries()) {
    const shortName = `FBO-${letters[i]}`;
    const row = await insertOrganisation(ctx.db, systemRequest(), { name: `Fictional Bench Organisation ${letters[i]} (bench)`, shortName, kind: 'national_ngo', countryCode: 'COD' });
    const user = (role: 'case_worker' | 'supervisor' | 'analyst', n = 0) =>
      buildUser(ctx, { role, organisationId: row.id, email: `bench.${shortName.toLowerCase()}.${role}${n}@bench.weft.example`, password: PASSWORD });
    const caseWorkers = [];
    for (let n = 0; n < 10; n++) caseWorkers.push(await user('case_worker', n));
    organisations.push({
      id: row.id,
      shortName,
      incidents: Math.round(opts.incidents * share),
      survivors: 0,
      cases: 0,
      caseWorkers,
      supervisor: await user('supervisor'),
      analyst: await user('analyst'),
      sealedCaseIds: [],
      sealedIncidentIds: [],
    });
  }
  log(`areas and ${organisations.length} organisations ready in ${((performance.now() - started) / 1000).toFixed(1)} s; generating ${opts.incidents.toLocaleString('en')} incidents, ${(opts.sealedShare * 100).toFixed(1)}% of survivors sealed, ${opts.concurrency} batch(es) at once`);

  const genStarted = performance.now();
  let incidentsDone = 0;
  let rowsDone = 0;
  let lastLog = 0;
  for (const org of organisations) {
    const oc: OrgContext = { org, zoneIds, cumulative, now, opts, ctx };
    // Each batch draws from its own seeded stream, so concurrent batches stay deterministic.
    const batchIncidents = Math.round(BATCH_SURVIVORS * 1.15);
    const batches = Math.ceil(org.incidents / batchIncidents);
    let next = 0;
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (next < batches) {
          const b = next++;
          const budget = Math.min(batchIncidents, org.incidents - b * batchIncidents);
          const random = createSeededRandom(`${opts.seed ?? 'weft-bench-documentation'}:${org.shortName}:${b}`);
          // Survivor numbers: a batch has at most as many survivors as incidents.
          const done = await writeBatch(oc, random, b * batchIncidents + 1, budget);
          org.survivors += done.survivors;
          org.cases += done.cases;
          incidentsDone += done.incidents;
          rowsDone += done.rows;
          if (incidentsDone - lastLog >= 50_000 || incidentsDone === opts.incidents) {
            lastLog = incidentsDone;
            const s = (performance.now() - genStarted) / 1000;
            log(`  ${incidentsDone.toLocaleString('en')} incidents (${rowsDone.toLocaleString('en')} rows) in ${s.toFixed(1)} s: ${Math.round(incidentsDone / s).toLocaleString('en')} incidents/s, ${Math.round(rowsDone / s).toLocaleString('en')} rows/s`);
          }
        }
      }),
    );
  }
  const genSeconds = (performance.now() - genStarted) / 1000;
  log(`generated ${incidentsDone.toLocaleString('en')} incidents, ${rowsDone.toLocaleString('en')} rows (survivors, consents, incidents, cases, links) in ${genSeconds.toFixed(1)} s = ${Math.round(incidentsDone / genSeconds).toLocaleString('en')} incidents/s, ${Math.round(rowsDone / genSeconds).toLocaleString('en')} rows/s`);
  for (const org of organisations) {
    log(`  ${org.shortName}: ${org.incidents.toLocaleString('en')} incidents, ${org.survivors.toLocaleString('en')} survivors, ${org.cases.toLocaleString('en')} cases, ${org.sealedCaseIds.length.toLocaleString('en')} sealed cases`);
  }
  const fixture: DocumentationFixture = {
    generatedAt: new Date(now).toISOString(),
    incidents: incidentsDone,
    organisations,
    zones: areas.zones,
    provinces: areas.provinces,
    seconds: genSeconds,
  };
  await saveFixture(ctx, fixture);
  return fixture;
}

/** Fresh statistics for the planner (the application role may not ANALYZE: the owner does). */
export async function analyseTables(owner: Executor): Promise<void> {
  for (const table of ['survivors', 'consents', 'incidents', 'cases', 'case_incidents', 'areas', 'data_keys']) {
    await sql`analyze ${sql.table(table)}`.execute(owner);
  }
}

// ---- Command line ---------------------------------------------------------------------------

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function optionsFromEnvironment(label: 'pglite' | 'postgres'): GenerateOptions {
  const incidents = Number(flag('incidents') ?? process.env.BENCH_INCIDENTS ?? (label === 'postgres' ? 1_000_000 : 100_000));
  return {
    incidents,
    sealedShare: Number(flag('sealed-share') ?? process.env.BENCH_SEALED_SHARE ?? 0.02),
    concurrency: label === 'postgres' ? Number(process.env.BENCH_CONCURRENCY ?? 2) : 1,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { openDocumentationTarget } = await import('./target');
  const labels = (process.env.BENCH_TARGETS?.split(',') ?? [process.env.DATABASE_URL || process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite']) as Array<'pglite' | 'postgres'>;
  for (const label of labels) {
    const target = await openDocumentationTarget(label);
    try {
      if (await readFixture(target.runtime.ctx)) {
        console.log(`[${label}] this database already holds generated data; nothing written.`);
        continue;
      }
      console.log(`[${label}] generating (node ${process.version})`);
      await generateDocumentationData(target.runtime.ctx, optionsFromEnvironment(label));
      const analysed = performance.now();
      await analyseTables(target.ownerDb);
      console.log(`[${label}] analyse: ${((performance.now() - analysed) / 1000).toFixed(1)} s`);
    } finally {
      await target.close();
    }
  }
}
