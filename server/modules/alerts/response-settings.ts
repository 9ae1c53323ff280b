/**
 * What an organisation sets for rapid response: response-time targets per severity (officers
 * read them, alerts.targets sets them; Weft's defaults fill the gaps), the outbound channel
 * and on-call numbers (alerts.targets; numbers sealed, shown masked), and each channel's
 * outbound configuration (alerts.configure; the send API's secret write-only).
 */
import { DEFAULT_TARGETS, RESPONSE_SEVERITIES, type ResponseSeverity, type ResponseTargets } from '../../../core/alerts/response';
import { hiddenDenial, invalid } from '../../../core/errors';
import type { ChannelOutboundView, PutChannelOutboundInput, PutSettingsInput, PutTargetsInput, SettingsView, TargetsView } from '../../../core/schemas/alert-response';
import type { Executor } from '../../db/database';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { alertChannelsApiSecret, alertResponseSettingsOnCallPhones } from '../../platform/crypto/columns';
import { hasPermission } from '../../platform/policy';
import { mergeOnCallPhones, parseOnCallPhones, presentOnCallPhones, serialiseOnCallPhones, type OnCallPhone } from './on-call-phones';
import { canManageResponseSettings } from './policy';
import * as responseStore from './response-store';
import { outboundMissing } from './sms-transports';
import { forgetAlertChannel } from './intake-cache';
import * as store from './store';

function userWith(req: RequestContext, resource: string, ...permissions: Parameters<typeof hasPermission>[1][]): UserActor {
  const actor = req.actor;
  if (actor.kind !== 'user' || !permissions.some((p) => hasPermission(actor, p))) throw hiddenDenial(resource);
  return actor;
}

// ---- Targets --------------------------------------------------------------------------------

/** The organisation's targets, Weft's defaults where it set none, and where each came from. */
export async function targetsOf(ex: Executor, organisationId: string): Promise<{ targets: ResponseTargets; source: Record<ResponseSeverity, 'default' | 'organisation'> }> {
  const rows = await responseStore.listTargets(ex, organisationId);
  const targets = { ...DEFAULT_TARGETS };
  const source = { critical: 'default', high: 'default', medium: 'default', low: 'default' } as Record<ResponseSeverity, 'default' | 'organisation'>;
  for (const row of rows) {
    const severity = row.severity as ResponseSeverity;
    if (!(RESPONSE_SEVERITIES as readonly string[]).includes(severity)) continue;
    targets[severity] = { acknowledge: row.acknowledge_minutes, verify: row.verify_minutes, respond: row.respond_minutes };
    source[severity] = 'organisation';
  }
  return { targets, source };
}

function presentTargets({ targets, source }: Awaited<ReturnType<typeof targetsOf>>): TargetsView {
  const one = (s: ResponseSeverity) => ({ acknowledgeMinutes: targets[s].acknowledge, verifyMinutes: targets[s].verify, respondMinutes: targets[s].respond, source: source[s] });
  return { targets: { critical: one('critical'), high: one('high'), medium: one('medium'), low: one('low') } };
}

export async function readTargets(ctx: AppContext, req: RequestContext): Promise<TargetsView> {
  const actor = userWith(req, 'alert_response_targets', 'alerts.triage', 'alerts.targets');
  return presentTargets(await targetsOf(ctx.db, actor.organisationId));
}

export async function putTargets(ctx: AppContext, req: RequestContext, input: PutTargetsInput): Promise<TargetsView> {
  const actor = userWith(req, 'alert_response_targets', 'alerts.targets');
  return ctx.db.transaction().execute(async (trx) => {
    const changed: ResponseSeverity[] = [];
    for (const severity of RESPONSE_SEVERITIES) {
      const given = input.targets[severity];
      if (!given) continue;
      changed.push(severity);
      await responseStore.upsertTarget(trx, {
        organisation_id: actor.organisationId,
        severity,
        acknowledge_minutes: given.acknowledgeMinutes,
        verify_minutes: given.verifyMinutes,
        respond_minutes: given.respondMinutes,
        updated_by: actor.userId,
      });
    }
    await recordAudit(trx, { ...auditActor(actor), action: 'alert_response_targets.update', resourceType: 'alert_response_targets', requestId: req.requestId, details: { severities: changed } });
    return presentTargets(await targetsOf(trx, actor.organisationId));
  });
}

