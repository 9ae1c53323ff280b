/** Names in the interface language for the alert settings' closed lists. */
import type { ALERT_CHANNEL_KINDS, FOCAL_POINT_TRUST_LEVELS } from '../../../core/schemas/alerts';
import { isApiError } from '../../app/api';
import { describeError } from '../../app/errors';
import type { Translate } from '../../app/i18n';

export type ChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];
export type TrustLevel = (typeof FOCAL_POINT_TRUST_LEVELS)[number];

/** A channel kind as people know it: gateways by their brand, the rest in words. */
export const providerLabel = (kind: ChannelKind, t: Translate): string => t(`alertAdmin.channel.${kind}`);

export const trustLevelLabel = (level: string, t: Translate): string =>
  level === 'new' || level === 'established' || level === 'trusted' ? t(`alertAdmin.trust.${level}`) : level;

/** A share (0 to 1) as a whole percentage in the language's digits and sign placement. */
export function formatShare(lang: string, share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  return new Intl.NumberFormat(lang === 'ar' ? 'ar-u-nu-latn' : lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/**
 * The message for a field when the error's path goes through it: 'body.phoneNumbers.1'
 * belongs to phoneNumbers, which web/app/errors' last-segment match would miss.
 */
export function errorAt(error: unknown, field: string, t: Translate): string | undefined {
  if (!isApiError(error) || !error.field) return undefined;
  return error.field.split(/[./]/).includes(field) ? describeError(error, t) : undefined;
}

/** The message for the form's Alert: the error when its path names none of the form's fields. */
export function formErrorAt(error: unknown, fields: readonly string[], t: Translate): string | undefined {
  if (!error) return undefined;
  const path = isApiError(error) && error.field ? error.field.split(/[./]/) : [];
  return fields.some((field) => path.includes(field)) ? undefined : describeError(error, t);
}
