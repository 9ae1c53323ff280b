import type { Executor } from '../../db/database';

export async function insertNotification(ex: Executor, userId: string, kind: string, data: Record<string, unknown>) {
  await ex.insertInto('notifications').values({ user_id: userId, kind, data: JSON.stringify(data) }).execute();
}

export function listNotifications(ex: Executor, userId: string, limit = 50) {
  return ex
    .selectFrom('notifications')
    .select(['id', 'kind', 'data', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function markNotificationRead(ex: Executor, userId: string, id: string): Promise<boolean> {
  const result = await ex
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
