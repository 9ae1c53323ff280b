/**
 * Test support for the alert views (queue filters, map, figures): a small tree of fictional
 * areas, and alerts received through receiveAlert (so they are sealed and gridded as at
 * intake) whose triage columns are then set behind the application's back (t.ownerDb), as
 * the triage and response services would have left them.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { receiveAlert, type ReceiveAlertInput } from '../modules/alerts/service';
import type { TestRuntime } from './runtime';

export interface AreaTree {
  /** Province P (level 1) with health zones P.1 and P.2; province Q with zone Q.1. */
  p: { id: string; code: string };
  p1: { id: string; code: string };
  p2: { id: string; code: string };
  q: { id: string; code: string };
  q1: { id: string; code: string };
}

let areaSerial = 0;

/** Five fictional areas with codes unique in the run (XV + digits). */
export async function buildAreaTree(t: TestRuntime): Promise<AreaTree> {
  const stem = `XV${String(++areaSerial).padStart(2, '0')}${String(Math.floor(Math.random() * 90) + 10)}`;
  const insert = async (suffix: string, level: number, parentId: string | null) => {
    const code = `${stem}${suffix}`;
    const row = await t.ownerDb
      .insertInto('areas')
      .values({ code, level, level_name: level === 1 ? 'province' : 'health zone', parent_id: parentId, names: JSON.stringify({ en: `Fictional ${code}` }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, code };
  };
  const p = await insert('1', 1, null);
  const q = await insert('2', 1, null);
  return { p, q, p1: await insert('101', 2, p.id), p2: await insert('102', 2, p.id), q1: await insert('201', 2, q.id) };
}

export interface ViewAlertSpec {
  organisationId: string;
  channel?: ReceiveAlertInput['channel'];
  areaCode?: string | null;
  location?: { lat: number; lon: number } | null;
  /** ISO instant; microseconds allowed (set after intake). Default now. */
  receivedAt?: string;
  state?: 'new' | 'acknowledged' | 'verifying' | 'verified' | 'dismissed' | 'closed';
  severity?: 'low' | 'medium' | 'high' | 'critical' | null;
  assignedUserId?: string | null;
  team?: string | null;
  escalationLevel?: number;
  /** Registered sender (not unknown) when given. */
  focalPointId?: string | null;
  acknowledgedAt?: string | null;
  verifiedAt?: string | null;
  respondedAt?: string | null;
}

/** Receives an alert as a channel would, then sets its triage columns; returns its id. */
export async function buildViewAlert(t: TestRuntime, spec: ViewAlertSpec): Promise<string> {
  const { alert } = await t.ctx.db.transaction().execute((trx) =>
    receiveAlert(t.ctx, trx, {
      organisationId: spec.organisationId,
      channel: spec.channel ?? 'web',
      channelId: null,
      providerMessageId: `views-${randomUUID()}`,
      senderIdentity: null,
      focalPointId: spec.focalPointId ?? null,
      text: 'Fictional alert for the views',
      raw: '{}',
      areaCode: spec.areaCode ?? null,
      location: spec.location ?? null,
      observedAt: null,
      categories: [],
      peopleAtRisk: null,
      perpetratorType: null,
      warnings: [],
    }),
  );
  await sql`
    update alerts set
      received_at = coalesce(${spec.receivedAt ?? null}::timestamptz, received_at),
      state = ${spec.state ?? 'new'},
      severity = ${spec.severity ?? null},
      assigned_user_id = ${spec.assignedUserId ?? null}::uuid,
      assigned_team = ${spec.team ?? null},
      escalation_level = ${spec.escalationLevel ?? 0},
      acknowledged_at = ${spec.acknowledgedAt ?? null}::timestamptz,
      verified_at = ${spec.verifiedAt ?? null}::timestamptz,
      responded_at = ${spec.respondedAt ?? null}::timestamptz
    where id = ${alert.id}::uuid`.execute(t.ownerDb);
  return alert.id;
}

/**
 * `count` alerts of one area and instant in one statement (web, unknown sender, no text), the
 * first `acknowledged` of them (all by default) acknowledged 20 minutes later: counts for the
 * small-cell tests without a request per alert.
 */
export async function insertBulkAlerts(
  t: TestRuntime,
  spec: { organisationId: string; count: number; areaId: string | null; receivedAt: string; state?: string; acknowledged?: number },
): Promise<void> {
  const acknowledged = spec.acknowledged ?? spec.count;
  await sql`
    insert into alerts (organisation_id, reference, channel, unknown_sender, raw_sealed, received_at, area_id, state, acknowledged_at)
    select ${spec.organisationId}::uuid, ${`B${randomUUID().slice(0, 6).toUpperCase()}-`} || i, 'web', true, '\\x00'::bytea,
      ${spec.receivedAt}::timestamptz, ${spec.areaId}::uuid, ${spec.state ?? 'new'},
      case when i <= ${acknowledged}::int then ${spec.receivedAt}::timestamptz + interval '20 minutes' end
    from generate_series(1, ${spec.count}::int) as i`.execute(t.ownerDb);
}
