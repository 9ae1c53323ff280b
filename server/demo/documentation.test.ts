import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSystemScope } from '../db/scope';
import { clinicalClockOf } from '../modules/incidents/service';
import { createTestApp, type TestApp } from '../test/runtime';
import { seedDemo, type DemoSeedSummary } from './seed';

const sharedDataDir = path.resolve('../shared/data');
const hasSharedData = fs.existsSync(path.join(sharedDataDir, 'drc/provinces.topo.json'));

let t: TestApp;
let summary: DemoSeedSummary;

beforeAll(async () => {
  t = await createTestApp();
  summary = (await seedDemo(t.ctx, { sharedDataDir }))!;
}, 120_000);
afterAll(async () => t?.close());

const organisationId = async (shortName: string) =>
  (await t.ctx.db.selectFrom('organisations').select('id').where('short_name', '=', shortName).executeTakeFirstOrThrow()).id;

describe('demo documentation data', () => {
  it('records fictional survivors of the women’s NGO with sealed identities, consents, incidents and cases (STO-1, CON-1)', async () => {
    const women = await organisationId('FKWS');
    const rows = await inSystemScope(t.ctx.db, async (trx) => ({
      survivors: await trx.selectFrom('survivors').select(['organisation_id', 'record_key_id', 'name_sealed']).execute(),
      consents: await trx.selectFrom('consents').select(['purpose']).execute(),
      incidents: await trx.selectFrom('incidents').select(['gbv_type', 'narrative_sealed']).execute(),
      cases: await trx.selectFrom('cases').select(['plan_status', 'plan_sealed']).execute(),
    }));
    expect(rows.survivors).toHaveLength(3);
    expect(rows.survivors.every((s) => s.organisation_id === women && s.record_key_id !== null && s.name_sealed !== null)).toBe(true);
    expect(new Set(rows.consents.map((c) => c.purpose))).toEqual(new Set(['services', 'statistics', 'referral']));
    expect(rows.incidents.map((i) => i.gbv_type).sort()).toEqual(['physical_assault', 'rape', 'sexual_assault']);
    expect(rows.cases.filter((c) => c.plan_status === 'submitted' && c.plan_sealed !== null)).toHaveLength(1);
    // No name or narrative lies in clear anywhere in the case tables.
    const dump = JSON.stringify(await inSystemScope(t.ctx.db, (trx) => trx.selectFrom('survivors').selectAll().execute()));
    expect(dump).not.toContain('Fictional Survivor');
  });

  it('shows the PEP clock of the fresh rape as open', async () => {
    const incident = await inSystemScope(t.ctx.db, (trx) =>
      trx.selectFrom('incidents').select(['incident_time', 'gbv_type']).where('id', '=', summary.documentation.freshIncidentId).executeTakeFirstOrThrow(),
    );
    const clock = clinicalClockOf(incident, new Date(), 'female');
    expect(clock.windows.find((w) => w.kind === 'pep')?.state).toBe('open');
  });

  it('fills the directory, refers from the women’s NGO to the medical INGO, and logs two hotline calls', async () => {
    const services = await t.ctx.db.selectFrom('services').select(['service_type', 'area_ids']).execute();
    expect(new Set(services.map((s) => s.service_type))).toEqual(
      new Set(['post_exposure_prophylaxis', 'clinical_management_of_rape', 'medical', 'psychosocial', 'safety_and_shelter', 'legal', 'livelihood']),
    );
    if (hasSharedData) expect(services.every((s) => s.area_ids.length >= 2)).toBe(true);
    const [women, medical] = [await organisationId('FKWS'), await organisationId('FMRI')];
    const flows = await inSystemScope(t.ctx.db, async (trx) => ({
      referrals: await trx.selectFrom('referrals').select(['organisation_id', 'recipient_organisation_id', 'urgent']).execute(),
      calls: await trx.selectFrom('hotline_calls').select(['organisation_id', 'summary_sealed']).execute(),
    }));
    expect(flows.referrals).toEqual([{ organisation_id: women, recipient_organisation_id: medical, urgent: true }]);
    expect(flows.calls).toHaveLength(2);
    expect(flows.calls.every((c) => c.organisation_id === women && c.summary_sealed !== null)).toBe(true);
  });

  it('writes an audit row for each record, as real use would (AUD-1)', async () => {
    const actions = (await t.ctx.db.selectFrom('audit_log').select('action').where('request_id', '=', 'demo-seed').execute()).map((a) => a.action);
    for (const action of ['service.create', 'survivor.create', 'incident.create', 'case.plan_submit']) expect(actions).toContain(action);
  });
});
