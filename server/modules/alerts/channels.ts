/** Alert channels: each organisation's SMS gateways and webhooks, with write-only secrets (STO-1). */
import type { VonageSignatureMethod } from '../../../core/alerts';
import { conflict, hiddenDenial, invalid } from '../../../core/errors';
import type { OutboundChannelChoice, OutboundChannelChoices } from '../../../core/schemas/alert-response';
import type { ChannelView, CreateChannelInput, UpdateChannelInput } from '../../../core/schemas/alerts';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { alertChannelsAuthToken, alertChannelsSharedSecret, alertChannelsSignatureSecret } from '../../platform/crypto/columns';
import { canConfigureAlertChannels, canManageResponseSettings } from './policy';
import { presentChannel } from './present';
import { outboundMissingOf } from './response-settings';
import { forgetAlertChannel } from './intake-cache';
import * as store from './store';

// ---- Channels (administrators: alerts.configure) -------------------------------------------

function configureScope(req: RequestContext): UserActor {
  const actor = req.actor;
  if (!canConfigureAlertChannels(actor) || actor.kind !== 'user') throw hiddenDenial('alert_channel');
  return actor;
}

type SecretName = 'authToken' | 'signatureSecret' | 'sharedSecret';
const SECRET_COLUMNS = {
  authToken: alertChannelsAuthToken,
  signatureSecret: alertChannelsSignatureSecret,
  sharedSecret: alertChannelsSharedSecret,
} as const;

export async function listChannels(ctx: AppContext, req: RequestContext): Promise<{ data: ChannelView[] }> {
  const actor = configureScope(req);
  return { data: (await store.listChannels(ctx.db, actor.organisationId)).map(presentChannel) };
}

/**
 * The channels whoever sets the response settings may choose to send through (alerts.targets):
 * name, gateway, on or off and whether it can send; nothing of their configuration.
 */
export async function listOutboundChannelChoices(ctx: AppContext, req: RequestContext): Promise<OutboundChannelChoices> {
  const actor = req.actor;
  if (!canManageResponseSettings(actor) || actor.kind !== 'user') throw hiddenDenial('alert_channel');
  const rows = await store.listChannels(ctx.db, actor.organisationId);
  return {
    data: rows.map((row) => ({ id: row.id, name: row.name, provider: row.provider as OutboundChannelChoice['provider'], enabled: row.enabled, canSend: outboundMissingOf(row).length === 0 })),
  };
}

export async function createChannel(ctx: AppContext, req: RequestContext, input: CreateChannelInput): Promise<ChannelView> {
  const actor = configureScope(req);
  const given = { authToken: input.authToken ?? null, signatureSecret: input.signatureSecret ?? null, sharedSecret: input.sharedSecret ?? null };
  checkChannelSecrets(input.provider, given, input.signatureMethod ?? null);
  return ctx.db.transaction().execute(async (trx) => {
    const organisationId = actor.organisationId;
    if (await store.channelNameTaken(trx, organisationId, input.name, null)) throw conflict('alerts.channel_name_taken', 'Another channel has this name.', 'name');
    const id = crypto.randomUUID();
    const sealed = async (name: SecretName) => (given[name] === null ? null : SECRET_COLUMNS[name].seal(ctx.cipher, trx, organisationId, id, given[name]!));
    const now = new Date();
    const row = await store.insertChannel(trx, {
      id,
      organisation_id: organisationId,
      provider: input.provider,
      name: input.name,
      enabled: input.enabled,
      default_calling_code: input.defaultCallingCode ?? null,
      reply_language: input.replyLanguage,
      account_id: input.accountId ?? null,
      signature_method: input.provider === 'vonage' && given.signatureSecret !== null ? (input.signatureMethod ?? 'md5hash') : null,
      auth_token_sealed: await sealed('authToken'),
      signature_secret_sealed: await sealed('signatureSecret'),
      shared_secret_sealed: await sealed('sharedSecret'),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'alert_channel.create',
      resourceType: 'alert_channel',
      resourceId: id,
      requestId: req.requestId,
      details: { provider: input.provider, enabled: input.enabled, secretsSet: (Object.keys(given) as SecretName[]).filter((k) => given[k] !== null) },
    });
    return presentChannel(row);
  });
}

