/**
 * Demo data for community alerts (issue 4) at the mission's Civil Affairs Section, which runs
 * the community alert network: three gateway channels, an OpenRosa token for one focal
 * point's phone, ten focal points over real health zones, three hundred alerts over sixty
 * days in every state, response tasks to a partner NGO and to mission components (some
 * overdue), and the mission's response-time targets.
 *
 * Channels, focal points and the token go through the modules' services as the mission's
 * demo administrator and alert officer. Every alert goes through receiveAlert, the door of
 * every channel (it seals text, sender, point and raw message, STO-1); the triage the
 * officers played out since is then written through the demo store, with one audit row per
 * alert (AUD-1). Numbers are in the fictional +1 202 555 01xx range; no person is real.
 */
import { randomUUID } from 'node:crypto';
import { createChannelBody, createFocalPointBody, type ChannelView } from '../../core/schemas/alerts';
import type { Insertable } from 'kysely';
import type { AlertEventsTable, AlertTasksTable } from '../db/schema';
import { createChannel, createFocalPoint, receiveAlert } from '../modules/alerts/service';
import { createToken } from '../modules/tokens/service';
import type { UserActor } from '../platform/actor';
import { recordAudit } from '../platform/audit/record';
import type { AppContext, RequestContext } from '../platform/context';
import { demoEscalation, DEMO_TARGETS, planDemoAlerts, type DemoAlertPlan } from './alerts-plan';
import { insertDemoAlertEvents, insertDemoTasks, listDemoZones, saveDemoOutboundChannel, saveDemoTargets, updateDemoAlert } from './alerts-store';
import type { DemoUserRef } from './documentation';
import type { SeededRandom } from './random';

export const ALERTS_DEMO = {
  missionKey: 'civil_affairs',
  partnerKey: 'ingo_protection',
  officer: 'alerts',
  admin: 'missionadmin',
  focal: 'focal',
  alertCount: 300,
  focalPointCount: 10,
  unlocated: 10,
  /** Printed in the banner so a developer can sign webhook requests of their own. */
  secrets: { twilioAuthToken: 'weft-demo-twilio-token-nyamulagira', genericSecret: 'weft-demo-generic-secret-mikeno', smssyncSecret: 'weft-demo-smssync-karisimbi' },
} as const;

export interface AlertsDemoInput {
  organisations: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, DemoUserRef>;
  random: SeededRandom;
  now?: Date;
}

export interface AlertsDemoSummary {
  organisationId: string;
  channels: Array<{ provider: string; name: string; webhookPath: string }>;
  focalPoints: number;
  alerts: number;
  byState: Record<string, number>;
  needsLocating: number;
  tasks: number;
  overdueTasks: number;
  /** The OpenRosa server path for ODK Collect (the token is in it), or null. */
  openRosaPath: string | null;
  /** How long this part of the seed took (the demo seed runs on first start). */
  seconds: number;
}

function actingAs(user: DemoUserRef): RequestContext {
  const actor: UserActor = { kind: 'user', userId: user.id, organisationId: user.organisationId, role: user.role, isPlatformOperator: false, sessionId: 'demo-seed', stage: 'complete', reauthenticatedAt: new Date() };
  return { actor, requestId: 'demo-seed', ip: null, userAgent: null };
}

/** +1 202 555 0100 to 0199: the fictional range, focal points from 0100, unknown senders from 0190. */
const fictionalPhone = (n: number) => `+1202555${String(100 + n).padStart(4, '0')}`;

