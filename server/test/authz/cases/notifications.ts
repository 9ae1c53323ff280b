/** Notices about one's own account: nobody else's are visible, whatever the role. */
import { everyone, ownRecordOnly } from '../rules';
import { defineCases } from '../types';

export default defineCases('notifications', [
  {
    method: 'GET',
    route: '/api/notifications',
    expect: everyone,
    verify: async (t, response) => {
      if (t.actor.kind !== 'user') return 'not a user';
      const ids = (response.json() as { data: Array<{ id: string }> }).data.map((n) => n.id);
      if (ids.length === 0) return 'the actor’s own sign-in notice is missing';
      const owners = await t.ctx.db.selectFrom('notifications').select('user_id').where('id', 'in', ids).execute();
      return owners.every((o) => o.user_id === (t.actor.kind === 'user' ? t.actor.user.id : '')) ? null : 'lists another user’s notification';
    },
  },
  {
    method: 'POST',
    route: '/api/notifications/:id/read',
    relations: ['self', 'same_org', 'other_org', 'missing'],
    id: (t) => (t.relation === 'self' && t.actor.kind === 'user' ? t.actor.notificationId : t.org.targetNotificationId),
    expect: ownRecordOnly,
  },
]);
