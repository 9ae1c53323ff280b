import { randomUUID } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IR_COLUMNS } from '../../../core/gbvims/incident-recorder';
import { inSystemScope } from '../../db/scope';
import { expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { buildIncident, incidentCanaries } from '../../test/factories-incidents';
import { buildConsent, buildSurvivor, canaryIdentity, requestAs, type BuiltSurvivor } from '../../test/factories-survivors';
import { createTestApp, type TestApp } from '../../test/runtime';
import { exportIncidents } from './export';

let t: TestApp;
let orgA: string;
let orgB: string;
let supervisorA: SignedInUser;
let analystA: SignedInUser;
let workerA: SignedInUser;
let supervisorB: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  [supervisorA, analystA, workerA, supervisorB] = await Promise.all([
    signInNew(t.app, t.ctx, 'supervisor', orgA),
    signInNew(t.app, t.ctx, 'analyst', orgA),
    signInNew(t.app, t.ctx, 'case_worker', orgA),
    signInNew(t.app, t.ctx, 'supervisor', orgB),
  ]);
  for (const user of [supervisorA, analystA, supervisorB]) await reauthenticate(user);
});
afterAll(async () => t?.close());

async function reauthenticate(user: SignedInUser) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/reauthenticate', headers: user.headers, payload: { password: user.password } });
  expect(res.statusCode, res.body).toBe(204);
}

const exportAs = (user: SignedInUser, query = 'format=csv&lang=en') => t.app.inject({ method: 'GET', url: `/api/incidents/export?${query}`, headers: user.headers });

/** A survivor with canaries everywhere, an incident with canaries, and (optionally) statistics consent. */
async function consentedIncident(org: string, consent: boolean) {
  const built: BuiltSurvivor = await buildSurvivor(t.ctx, org, { identity: canaryIdentity() }, org === orgA ? workerA.id : undefined);
  const canary = incidentCanaries();
  const { incident } = await buildIncident(t.ctx, org, { ...canary, incidentTime: { precision: 'date', date: '2026-09-14' }, reportDate: '2026-09-20' }, built);
  const statistics = consent ? await buildConsent(t.ctx, built, { purpose: 'statistics' }) : null;
  return { built, incident, canary, statistics };
}

function csvRows(body: string): string[][] {
  // Our cells never hold commas or quotes except where quoted; a simple parser is enough here.
  return body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.filter((_, i, all) => i < all.length - 1 || _ !== '').map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')));
}

