/**
 * Photos of alerts (OpenRosa attachments): the bytes and the custody list are for the alert
 * officers ('alerts.triage') of the alert's organisation; everyone else is told there is none.
 */
import { randomUUID } from 'node:crypto';
import { roleHasPermission } from '../../../../core/auth/roles';
import { buildJpeg, jpegSegment } from '../../../../core/media/test-images';
import type { AppContext } from '../../../platform/context';
import { prepareAttachments, storeAttachments } from '../../../modules/openrosa/attachments';
import { insertSubmissionsIfNew } from '../../../modules/openrosa/store';
import { buildAlert } from '../../factories-alert-triage';
import { isUser } from '../rules';
import { defineCases, type MatrixActor, type Outcome, type Relation, type Target } from '../types';

const fixtures = new Map<string, { alertId: string; attachmentId: string }>();
const of = (t: Target) => fixtures.get(t.org.id)!;

async function setup(ctx: AppContext) {
  const photo = Buffer.from(buildJpeg([jpegSegment(0xdb, new Uint8Array(65)), jpegSegment(0xda, Uint8Array.of(1, 1, 0, 0, 0x3f, 0))], Uint8Array.of(1, 2, 3)));
  for (const name of ['Matrix Operator A', 'Matrix Partner B']) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const [attachment] = prepareAttachments([{ name: 'm.jpg', filename: 'm.jpg', contentType: 'image/jpeg', data: photo }], 'm.jpg');
    const instanceId = `uuid:${randomUUID()}`;
    const alert = await buildAlert(ctx, org.id, { channel: 'openrosa', providerMessageId: instanceId, text: 'Fictional matrix alert with a photo' });
    await ctx.db.transaction().execute(async (trx) => {
      const [submission] = await insertSubmissionsIfNew(trx, [{ id: randomUUID(), organisation_id: org.id, form_id: 'weft_alert', form_version: null, instance_id: instanceId, xml_sha256: '0'.repeat(64), token_id: null }]);
      await storeAttachments(ctx, trx, { organisationId: org.id, submissionId: submission!.id, alertId: alert.id }, [attachment!]);
    });
    fixtures.set(org.id, { alertId: alert.id, attachmentId: attachment!.id });
  }
}

const officerOfSameOrg = (a: MatrixActor, relation: Relation): Outcome => (isUser(a) && roleHasPermission(a.role, 'alerts.triage') && relation === 'same_org' ? 'allow' : 'not_found');
const RECORD: readonly Relation[] = ['same_org', 'other_org', 'missing'];
const attachmentOf = (t: Target) => (t.relation === 'missing' ? randomUUID() : of(t).attachmentId);
const alertOf = (t: Target) => of(t).alertId;

export default defineCases(
  'alert-attachments',
  [
    { method: 'GET', route: '/api/alerts/:id/attachments/:attachmentId', relations: RECORD, url: (t) => `/api/alerts/${alertOf(t)}/attachments/${attachmentOf(t)}`, expect: officerOfSameOrg },
    { method: 'GET', route: '/api/alerts/:id/attachments/:attachmentId/custody', relations: RECORD, url: (t) => `/api/alerts/${alertOf(t)}/attachments/${attachmentOf(t)}/custody`, expect: officerOfSameOrg },
  ],
  { setup },
);