/** What a channel lacks to send, from which secrets are set (none is opened to tell). */
export function outboundMissingOf(channel: store.AlertChannelRow): string[] {
  const set = (sealed: Uint8Array | null) => (sealed === null ? null : 'set');
  return outboundMissing({
    provider: channel.provider,
    enabled: channel.enabled,
    accountId: channel.account_id,
    sender: channel.outbound_sender,
    outboundUrl: channel.outbound_url,
    authToken: set(channel.auth_token_sealed),
    apiSecret: set(channel.api_secret_sealed),
    signatureSecret: set(channel.signature_secret_sealed),
  });
}

// ---- Outbound settings ----------------------------------------------------------------------

async function openOnCallPhones(ctx: AppContext, ex: Executor, settings: responseStore.SettingsRow | undefined): Promise<OnCallPhone[]> {
  if (!settings) return [];
  return parseOnCallPhones(await alertResponseSettingsOnCallPhones.open(ctx.cipher, ex, settings.organisation_id, settings.organisation_id, settings.on_call_phones_sealed));
}

/** The on-call numbers (E.164) an organisation set; opening them is the caller's to audit. */
export async function onCallPhonesOf(ctx: AppContext, ex: Executor, settings: responseStore.SettingsRow | undefined): Promise<string[]> {
  return (await openOnCallPhones(ctx, ex, settings)).map((p) => p.phone);
}

function settingsManager(req: RequestContext): UserActor {
  if (!canManageResponseSettings(req.actor) || req.actor.kind !== 'user') throw hiddenDenial('alert_response_settings');
  return req.actor;
}

/** The numbers are opened to be masked: an audited read (AUD-1), though none leaves in clear. */
export async function readSettings(ctx: AppContext, req: RequestContext): Promise<SettingsView> {
  const actor = settingsManager(req);
  return ctx.db.transaction().execute(async (trx) => {
    const settings = await responseStore.findSettings(trx, actor.organisationId);
    const phones = await openOnCallPhones(ctx, trx, settings);
    await recordAudit(trx, { ...auditActor(actor), action: 'alert_response_settings.read', resourceType: 'alert_response_settings', requestId: req.requestId, details: { onCallPhones: phones.length } });
    return { outboundChannelId: settings?.outbound_channel_id ?? null, onCallPhones: presentOnCallPhones(phones), updatedAt: settings?.updated_at.toISOString() ?? null };
  });
}

export async function putSettings(ctx: AppContext, req: RequestContext, input: PutSettingsInput): Promise<SettingsView> {
  const actor = settingsManager(req);
  const organisationId = actor.organisationId;
  return ctx.db.transaction().execute(async (trx) => {
    const stored = await responseStore.findSettings(trx, organisationId);
    if (input.outboundChannelId !== null) {
      const channel = await store.findChannelInOrganisation(trx, organisationId, input.outboundChannelId);
      if (!channel) throw invalid('alerts.outbound_channel_unknown', 'outboundChannelId is not a channel of your organisation.', 'outboundChannelId');
      // A newly chosen channel must send; the one already chosen is kept as it is (an
      // administrator may be completing it), so on-call numbers can still be changed meanwhile.
      const missing = outboundMissingOf(channel);
      if (missing.length > 0 && input.outboundChannelId !== stored?.outbound_channel_id)
        throw invalid('alerts.outbound_channel_cannot_send', `outboundChannelId names a channel that cannot send yet: set ${missing.join(', ')} first.`, 'outboundChannelId');
    }
    // Numbers kept by id are only known sealed: open the stored list to carry them over.
    const current = await openOnCallPhones(ctx, trx, stored);
    const { list, kept, added } = mergeOnCallPhones(current, input.onCallPhones, () => crypto.randomUUID());
    const row = await responseStore.upsertSettings(trx, {
      organisation_id: organisationId,
      outbound_channel_id: input.outboundChannelId,
      on_call_phones_sealed: list.length === 0 ? null : await alertResponseSettingsOnCallPhones.seal(ctx.cipher, trx, organisationId, organisationId, serialiseOnCallPhones(list)),
      updated_by: actor.userId,
    });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'alert_response_settings.update',
      resourceType: 'alert_response_settings',
      requestId: req.requestId,
      details: { outboundChannelId: input.outboundChannelId, onCallPhones: list.length, kept, added, removed: current.filter((c) => !list.some((p) => p.id === c.id)).length },
    });
    return { outboundChannelId: row.outbound_channel_id, onCallPhones: presentOnCallPhones(list), updatedAt: row.updated_at.toISOString() };
  });
}

