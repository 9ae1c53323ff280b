/** Rows to the shapes of core/schemas/alerts. Secrets never leave as more than "set or not". */
import type { AlertSummary, AlertView, ChannelView, FocalPointSummary, FocalPointView } from '../../../core/schemas/alerts';
import type { AlertChannelRow, AlertRow, FocalPointWithCounts } from './store';

type Provider = ChannelView['provider'];

/** The path of a channel's webhook: one per gateway, under the channel's id. */
export function webhookPath(provider: string, channelId: string): string {
  const segment = provider === 'africas_talking' ? 'africas-talking' : provider;
  return `/api/alerts/sms/${channelId}/${segment}`;
}

export function presentChannel(row: AlertChannelRow): ChannelView {
  return {
    id: row.id,
    provider: row.provider as Provider,
    name: row.name,
    enabled: row.enabled,
    defaultCallingCode: row.default_calling_code,
    replyLanguage: row.reply_language,
    accountId: row.account_id,
    signatureMethod: row.signature_method,
    authTokenSet: row.auth_token_sealed !== null,
    signatureSecretSet: row.signature_secret_sealed !== null,
    sharedSecretSet: row.shared_secret_sealed !== null,
    webhookPath: webhookPath(row.provider, row.id),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentFocalPointSummary(row: FocalPointWithCounts): FocalPointSummary {
  return {
    id: row.id,
    displayName: row.display_name,
    areaId: row.area_id,
    network: row.network,
    languages: row.languages,
    trustLevel: row.trust_level,
    enabled: row.enabled,
    identityCount: row.identity_count,
    alertsSent: row.alerts_sent,
    alertsVerified: row.alerts_verified,
    verifiedShare: row.alerts_sent === 0 ? null : row.alerts_verified / row.alerts_sent,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentFocalPoint(row: FocalPointWithCounts, identities: FocalPointView['identities']): FocalPointView {
  return { ...presentFocalPointSummary(row), identities };
}

export function presentAlertSummary(row: AlertRow, now = new Date()): AlertSummary {
  return {
    id: row.id,
    reference: row.reference,
    channel: row.channel as AlertSummary['channel'],
    channelId: row.channel_id,
    state: row.state as AlertSummary['state'],
    severity: row.severity as AlertSummary['severity'],
    focalPointId: row.focal_point_id,
    unknownSender: row.unknown_sender,
    areaId: row.area_id,
    areaSource: row.area_source,
    hasLocation: row.location_sealed !== null,
    categories: row.categories,
    peopleAtRisk: row.people_at_risk,
    perpetratorType: row.perpetrator_type,
    warnings: row.warnings,
    observedAt: row.observed_at?.toISOString() ?? null,
    receivedAt: row.received_at.toISOString(),
    needsLocating: row.area_id === null,
    assignedUserId: row.assigned_user_id,
    assignedTeam: row.assigned_team,
    lock: liveLock(row, now),
    mergedIntoId: row.merged_into_id,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    verifiedAt: row.verified_at?.toISOString() ?? null,
    respondedAt: row.responded_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    escalationLevel: row.escalation_level,
    incidentId: row.incident_id,
    version: row.version,
  };
}

/** The edit lock while it lasts; an expired one is free for anyone. */
export function liveLock(row: Pick<AlertRow, 'locked_by' | 'locked_until'>, now = new Date()): AlertSummary['lock'] {
  if (!row.locked_by || !row.locked_until || row.locked_until.getTime() <= now.getTime()) return null;
  return { userId: row.locked_by, until: row.locked_until.toISOString() };
}

export function presentAlert(
  row: AlertRow,
  opened: { text: string | null; location: AlertView['location']; attachments: AlertView['attachments'] },
  events: { kind: string; from_state: string | null; to_state: string; actor_user_id: string | null; occurred_at: Date; details: Record<string, unknown> }[],
): AlertView {
  return {
    ...presentAlertSummary(row),
    text: opened.text,
    location: opened.location,
    attachments: opened.attachments,
    events: events.map((e) => ({
      kind: e.kind as AlertView['events'][number]['kind'],
      fromState: e.from_state,
      toState: e.to_state,
      actorUserId: e.actor_user_id,
      occurredAt: e.occurred_at.toISOString(),
      details: e.details,
    })),
  };
}
