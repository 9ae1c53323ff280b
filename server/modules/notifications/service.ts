/** In-app notices to a user about their own account (AUTHN-1: new sign-ins, credential changes). */
import { hiddenDenial, unauthenticated } from '../../../core/errors';
import type { Executor } from '../../db/database';
import type { AppContext, RequestContext } from '../../platform/context';
import * as store from './store';

export type NotificationKind = 'sign_in' | 'password_changed' | 'totp_changed' | 'password_reset' | 'totp_reset' | 'alert_task_assigned' | 'alert_escalated' | 'alert_task_overdue';

export function notifyUser(ex: Executor, userId: string, kind: NotificationKind, data: Record<string, unknown> = {}) {
  return store.insertNotification(ex, userId, kind, data);
}

export async function listMyNotifications(ctx: AppContext, req: RequestContext) {
  if (req.actor.kind !== 'user') throw unauthenticated();
  return store.listNotifications(ctx.db, req.actor.userId);
}

export async function readMyNotification(ctx: AppContext, req: RequestContext, id: string) {
  if (req.actor.kind !== 'user') throw unauthenticated();
  // AUD-1: the update is scoped to the caller, so another user's notice looks missing; either is audited as a refusal.
  if (!(await store.markNotificationRead(ctx.db, req.actor.userId, id))) throw hiddenDenial('notification');
}
