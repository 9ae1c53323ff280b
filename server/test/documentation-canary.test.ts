/**
 * STO-1, MIN-2, AUD-1 canaries across the documentation modules, end to end over HTTP: a
 * survivor whose every identifying field is a canary is registered, her incident recorded
 * with a canary narrative and exact location, a case opened with a canary plan, a referral
 * sent with every section, a hotline call logged with a canary summary. Then no canary may
 * appear in the logs (pino at trace), in any table's row_to_json, in the audit trail, in a
 * pg_dump of the server database (when there is one), or in an answer to an analyst, an
 * administrator or a third organisation. A plain control value proves each scan sees data.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_REDACT } from '../app';
import { inSystemScope } from '../db/scope';
import { createTestAppWith, signInNew } from './authz/helpers';
import { buildOrganisation, type SignedInUser } from './factories';
import { buildService } from './factories-referrals';
import { canaryIdentity } from './factories-survivors';
import type { TestApp } from './runtime';

const logChunks: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logChunks.push(chunk.toString('utf8'));
    done();
  },
});

const tag = randomUUID().slice(0, 8);
const identity = canaryIdentity(tag);
const CANARIES = [
  ...Object.values(identity),
  `CANARY-narrative-${tag}`,
  `CANARY-exactLocation-${tag}`,
  `CANARY-planNeed-${tag}`,
  `CANARY-followUp-${tag}`,
  `CANARY-callSummary-${tag}`,
];
const CONTROL = `CONTROL-service-${tag}`;

let t: TestApp;
let worker: SignedInUser;
let supervisor: SignedInUser;
let recipient: SignedInUser;
let analyst: SignedInUser;
let admin: SignedInUser;
let outsider: SignedInUser;
let survivorId = '';
let incidentId = '';
let caseId = '';
let referralId = '';
let callId = '';
/** Answers to roles or organisations that may not read identifying data. */
const forbiddenAnswers: string[] = [];