export async function seedAlertsDemo(ctx: AppContext, input: AlertsDemoInput): Promise<AlertsDemoSummary> {
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The demo catalogue has no ${what}.`);
    return value;
  };
  const organisationId = need(input.organisations.get(ALERTS_DEMO.missionKey), `organisation ${ALERTS_DEMO.missionKey}`);
  const partnerId = need(input.organisations.get(ALERTS_DEMO.partnerKey), `organisation ${ALERTS_DEMO.partnerKey}`);
  const officer = need(input.users.get(ALERTS_DEMO.officer), `account ${ALERTS_DEMO.officer}`);
  const admin = need(input.users.get(ALERTS_DEMO.admin), `account ${ALERTS_DEMO.admin}`);
  const focalUser = need(input.users.get(ALERTS_DEMO.focal), `account ${ALERTS_DEMO.focal}`);
  const { random } = input;
  const now = input.now ?? new Date();
  const started = performance.now();

  // Channels and the ODK Collect token, as the mission's administrator would set them up.
  const asAdmin = actingAs(admin);
  const { secrets } = ALERTS_DEMO;
  const channelInputs = [
    { provider: 'twilio', name: 'Twilio SMS (demo)', replyLanguage: 'fr', defaultCallingCode: '243', accountId: 'AC00000000000000000000000000demo01', authToken: secrets.twilioAuthToken },
    { provider: 'smssync', name: 'SMSSync phone at the base (demo)', replyLanguage: 'sw', defaultCallingCode: '243', sharedSecret: secrets.smssyncSecret },
    { provider: 'generic', name: 'Partner relay, signed JSON (demo)', replyLanguage: 'en', signatureSecret: secrets.genericSecret },
  ];
  const channels: ChannelView[] = [];
  for (const body of channelInputs) channels.push(await createChannel(ctx, asAdmin, createChannelBody.parse(body)));
  const channelOf = (provider: string) => channels.find((c) => c.provider === provider)!;
  const token = await createToken(ctx, asAdmin, { name: 'ODK Collect phone of a focal point (demo)', purpose: 'alerts.intake' });

  // Ten focal points over real health zones, registered by the alert officer.
  const zones = await listDemoZones(ctx.db);
  const zoneOrder = random.shuffle(zones.map((_, i) => i));
  const asOfficer = actingAs(officer);
  const focalPoints: Array<{ id: string; zone: number | null; language: 'en' | 'fr' | 'sw' }> = [];
  for (let i = 0; i < ALERTS_DEMO.focalPointCount; i++) {
    const zone = zoneOrder[i] ?? null;
    const language = random.pick(['fr', 'fr', 'sw', 'sw', 'en'] as const);
    const zoneName = zone === null ? null : zones[zone]!.name;
    const row = await createFocalPoint(ctx, asOfficer, createFocalPointBody.parse({
      displayName: `Focal point ${i + 1} (demo${zoneName ? `, ${zoneName}` : ''})`,
      areaId: zone === null ? null : zones[zone]!.id,
      network: `Community alert network ${zoneName ?? ''} (demo)`.replace('  ', ' '),
      languages: language === 'en' ? ['en', 'fr'] : [language],
      trustLevel: random.pick(['new', 'established', 'established', 'trusted']),
      phoneNumbers: [fictionalPhone(i)],
      tokenIds: i === 0 ? [token.row.id] : [],
    }));
    focalPoints.push({ id: row.id, zone, language });
  }

  const plans = planDemoAlerts(random, { now, count: ALERTS_DEMO.alertCount, zones: zones.length, focalPoints, unlocated: ALERTS_DEMO.unlocated });
  const alertIds: string[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    for (const plan of plans) {
      const zone = plan.zone === null ? null : zones[plan.zone]!;
      const viaForm = plan.sender.kind === 'web';
      const channel = plan.sender.kind === 'openrosa' ? 'openrosa' : viaForm ? 'web' : plan.smsChannel;
      const point = plan.withPoint && zone?.lat != null && zone.lon != null ? { lat: round(zone.lat + plan.jitter.lat), lon: round(zone.lon + plan.jitter.lon), accuracy: 20 + (plan.index % 7) * 15 } : null;
      const text = zone ? plan.text.replace('{place}', zone.name) : plan.text;
      const { alert } = await receiveAlert(ctx, trx, {
        organisationId,
        channel,
        channelId: channel === 'web' || channel === 'openrosa' ? null : channelOf(channel).id,
        providerMessageId: `demo-${plan.index}`,
        senderIdentity: plan.sender.kind === 'focal_point' ? fictionalPhone(plan.sender.index) : plan.sender.kind === 'unknown' ? fictionalPhone(90 + plan.sender.index) : null,
        focalPointId: plan.sender.kind === 'openrosa' ? focalPoints[0]?.id ?? null : null,
        reporterUserId: viaForm ? focalUser.id : null,
        text,
        raw: JSON.stringify({ demo: true, text }),
        // Structured channels carry the P-code; SMS names the place in its text.
        areaCode: zone && (channel === 'generic' || channel === 'openrosa' || viaForm) ? zone.code : null,
        location: point,
        observedAt: plan.observedMinutesBefore === null ? null : new Date(plan.receivedAt.getTime() - plan.observedMinutesBefore * 60_000).toISOString(),
        categories: plan.categories,
        peopleAtRisk: plan.peopleAtRisk,
        perpetratorType: plan.perpetratorType,
        warnings: [],
        receivedAt: plan.receivedAt.toISOString(),
      });
      // A place the text did not resolve is the sender's registered area (or located by an officer).
      if (zone && alert.area_id === null) {
        await updateDemoAlert(trx, organisationId, alert.id, { area_id: zone.id, area_source: plan.sender.kind === 'focal_point' ? 'focal_point' : 'manual' });
      }
      alertIds.push(alert.id);
    }
  });

  // The triage and response the officers played out since.
  let tasks = 0;
  let overdueTasks = 0;
  await ctx.db.transaction().execute(async (trx) => {
    const events: Insertable<AlertEventsTable>[] = [];
    const taskRows: Insertable<AlertTasksTable>[] = [];
    const event = (plan: DemoAlertPlan, at: Date, kind: string, from: string | null, to: string, details: Record<string, unknown> = {}) =>
      events.push({ organisation_id: organisationId, alert_id: alertIds[plan.index]!, kind, from_state: from, to_state: to, actor_user_id: officer.id, occurred_at: at, details: JSON.stringify(details) });
    for (const plan of plans) {
      const id = alertIds[plan.index]!;
      const escalation = demoEscalation(plan, now);
      const escalatedAt = escalation.at && escalation.at.getTime() > now.getTime() ? now : escalation.at;
      await updateDemoAlert(trx, organisationId, id, {
        state: plan.state,
        severity: plan.severity,
        acknowledged_at: plan.acknowledgedAt,
        verified_at: plan.verifiedAt,
        responded_at: plan.respondedAt,
        closed_at: plan.closedAt,
        merged_into_id: plan.mergedInto === null ? null : alertIds[plan.mergedInto]!,
        escalation_level: escalation.level,
        escalated_at: escalatedAt,
        assigned_user_id: ['acknowledged', 'verifying', 'verified'].includes(plan.state) ? officer.id : null,
        updated_at: plan.closedAt ?? plan.verifiedAt ?? plan.acknowledgedAt ?? plan.receivedAt,
      });
      const ack = plan.acknowledgedAt;
      if (ack && plan.severity) event(plan, ack, 'severity', plan.state === 'duplicate' ? 'new' : 'acknowledged', plan.state === 'duplicate' ? 'new' : 'acknowledged', { severity: plan.severity });
      if (plan.state === 'duplicate') {
        const into = alertIds[plan.mergedInto!]!;
        event(plan, ack!, 'merged', 'new', 'duplicate', { intoId: into });
        events.push({ organisation_id: organisationId, alert_id: into, kind: 'merged', from_state: null, to_state: plans[plan.mergedInto!]!.state, actor_user_id: officer.id, occurred_at: ack!, details: JSON.stringify({ mergedId: id }) });
      } else if (plan.state === 'dismissed') {
        event(plan, ack!, 'state', 'new', 'acknowledged');
        event(plan, plan.closedAt!, 'state', 'acknowledged', 'dismissed', { reason: plan.dismissReason });
      } else if (ack) {
        event(plan, ack, 'state', 'new', 'acknowledged');
        if (plan.state !== 'acknowledged') event(plan, new Date(ack.getTime() + 1000), 'state', 'acknowledged', 'verifying');
        if (plan.verifiedAt) event(plan, plan.verifiedAt, 'state', 'verifying', 'verified');
        if (plan.closedAt) event(plan, plan.closedAt, 'state', plan.verifiedAt ? 'verified' : 'verifying', 'closed');
      }
      escalation.stages.forEach((stage, i) => event(plan, escalatedAt!, 'escalated', null, plan.state, { stage, level: i + 1 }));
      for (const task of plan.tasks) {
        const taskId = randomUUID();
        const zoneName = plan.zone === null ? 'the reported area' : (zones[plan.zone]?.name ?? 'the reported area');
        const overdue = task.status !== 'done' && task.dueAt.getTime() < now.getTime();
        taskRows.push({
          id: taskId,
          organisation_id: organisationId,
          alert_id: id,
          assignee_organisation_id: 'partner' in task.assignee ? partnerId : null,
          assignee_component: 'component' in task.assignee ? task.assignee.component : null,
          title: task.title.replace('{zone}', zoneName),
          instructions: 'Fictional demo task: check the situation and report back in Weft.',
          due_at: task.dueAt,
          status: task.status,
          outcome: task.outcome,
          completed_at: task.completedAt,
          escalated_at: overdue ? new Date(task.dueAt.getTime() + 60_000) : null,
          created_by: officer.id,
          created_at: task.createdAt,
          updated_at: task.completedAt ?? task.createdAt,
        });
        event(plan, task.createdAt, 'task', null, plan.state, { taskId, status: 'open' });
        if (task.completedAt) event(plan, task.completedAt, 'task', null, plan.state, { taskId, status: 'done', outcome: task.outcome });
        tasks++;
        if (overdue) overdueTasks++;
      }
    }
    await insertDemoAlertEvents(trx, events);
    await insertDemoTasks(trx, taskRows);
    await saveDemoTargets(trx, organisationId, officer.id, DEMO_TARGETS);
    await saveDemoOutboundChannel(trx, organisationId, officer.id, channelOf('twilio').id);
    await recordAudit(
      trx,
      ...plans.map((plan) => ({
        action: 'alert.demo_triage',
        resourceType: 'alert',
        resourceId: alertIds[plan.index]!,
        organisationId,
        actorUserId: officer.id,
        requestId: 'demo-seed',
        details: { state: plan.state, severity: plan.severity, tasks: plan.tasks.length },
      })),
      { action: 'alert_response_targets.update', resourceType: 'alert_response_targets', organisationId, actorUserId: officer.id, requestId: 'demo-seed', details: { severities: Object.keys(DEMO_TARGETS) } },
    );
  });

  const byState: Record<string, number> = {};
  for (const plan of plans) byState[plan.state] = (byState[plan.state] ?? 0) + 1;
  return {
    organisationId,
    channels: channels.map((c) => ({ provider: c.provider, name: c.name, webhookPath: c.webhookPath })),
    focalPoints: focalPoints.length,
    alerts: plans.length,
    byState,
    needsLocating: plans.filter((p) => p.zone === null).length,
    tasks,
    overdueTasks,
    openRosaPath: `/api/openrosa/v1/key/${token.token}/`,
    seconds: (performance.now() - started) / 1000,
  };
}

const round = (degrees: number) => Math.round(degrees * 1e5) / 1e5;
