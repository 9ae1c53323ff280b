/**
 * receiveAlerts, the one door of every channel, given many alerts at once (the intake's group
 * commit): per-item outcomes, twins in one batch, replays, focal points and areas resolved
 * for all, one event and one audit row per alert stored (REL-2, AUD-1, REL-4).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioFields } from '../../../core/alerts/sms/test-payloads';
import { buildOrganisation } from '../../test/factories';
import { alertInput } from '../../test/factories-alert-triage';
import { buildAlertChannel, buildFocalPoint, postTwilio } from '../../test/factories-alerts';
import { createTestApp, type TestApp } from '../../test/runtime';
import { receiveAlerts, type ReceiveAlertInput } from './receive';

let t: TestApp;
let orgA: string;
let orgB: string;
let areaId: string;
let areaCode: string;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  areaCode = `ZZ${Math.floor(Math.random() * 1e8)}`;
  const name = `Batchville ${randomUUID().slice(0, 8)}`;
  areaId = (await t.ownerDb.insertInto('areas').values({ code: areaCode, level: 2, level_name: 'territory', names: JSON.stringify({ en: name, fr: name }) }).returning('id').executeTakeFirstOrThrow()).id;
}, 120_000);
afterAll(async () => t?.close());

const input = (overrides: Partial<ReceiveAlertInput> = {}): ReceiveAlertInput =>
  alertInput(orgA, { channel: 'generic', providerMessageId: randomUUID(), text: 'Armed men seen near the river', ...overrides });

describe('receiveAlerts', () => {
  it('stores a batch in one transaction with an outcome per input, in order', async () => {
    const phone = `+25470${Math.floor(1e6 + Math.random() * 8e6)}`;
    const focalPoint = await buildFocalPoint(t.ctx, orgA, { phoneNumbers: [phone] });
    const areaName = (await t.ownerDb.selectFrom('areas').select('names').where('id', '=', areaId).executeTakeFirstOrThrow()).names as unknown as { en: string };
    const twin = randomUUID();
    const inputs = [
      input({ senderIdentity: phone, senderKind: 'phone', areaCode }),
      input({ providerMessageId: twin, text: `Shots fired in ${areaName.en} tonight` }),
      input({ providerMessageId: twin }),
      input({ text: 'x'.repeat(10_001) }),
      input({ focalPointId: randomUUID() }),
      input({ organisationId: orgB, senderIdentity: phone, senderKind: 'phone' }),
    ];
    const outcomes = await t.ctx.db.transaction().execute((trx) => receiveAlerts(t.ctx, trx, inputs));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false, false, true]);
    const values = outcomes.map((o) => (o.ok ? o.value : null));
    expect(values[0]).toMatchObject({ duplicate: false, focalPoint: { id: focalPoint.id }, alert: { area_id: areaId, area_source: 'code', unknown_sender: false } });
    expect(values[1]).toMatchObject({ duplicate: false, alert: { area_id: areaId, area_source: 'text' } });
    expect(values[2]).toMatchObject({ duplicate: true, alert: { id: values[1]!.alert.id } });
    expect(outcomes[3]).toMatchObject({ ok: false, error: { code: 'alerts.text_too_long', field: 'text' } });
    expect(outcomes[4]).toMatchObject({ ok: false, error: { code: 'alerts.focal_point_unknown' } });
    // The same number is not a focal point of the other organisation.
    expect(values[5]).toMatchObject({ duplicate: false, focalPoint: null, alert: { organisation_id: orgB, unknown_sender: true } });

    const stored = [values[0]!, values[1]!, values[5]!].map((v) => v.alert.id);
    const events = await t.ownerDb.selectFrom('alert_events').select('alert_id').where('alert_id', 'in', stored).execute();
    expect(events.map((e) => e.alert_id).sort()).toEqual([...stored].sort());
    const audits = await t.ownerDb.selectFrom('audit_log').select('resource_id').where('action', '=', 'alert.receive').where('resource_id', 'in', stored).execute();
    expect(audits).toHaveLength(3);
    expect(new Set(stored.map((id) => values.find((v) => v?.alert.id === id)!.alert.reference)).size).toBe(3);
    // The row returned is the row stored, every column (the sealed ones included).
    const read = await t.ownerDb.selectFrom('alerts').selectAll().where('id', '=', values[0]!.alert.id).executeTakeFirstOrThrow();
    const asJson = (row: object) => JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v])))) as unknown;
    expect(asJson(values[0]!.alert)).toEqual(asJson(read));
  });

  it('answers a replay of a stored message with the first alert and writes nothing', async () => {
    const first = input();
    const [stored] = await t.ctx.db.transaction().execute((trx) => receiveAlerts(t.ctx, trx, [first]));
    const before = Number((await sql<{ n: number }>`select count(*)::int as n from alerts`.execute(t.ownerDb)).rows[0]!.n);
    const [again] = await t.ctx.db.transaction().execute((trx) => receiveAlerts(t.ctx, trx, [{ ...first, text: 'changed' }]));
    expect(again).toMatchObject({ ok: true, value: { duplicate: true, alert: { id: stored!.ok ? stored!.value.alert.id : '' } } });
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from alerts`.execute(t.ownerDb)).rows[0]!.n)).toBe(before);
  });
});

describe('areas named in the text', () => {
  it('follows the areas as they are renamed, in any language, and forgets deleted ones', async () => {
    const tag = randomUUID().slice(0, 8);
    const id = (await t.ownerDb.insertInto('areas').values({ code: `ZN${tag}`, level: 2, level_name: 'territory', names: JSON.stringify({ en: `Oldford ${tag}` }) }).returning('id').executeTakeFirstOrThrow()).id;
    const areaOf = async (text: string) => {
      const [outcome] = await t.ctx.db.transaction().execute((trx) => receiveAlerts(t.ctx, trx, [input({ text: `Armed men seen near ${text} this morning` })]));
      return outcome!.ok ? outcome!.value.alert.area_id : 'failed';
    };
    expect(await areaOf(`OLDFORD ${tag}`)).toBe(id);
    await t.ownerDb.updateTable('areas').set({ names: JSON.stringify({ en: `Newford ${tag}`, fr: `Neuvegué ${tag}` }) }).where('id', '=', id).execute();
    expect(await areaOf(`Oldford ${tag}`)).toBeNull();
    expect(await areaOf(`Newford ${tag}`)).toBe(id);
    expect(await areaOf(`neuvegué ${tag}`)).toBe(id);
    const gone = (await t.ownerDb.insertInto('areas').values({ code: `ZG${tag}`, level: 2, level_name: 'territory', names: JSON.stringify({ en: `Goneville ${tag}` }) }).returning('id').executeTakeFirstOrThrow()).id;
    await t.ownerDb.deleteFrom('areas').where('id', '=', gone).execute();
    expect(await areaOf(`Goneville ${tag}`)).toBeNull();
  });
});

describe('SMS intake under concurrency (group commit)', () => {
  it('stores one alert per message id however many arrive at once, and answers each with its reference', async () => {
    const channel = await buildAlertChannel(t.ctx, orgA, 'twilio');
    const sids = Array.from({ length: 30 }, () => `SM${randomUUID().replace(/-/g, '')}`);
    // 60 requests: every message twice, all in flight together.
    const answers = await Promise.all([...sids, ...sids].map((sid, i) => postTwilio(t.app, channel.id, { ...twilioFields(), MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, From: `+25470000${String(1000 + (i % 30))}` })));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    const rows = await t.ownerDb.selectFrom('alerts').select(['provider_message_id', 'reference']).where('channel_id', '=', channel.id).execute();
    expect(rows).toHaveLength(30);
    for (const [i, sid] of sids.entries()) {
      const reference = rows.find((r) => r.provider_message_id === sid)!.reference;
      expect(answers[i]!.body).toContain(reference);
      expect(answers[i + 30]!.body).toContain(reference);
    }
  });
});
