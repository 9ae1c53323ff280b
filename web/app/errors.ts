/** Turns a failed request into a sentence that tells the person what to do next. */
import { isMessageKey } from '../../core/i18n';
import { isApiError } from './api';
import type { Translate } from './i18n';

export function describeError(error: unknown, t: Translate): string {
  if (!isApiError(error)) return t('error.unknown');
  const specific = `error.code.${error.code}`;
  if (isMessageKey(specific)) return t(specific);
  if (error.status === 0) return t('error.network');
  if (error.status >= 500) return t('error.server', { requestId: error.requestId ?? '—' });
  if (error.status === 429) return t('error.rateLimited');
  if (error.status === 403) return t('error.forbidden');
  if (error.status === 404) return t('error.notFound');
  // 4xx messages from the server name the problem and the fix (core/errors.ts).
  return error.message || t('error.unknown');
}

/** The form field an error is about ('body.email' and '/email' both give 'email'), if any. */
export function fieldOf(error: unknown): string | undefined {
  if (!isApiError(error) || !error.field) return undefined;
  return error.field.split(/[./]/).filter(Boolean).pop();
}

/** The message for one field, when the error names that field. */
export function fieldError(error: unknown, field: string, t: Translate): string | undefined {
  return fieldOf(error) === field ? describeError(error, t) : undefined;
}

/** The message for an Alert: the error when it names no field among the form's fields. */
export function formError(error: unknown, fields: readonly string[], t: Translate): string | undefined {
  if (!error) return undefined;
  const field = fieldOf(error);
  return field && fields.includes(field) ? undefined : describeError(error, t);
}
