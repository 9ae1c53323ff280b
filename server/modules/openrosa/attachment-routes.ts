/** Photos of alerts for alert officers: the bytes (metadata removed) and their chain of custody. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { alertAttachmentParams, attachmentCustody } from '../../../core/schemas/alerts';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import { attachmentCustody as readCustody, openAlertAttachment } from './attachments';

export async function alertAttachmentRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/alerts/:id/attachments/:attachmentId', {
    config: { auth: 'session' },
    schema: {
      tags: ['alerts'],
      summary: 'A photo of the alert, without location or device metadata (alert officers; each opening audited, EVD-1)',
      params: alertAttachmentParams,
      response: { 200: z.any().describe('The image bytes (image/jpeg or image/png)') },
    },
  }, async (request, reply) => {
    const { contentType, bytes } = await openAlertAttachment(ctx, requestContext(request), request.params.id, request.params.attachmentId);
    // DEV-2: a neutral file name; nosniff so the bytes are never run as anything but an image.
    return noStore(reply)
      .type(contentType)
      .header('content-disposition', `inline; filename="photo.${contentType === 'image/png' ? 'png' : 'jpg'}"`)
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  });

  r.get('/api/alerts/:id/attachments/:attachmentId/custody', {
    config: { auth: 'session' },
    schema: { tags: ['alerts'], summary: 'When the photo came and every opening of it (EVD-1 chain of custody)', params: alertAttachmentParams, response: { 200: attachmentCustody } },
  }, async (request) => readCustody(ctx, requestContext(request), request.params.id, request.params.attachmentId));
}