// ---- A channel's outbound configuration (administrators: alerts.configure) ------------------

function presentOutbound(channel: store.AlertChannelRow): ChannelOutboundView {
  const missing = outboundMissingOf(channel);
  return {
    channelId: channel.id,
    provider: channel.provider as ChannelOutboundView['provider'],
    senderId: channel.outbound_sender,
    outboundUrl: channel.outbound_url,
    apiSecretSet: channel.api_secret_sealed !== null,
    canSend: missing.length === 0,
    missing,
  };
}

async function configurableChannel(ex: Executor, actor: UserActor, id: string): Promise<store.AlertChannelRow> {
  const channel = await store.findChannelInOrganisation(ex, actor.organisationId, id);
  if (!channel) throw hiddenDenial('alert_channel');
  return channel;
}

export async function readChannelOutbound(ctx: AppContext, req: RequestContext, channelId: string): Promise<ChannelOutboundView> {
  const actor = userWith(req, 'alert_channel', 'alerts.configure');
  return presentOutbound(await configurableChannel(ctx.db, actor, channelId));
}

/** Which providers use which outbound fields; giving another is refused by name. */
const OUTBOUND_FIELDS: Record<string, (keyof PutChannelOutboundInput)[]> = {
  twilio: ['senderId'],
  vonage: ['senderId', 'apiSecret'],
  africas_talking: ['senderId', 'apiSecret'],
  generic: ['outboundUrl'],
  frontlinesms: ['outboundUrl', 'apiSecret'],
};

export async function putChannelOutbound(ctx: AppContext, req: RequestContext, channelId: string, input: PutChannelOutboundInput): Promise<ChannelOutboundView> {
  const actor = userWith(req, 'alert_channel', 'alerts.configure');
  return ctx.db.transaction().execute(async (trx) => {
    const channel = await configurableChannel(trx, actor, channelId);
    const allowed = OUTBOUND_FIELDS[channel.provider] ?? [];
    for (const field of Object.keys(input) as (keyof PutChannelOutboundInput)[]) {
      if (input[field] !== undefined && input[field] !== null && !allowed.includes(field))
        throw invalid('alerts.outbound_field_not_used', `A ${channel.provider} channel does not use ${field} to send.`, field);
    }
    const changes: Parameters<typeof store.updateChannel>[3] = { updated_at: new Date() };
    if (input.senderId !== undefined) changes.outbound_sender = input.senderId;
    if (input.outboundUrl !== undefined) changes.outbound_url = input.outboundUrl;
    if (input.apiSecret !== undefined)
      changes.api_secret_sealed = input.apiSecret === null ? null : await alertChannelsApiSecret.seal(ctx.cipher, trx, actor.organisationId, channel.id, input.apiSecret);
    const updated = await store.updateChannel(trx, actor.organisationId, channel.id, changes);
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'alert_channel.outbound_update',
      resourceType: 'alert_channel',
      resourceId: channel.id,
      requestId: req.requestId,
      details: { fields: Object.keys(input).filter((k) => k !== 'apiSecret'), apiSecretChanged: input.apiSecret !== undefined },
    });
    return presentOutbound(updated);
  }).finally(() => forgetAlertChannel(channelId));
}
