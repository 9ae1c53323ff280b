/**
 * A long SMS Vonage delivers in fragments becomes ONE alert with the whole text, whatever the
 * order and however often a fragment is retried (REL-2); fragments wait sealed (STO-1); a
 * message that never completes still becomes an alert, its gaps marked.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vonageFields } from '../../../core/alerts/sms/test-payloads';
import { buildOrganisation, signedInUser, type SignedInUser } from '../../test/factories';
import { buildAlertChannel, formEncode, vonageSigned } from '../../test/factories-alerts';
import { createTestApp, type TestApp } from '../../test/runtime';
import { FRAGMENT_WAIT_MS, flushFragments } from './fragments';

let t: TestApp;
let orgId: string;
let channelId: string;
let officer: SignedInUser;

const PARTS = ['Armed men arrived at the ', 'market before dawn and ', 'are still at the river crossing.'];

beforeAll(async () => {
  t = await createTestApp();
  orgId = (await buildOrganisation(t.ctx)).id;
  channelId = (await buildAlertChannel(t.ctx, orgId, 'vonage')).id;
  officer = await signedInUser(t.app, t.ctx, 'coordinator', orgId);
}, 120_000);
afterAll(async () => t?.close());

function postFragment(sender: string, reference: string, index: number, total = PARTS.length, text = PARTS[index - 1]!) {
  const fields = {
    ...vonageFields(),
    msisdn: sender,
    messageId: `0B${randomUUID().replace(/-/g, '').slice(0, 14)}`,
    text,
    concat: 'true',
    'concat-ref': reference,
    'concat-total': String(total),
    'concat-part': String(index),
  };
  return t.app.inject({ method: 'POST', url: `/api/alerts/sms/${channelId}/vonage`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formEncode(vonageSigned(fields)) });
}

const alertsFrom = () => t.ownerDb.selectFrom('alerts').select(['id', 'warnings']).where('organisation_id', '=', orgId).execute();
/** The one alert in `after` that was not in `before` (fragments share the gateway's timestamp, so no order tells). */
const added = (before: readonly { id: string }[], after: readonly { id: string }[]) => {
  const fresh = after.filter((a) => !before.some((b) => b.id === a.id));
  expect(fresh).toHaveLength(1);
  return fresh[0]!.id;
};
const textOf = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/alerts/${id}`, headers: officer.headers })).json().text as string;

describe('a message in fragments', () => {
  it('becomes one alert with the whole text once the last fragment arrives, in any order', async () => {
    const earlier = await alertsFrom();
    const before = earlier.length;
    for (const index of [3, 1]) {
      const res = await postFragment('447700900101', '17', index);
      expect(res.statusCode, res.body).toBe(200);
      expect((await alertsFrom()).length).toBe(before);
    }
    // Waiting fragments are sealed: their text is nowhere in clear.
    const waiting = await t.ownerDb.selectFrom('sms_fragments').select(['text_sealed', 'raw_sealed']).where('channel_id', '=', channelId).execute();
    expect(waiting).toHaveLength(2);
    for (const row of waiting) expect(Buffer.from(row.text_sealed).toString('latin1')).not.toContain('Armed men');

    expect((await postFragment('447700900101', '17', 2)).statusCode).toBe(200);
    const alerts = await alertsFrom();
    expect(await textOf(added(earlier, alerts))).toBe(PARTS.join(''));

    // A gateway's retry of a joined fragment is the same alert, not a new message.
    expect((await postFragment('447700900101', '17', 2)).statusCode).toBe(200);
    expect(await alertsFrom()).toHaveLength(before + 1);
  });

  it('keeps two senders using the same reference apart', async () => {
    const earlier = await alertsFrom();
    const before = earlier.length;
    await postFragment('447700900102', '42', 1, 2, 'First sender, ');
    await postFragment('447700900103', '42', 2, 2, 'second sender end.');
    expect(await alertsFrom()).toHaveLength(before);
    await postFragment('447700900102', '42', 2, 2, 'first sender end.');
    const alerts = await alertsFrom();
    expect(await textOf(added(earlier, alerts))).toBe('First sender, first sender end.');
  });

  it('turns a message whose last fragments never come into an alert with its gaps marked, after a wait', async () => {
    await postFragment('447700900104', '99', 1, 3, 'Only the first part ');
    await postFragment('447700900104', '99', 3, 3, 'and the last.');
    const job = await t.ownerDb.selectFrom('jobs').select(['run_at', 'payload']).where('queue', '=', 'alerts.sms_fragments').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now() + FRAGMENT_WAIT_MS - 60_000);

    const alert = await flushFragments(t.ctx, job.payload as never);
    expect(alert!.warnings).toContain('sms.parts_missing');
    expect(await textOf(alert!.id)).toBe('Only the first part  […] and the last.');
    // Run again (the job retried): nothing more.
    expect(await flushFragments(t.ctx, job.payload as never)).toBeNull();
  });
});