const send = async (user: SignedInUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
  const res = await t.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
  return res;
};
const expectOk = async (user: SignedInUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
  const res = await send(user, method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
};

const findCanaries = (text: string) => CANARIES.filter((canary): canary is string => canary !== null && text.includes(canary));

beforeAll(async () => {
  t = await createTestAppWith(() => {}, {}, { logger: { level: 'trace', redact: LOG_REDACT, stream: logStream } });
  const holder = (await buildOrganisation(t.ctx)).id;
  const provider = (await buildOrganisation(t.ctx)).id;
  const bystander = (await buildOrganisation(t.ctx)).id;
  worker = await signInNew(t.app, t.ctx, 'case_worker', holder);
  supervisor = await signInNew(t.app, t.ctx, 'supervisor', holder);
  analyst = await signInNew(t.app, t.ctx, 'analyst', holder);
  admin = await signInNew(t.app, t.ctx, 'admin', holder);
  recipient = await signInNew(t.app, t.ctx, 'case_worker', provider);
  outsider = await signInNew(t.app, t.ctx, 'case_worker', bystander);
  const operator = await signInNew(t.app, t.ctx, 'hotline_operator', holder);
  const service = await buildService(t.ctx, provider, { name: CONTROL });

  survivorId = (await expectOk(worker, 'POST', '/api/survivors', { sex: 'female', ageAtRegistration: 24, identity })).id;
  for (const consent of [
    { purpose: 'services' },
    { purpose: 'statistics' },
    { purpose: 'referral', recipientOrganisationId: provider },
  ]) {
    await expectOk(worker, 'POST', `/api/survivors/${survivorId}/consents`, { givenBy: 'survivor', method: 'verbal', legalBasis: 'consent', ...consent });
  }
  incidentId = (
    await expectOk(worker, 'POST', '/api/incidents', {
      survivorId,
      incidentTime: { precision: 'exact', at: new Date(Date.now() - 6 * 3_600_000).toISOString() },
      classificationAnswers: { penetration: 'yes' },
      acts: ['rape'],
      narrative: `CANARY-narrative-${tag}`,
      exactLocation: `CANARY-exactLocation-${tag}`,
    })
  ).id;
  const opened = await expectOk(worker, 'POST', '/api/cases', { survivorId, incidentIds: [incidentId], riskLevel: 'high' });
  caseId = opened.id;
  await expectOk(worker, 'PATCH', `/api/cases/${caseId}`, {
    version: opened.version,
    plan: { needs: [{ category: 'medical', description: `CANARY-planNeed-${tag}`, actions: [] }], strengths: [], goals: null },
  });
  await expectOk(worker, 'POST', `/api/cases/${caseId}/follow-ups`, { happenedOn: new Date().toISOString().slice(0, 10), kind: 'visit', note: `CANARY-followUp-${tag}` });
  referralId = (
    await expectOk(worker, 'POST', '/api/referrals', {
      caseId,
      incidentId,
      serviceId: service.id,
      sections: ['profile', 'contact', 'incident_summary', 'narrative', 'exact_location', 'case_needs', 'clinical_clock'],
    })
  ).id;
  // The recipient may read what the survivor consented to; nothing checked here.
  await expectOk(recipient, 'GET', `/api/referrals/${referralId}`);
  callId = (
    await expectOk(operator, 'POST', '/api/hotline/calls', {
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
      callerKind: 'survivor',
      summary: `CANARY-callSummary-${tag}`,
    })
  ).id;
  await expectOk(operator, 'GET', `/api/hotline/calls/${callId}`);

  for (const [user, url] of [
    [analyst, '/api/incidents'],
    [analyst, `/api/incidents/${incidentId}`],
    [analyst, `/api/survivors/${survivorId}`],
    [analyst, `/api/cases/${caseId}`],
    [admin, `/api/survivors/${survivorId}`],
    [admin, `/api/cases/${caseId}`],
    [admin, `/api/hotline/calls/${callId}`],
    [outsider, `/api/survivors/${survivorId}`],
    [outsider, `/api/incidents/${incidentId}`],
    [outsider, `/api/referrals/${referralId}`],
    [outsider, `/api/hotline/calls/${callId}`],
    [supervisor, '/api/referrals?direction=outgoing'],
  ] as const) {
    forbiddenAnswers.push((await send(user, 'GET', url)).body);
  }
}, 180_000);
afterAll(async () => t?.close());

describe('identifying values of survivors (STO-1, MIN-2, AUD-1)', () => {
  it('the holder reads them back, so the canaries were really written', async () => {
    const survivor = await expectOk(worker, 'GET', `/api/survivors/${survivorId}`);
    expect(survivor.identity.name).toBe(identity.name);
    const incident = await expectOk(worker, 'GET', `/api/incidents/${incidentId}`);
    expect(incident.narrative).toBe(`CANARY-narrative-${tag}`);
  });

  it('never reach the logs, even at trace level', () => {
    const logs = logChunks.join('');
    expect(logs).toContain(referralId);
    expect(findCanaries(logs)).toEqual([]);
  });

  it('never sit in clear in any table, the audit trail included', async () => {
    const tables = ['survivors', 'consents', 'incidents', 'cases', 'case_follow_ups', 'referrals', 'referral_events', 'hotline_calls', 'services', 'audit_log', 'data_keys', 'notifications'];
    let everything = '';
    await inSystemScope(t.ctx.db, async (trx) => {
      for (const table of tables) {
        const { rows } = await sql<{ j: string }>`select row_to_json(x)::text as j from ${sql.table(table)} x`.execute(trx);
        everything += rows.map((row) => row.j).join('\n');
      }
    });
    expect(everything).toContain(CONTROL);
    expect(findCanaries(everything)).toEqual([]);
  });

  it('never reach an analyst, an administrator or another organisation', () => {
    expect(forbiddenAnswers.join('\n').length).toBeGreaterThan(1000);
    expect(findCanaries(forbiddenAnswers.join('\n'))).toEqual([]);
  });

  const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0;
  it.skipIf(!process.env.DATABASE_URL || !hasPgDump)('never appear in a pg_dump of the server database', async () => {
    const url = new URL(t.config.DATABASE_URL!);
    const dump = execFileSync('pg_dump', ['--data-only', '--inserts', url.toString()], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
    expect(dump).toContain(CONTROL);
    expect(findCanaries(dump)).toEqual([]);
  });
});