describe('GET /api/incidents/export (part 10)', () => {
  it('exports only consented incidents; withdrawal removes them from the next export (CON-2, CON-4)', async () => {
    const consented = await consentedIncident(orgA, true);
    const unconsented = await consentedIncident(orgA, false);
    const res = await exportAs(supervisorA);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="weft-export-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body).toContain(consented.incident.code);
    expect(res.body).not.toContain(unconsented.incident.code);

    const withdraw = await t.app.inject({
      method: 'POST',
      url: `/api/survivors/${consented.built.survivor.id}/consents/${consented.statistics!.id}/withdraw`,
      headers: workerA.headers,
    });
    expect(withdraw.statusCode, withdraw.body).toBe(200);
    expect((await exportAs(supervisorA)).body).not.toContain(consented.incident.code);

    await buildConsent(t.ctx, consented.built, { purpose: 'statistics' });
    expect((await exportAs(supervisorA)).body).toContain(consented.incident.code);
  });

  it('writes the IR columns with English and French headers, and no identifying value (canaries)', async () => {
    const { incident, canary, built } = await consentedIncident(orgA, true);
    for (const lang of ['en', 'fr'] as const) {
      const res = await exportAs(supervisorA, `format=csv&lang=${lang}`);
      const rows = csvRows(res.body);
      expect(rows[0]).toEqual(IR_COLUMNS.map((c) => c.header[lang]));
      const row = rows.find((r) => r[0] === incident.code)!;
      expect(row).toBeDefined();
      const cell = (key: string) => row[IR_COLUMNS.findIndex((c) => c.key === key)];
      expect(cell('gbv_type')).toBe(lang === 'en' ? 'Rape' : 'Viol');
      expect(cell('date_of_incident')).toBe('2026-09-14');
      expect(cell('date_of_birth')).toBe('');
      expect(cell('consent')).toBe(lang === 'en' ? 'Yes' : 'Oui');
      // The survivor code never leaves: a pseudonym valid in this file only.
      expect(cell('survivor_code')).toMatch(/^S-/);
      expect(res.body).not.toContain(built.survivor.code);
      expect(res.body).not.toContain('CANARY');
      expect(res.body).not.toContain(canary.narrative);
    }
  });

  it('gives analysts the month of the incident, not the date, and no sensitive column', async () => {
    const { incident } = await consentedIncident(orgA, true);
    const res = await exportAs(analystA);
    expect(res.statusCode, res.body).toBe(200);
    const rows = csvRows(res.body);
    const row = rows.find((r) => r[0] === incident.code)!;
    const cell = (key: string) => row[IR_COLUMNS.findIndex((c) => c.key === key)];
    expect(cell('date_of_incident')).toBe('2026-09');
    expect(cell('date_of_interview')).toBe('');
    expect(res.body).not.toContain('CANARY');
  });

  it('streams a valid XLSX: zip parts, sheet XML, headers in en and fr', async () => {
    const { incident } = await consentedIncident(orgA, true);
    for (const lang of ['en', 'fr'] as const) {
      const res = await exportAs(supervisorA, `format=xlsx&lang=${lang}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toMatch(/filename="weft-export-\d{4}-\d{2}-\d{2}\.xlsx"/);
      const files = unzipSync(new Uint8Array(res.rawPayload));
      expect(Object.keys(files).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
      const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
      expect(sheet).toMatch(/^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?>\n<worksheet /);
      expect(sheet.endsWith('</sheetData></worksheet>')).toBe(true);
      const firstRow = sheet.match(/<row r="1">(.*?)<\/row>/)![1]!;
      const headers = [...firstRow.matchAll(/<t xml:space="preserve">(.*?)<\/t>/g)].map((m) => m[1]!.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
      expect(headers).toEqual(IR_COLUMNS.map((c) => c.header[lang]));
      expect(sheet).toContain(`<t xml:space="preserve">${incident.code}</t>`);
      const all = Object.values(files).map((f) => strFromU8(f)).join('\n');
      expect(all).not.toContain('CANARY');
    }
  });

  it('audits the export with its row count (AUD-1)', async () => {
    const res = await exportAs(supervisorA);
    const latest = (action: string) =>
      t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('actor_user_id', '=', supervisorA.id).orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const start = await latest('incident.export');
    const end = await latest('incident.export_finished');
    expect(end.request_id).toBe(start.request_id);
    const lines = res.body.trim().split('\r\n').length - 1;
    expect(start.details).toMatchObject({ format: 'csv', lang: 'en', rows: lines });
    expect(end.details).toMatchObject({ rows: lines, withheld: 0, completed: true });
  });

  it('needs a recent password confirmation (SES-1) and the export permission; own organisation only', async () => {
    const fresh = await signInNew(t.app, t.ctx, 'supervisor', orgA);
    expectError(await exportAs(fresh), 403, { code: 'auth.reauthentication_required' });
    expectError(await exportAs(workerA), 403);
    const foreign = await consentedIncident(orgB, true);
    const own = await exportAs(supervisorA);
    expect(own.body).not.toContain(foreign.incident.code);
    expect((await exportAs(supervisorB)).body).toContain(foreign.incident.code);
    expectError(await exportAs(supervisorA, 'format=pdf'), 400, { field: 'query.format' });
  });

  it('pages through batches in id order, leaving out the unconsented in between', async () => {
    const org = (await buildOrganisation(t.ctx)).id;
    const consented = await buildSurvivor(t.ctx, org);
    await buildConsent(t.ctx, consented, { purpose: 'statistics' });
    const silent = await buildSurvivor(t.ctx, org);
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      codes.push((await buildIncident(t.ctx, org, {}, consented)).incident.code);
      await buildIncident(t.ctx, org, {}, silent);
    }
    const file = await exportIncidents(t.ctx, requestAs(consented.userId, org, 'supervisor', new Date()), { format: 'csv', lang: 'en' }, { batchSize: 2 });
    const chunks: Buffer[] = [];
    for await (const chunk of file.body) chunks.push(Buffer.from(chunk as Uint8Array));
    const rows = csvRows(Buffer.concat(chunks).toString('utf8')).slice(1);
    expect(rows.map((r) => r[0]).sort()).toEqual(codes.sort());
  });

  it('goes on past whole batches with nothing to export (CON-2): the last incident is still written', async () => {
    const org = (await buildOrganisation(t.ctx)).id;
    const consented = await buildSurvivor(t.ctx, org);
    await buildConsent(t.ctx, consented, { purpose: 'statistics' });
    const silent = await buildSurvivor(t.ctx, org);
    for (let i = 0; i < 5; i += 1) await buildIncident(t.ctx, org, {}, silent);
    const { incident } = await buildIncident(t.ctx, org, {}, consented);
    // The highest id: every batch of 2 before it holds only unconsented incidents.
    const last = `ffffffff-ffff-4fff-bfff-${randomUUID().slice(-12)}`;
    await inSystemScope(t.ctx.db, (trx) => trx.updateTable('incidents').set({ id: last }).where('id', '=', incident.id).execute());
    const file = await exportIncidents(t.ctx, requestAs(consented.userId, org, 'supervisor', new Date()), { format: 'csv', lang: 'en' }, { batchSize: 2 });
    const chunks: Buffer[] = [];
    for await (const chunk of file.body) chunks.push(Buffer.from(chunk as Uint8Array));
    const rows = csvRows(Buffer.concat(chunks).toString('utf8')).slice(1);
    expect(rows.map((r) => r[0])).toEqual([incident.code]);
  });
});
