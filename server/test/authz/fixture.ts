/**
 * The world the matrix runs in, built once per run: organisation A (operates the deployment)
 * and B; in each, one signed-in user per role, one API token per purpose, and records that
 * are the objects of the cases (a user, their notification, a token) but never actors.
 */
import { ROLES } from '../../../core/auth/roles';
import { TOKEN_PURPOSES } from '../../../core/auth/token-purposes';
import { notifyUser } from '../../modules/notifications/service';
import { buildOrganisation, buildUser, signIn } from '../factories';
import type { TestApp } from '../runtime';
import { fromNewAddress, nextAddress } from './helpers';
import type { MatrixActor, OrgFixture, OrgKey, TokenActor, UserActor } from './types';

export interface MatrixFixture {
  t: TestApp;
  orgs: Record<OrgKey, OrgFixture>;
  actors: MatrixActor[];
  /** Each actor sends from an address of its own, so per-address rate limits never mix actors. */
  addressOf: Map<MatrixActor, string>;
}

export async function buildMatrixFixture(t: TestApp): Promise<MatrixFixture> {
  const ctx = t.ctx;
  const orgRows = {
    A: await buildOrganisation(ctx, { isPlatformOperator: true, name: 'Matrix Operator A' }),
    B: await buildOrganisation(ctx, { name: 'Matrix Partner B' }),
  };
  const users: UserActor[] = [];
  for (const key of ['A', 'B'] as const) {
    for (const role of ROLES) {
      const built = await buildUser(ctx, { role, organisationId: orgRows[key].id });
      const user = await signIn(fromNewAddress(t.app), built);
      users.push({
        kind: 'user',
        label: `${role}@${key}`,
        org: key,
        role,
        isPlatformAdmin: key === 'A' && role === 'admin',
        user,
        notificationId: '',
      });
    }
  }
  const notes = await ctx.db.selectFrom('notifications').select(['id', 'user_id']).where('kind', '=', 'sign_in').execute();
  for (const actor of users) {
    const note = notes.find((n) => n.user_id === actor.user.id);
    if (!note) throw new Error(`no sign-in notification for ${actor.label}`);
    actor.notificationId = note.id;
  }

  const tokens: TokenActor[] = [];
  const orgs = {} as Record<OrgKey, OrgFixture>;
  for (const key of ['A', 'B'] as const) {
    const admin = users.find((u) => u.org === key && u.role === 'admin')!;
    const mint = async (name: string, purpose: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: admin.user.headers, payload: { name, purpose } });
      if (res.statusCode !== 201) throw new Error(`minting a token failed: ${res.statusCode} ${res.body}`);
      return res.json() as { id: string; token: string };
    };
    for (const purpose of TOKEN_PURPOSES) {
      const minted = await mint(`Matrix ${purpose} ${key}`, purpose);
      tokens.push({ kind: 'token', label: `token:${purpose}@${key}`, org: key, purpose, token: minted.token });
    }
    const targetToken = await mint(`Matrix target ${key}`, TOKEN_PURPOSES[0]);
    const target = await buildUser(ctx, { role: 'viewer', organisationId: orgRows[key].id });
    await notifyUser(ctx.db, target.id, 'sign_in', { ip: null, userAgent: null });
    const note = await ctx.db.selectFrom('notifications').select('id').where('user_id', '=', target.id).executeTakeFirstOrThrow();
    orgs[key] = {
      key,
      id: orgRows[key].id,
      isPlatformOperator: key === 'A',
      targetUserId: target.id,
      targetNotificationId: note.id,
      targetTokenId: targetToken.id,
    };
  }

  const actors: MatrixActor[] = [{ kind: 'anonymous', label: 'anonymous' }, ...users, ...tokens];
  return { t, orgs, actors, addressOf: new Map(actors.map((a) => [a, nextAddress()])) };
}