export async function updateChannel(ctx: AppContext, req: RequestContext, id: string, input: UpdateChannelInput): Promise<ChannelView> {
  const actor = configureScope(req);
  return ctx.db.transaction().execute(async (trx) => {
    const organisationId = actor.organisationId;
    const row = await store.findChannelInOrganisation(trx, organisationId, id);
    if (!row) throw hiddenDenial('alert_channel');
    if (input.name !== undefined && (await store.channelNameTaken(trx, organisationId, input.name, id))) throw conflict('alerts.channel_name_taken', 'Another channel has this name.', 'name');
    const after = {
      authToken: input.authToken === undefined ? (row.auth_token_sealed === null ? null : 'kept') : input.authToken,
      signatureSecret: input.signatureSecret === undefined ? (row.signature_secret_sealed === null ? null : 'kept') : input.signatureSecret,
      sharedSecret: input.sharedSecret === undefined ? (row.shared_secret_sealed === null ? null : 'kept') : input.sharedSecret,
    };
    const method = input.signatureMethod === undefined ? (row.signature_method as VonageSignatureMethod | null) : input.signatureMethod;
    checkChannelSecrets(row.provider as CreateChannelInput['provider'], after, method, true);
    const changes: Parameters<typeof store.updateChannel>[3] = { updated_at: new Date() };
    if (input.name !== undefined) changes.name = input.name;
    if (input.enabled !== undefined) changes.enabled = input.enabled;
    if (input.defaultCallingCode !== undefined) changes.default_calling_code = input.defaultCallingCode;
    if (input.replyLanguage !== undefined) changes.reply_language = input.replyLanguage;
    if (input.accountId !== undefined) changes.account_id = input.accountId;
    if (row.provider === 'vonage') changes.signature_method = after.signatureSecret === null ? null : (method ?? 'md5hash');
    const changedSecrets: SecretName[] = [];
    for (const name of Object.keys(SECRET_COLUMNS) as SecretName[]) {
      const value = input[name];
      if (value === undefined) continue;
      changedSecrets.push(name);
      const column = name === 'authToken' ? 'auth_token_sealed' : name === 'signatureSecret' ? 'signature_secret_sealed' : 'shared_secret_sealed';
      changes[column] = value === null ? null : await SECRET_COLUMNS[name].seal(ctx.cipher, trx, organisationId, id, value);
    }
    const updated = await store.updateChannel(trx, organisationId, id, changes);
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'alert_channel.update',
      resourceType: 'alert_channel',
      resourceId: id,
      requestId: req.requestId,
      details: { fields: Object.keys(input).filter((k) => !(k in SECRET_COLUMNS)), secretsChanged: changedSecrets, enabled: updated.enabled },
    });
    return presentChannel(updated);
  }).finally(() => forgetAlertChannel(id));
}

/** Which secrets each provider needs: a webhook nobody can forge (STO-1, REL-4). */
function checkChannelSecrets(
  provider: CreateChannelInput['provider'],
  secrets: Record<SecretName, string | null>,
  method: VonageSignatureMethod | null,
  updating = false,
): void {
  const required: Record<CreateChannelInput['provider'], SecretName | null> = {
    twilio: 'authToken',
    vonage: null,
    africas_talking: 'sharedSecret',
    frontlinesms: 'sharedSecret',
    smssync: 'sharedSecret',
    generic: 'signatureSecret',
  };
  const allowed: Record<CreateChannelInput['provider'], SecretName[]> = {
    twilio: ['authToken'],
    vonage: ['signatureSecret'],
    africas_talking: ['sharedSecret'],
    frontlinesms: ['sharedSecret'],
    smssync: ['sharedSecret'],
    generic: ['signatureSecret'],
  };
  const need = required[provider];
  if (need !== null && secrets[need] === null)
    throw invalid('alerts.secret_required', `${need} is required for a ${provider} channel${updating ? ' and cannot be removed' : ''}.`, need);
  for (const name of Object.keys(secrets) as SecretName[]) {
    if (secrets[name] !== null && secrets[name] !== 'kept' && !allowed[provider].includes(name))
      throw invalid('alerts.secret_not_used', `A ${provider} channel does not use ${name}.`, name);
  }
  if (method !== null && provider !== 'vonage') throw invalid('alerts.signature_method_not_used', 'signatureMethod applies to Vonage channels only.', 'signatureMethod');
}
