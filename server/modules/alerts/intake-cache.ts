/**
 * What every inbound SMS needs before its signature can be checked, kept for a few seconds:
 * the channel (with its secrets opened) and whether the sender is a known focal point (which
 * rate limit applies). On an election day thousands of messages a minute go through the same
 * channels from the same few hundred focal points; reading those rows for each one would cost
 * more than storing the alert.
 *
 * A change made through this process (channel edited, disabled, secret replaced) is seen at
 * once: the services that change a channel call forgetAlertChannel after they commit. Another
 * process sees it within CACHE_SECONDS. The alert itself is always stored with the focal point
 * read in its own transaction (receive.ts); the cache only picks the rate limit.
 */
import type { AppContext } from '../../platform/context';
import { alertChannelsAuthToken, alertChannelsSharedSecret, alertChannelsSignatureSecret } from '../../platform/crypto/columns';
import * as store from './store';

export const CACHE_SECONDS = 5;
const MAX_ENTRIES = 50_000;

export type ChannelSecret = 'auth' | 'signature' | 'shared';

interface CachedChannel {
  channel: store.AlertChannelRow | undefined;
  secrets: Map<ChannelSecret, string | null>;
  expiresAt: number;
}

const channels = new Map<string, CachedChannel>();
const senders = new Map<string, { known: boolean; expiresAt: number }>();

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
  return value;
}

async function cachedChannel(ctx: AppContext, id: string, nowMs: number): Promise<CachedChannel> {
  const cached = channels.get(id);
  if (cached && cached.expiresAt > nowMs) return cached;
  return remember(channels, id, { channel: await store.findChannel(ctx.db, id), secrets: new Map(), expiresAt: nowMs + CACHE_SECONDS * 1000 });
}

/** The channel row by id (undefined when there is none), read at most every CACHE_SECONDS. */
export async function readChannel(ctx: AppContext, id: string): Promise<store.AlertChannelRow | undefined> {
  return (await cachedChannel(ctx, id, Date.now())).channel;
}

/** One of the channel's secrets, opened (null when not set). */
export async function readChannelSecret(ctx: AppContext, channel: store.AlertChannelRow, which: ChannelSecret): Promise<string | null> {
  const entry = await cachedChannel(ctx, channel.id, Date.now());
  if (entry.secrets.has(which)) return entry.secrets.get(which)!;
  const [column, stored] =
    which === 'auth'
      ? [alertChannelsAuthToken, channel.auth_token_sealed]
      : which === 'signature'
        ? [alertChannelsSignatureSecret, channel.signature_secret_sealed]
        : [alertChannelsSharedSecret, channel.shared_secret_sealed];
  const secret = await column.open(ctx.cipher, ctx.db, channel.organisation_id, channel.id, stored);
  // Only the secret of the row cached: a row read since then carries its own.
  if (entry.channel === channel) entry.secrets.set(which, secret);
  return secret;
}

/** Call after a channel's change commits, so this process uses the new row at once. */
export function forgetAlertChannel(id: string): void {
  channels.delete(id);
}

/** Whether a sender (by the keyed hashes of its identity) is an enabled focal point. */
export async function isKnownSender(ctx: AppContext, organisationId: string, kind: 'phone' | 'token', hashes: readonly string[]): Promise<boolean> {
  const key = `${organisationId}:${kind}:${hashes[0] ?? ''}`;
  const now = Date.now();
  const cached = senders.get(key);
  if (cached && cached.expiresAt > now) return cached.known;
  const focalPoint = await store.findFocalPointByIdentity(ctx.db, organisationId, kind, hashes);
  return remember(senders, key, { known: focalPoint?.enabled === true, expiresAt: now + CACHE_SECONDS * 1000 }).known;
}
