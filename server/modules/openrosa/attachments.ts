/**
 * Photos sent with the alert form over OpenRosa.
 *
 * - Only the file the instance names (its photo answer) is taken; any other part is refused
 *   with its name, so nothing unexpected is stored (REL-4).
 * - MIN-3: the photo loses its location and device metadata before it is stored.
 * - EVD-1: the SHA-256 and size of the bytes as received are kept with those of the stored
 *   bytes; every opening of a photo is an audit row, and the custody list reads them back.
 * - STO-1: the content is sealed under the organisation's key.
 * - ODK Collect splits large submissions into several POSTs of the same instance: a resend
 *   with the same XML adds the files not stored yet.
 */
import { createHash, randomUUID } from 'node:crypto';
import { stripImageMetadata } from '../../../core/media/image-metadata';
import { hiddenDenial, invalid } from '../../../core/errors';
import type { AlertAttachment, AttachmentCustody } from '../../../core/schemas/alerts';
import type { Executor } from '../../db/database';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { openrosaAttachmentsContent } from '../../platform/crypto/columns';
import { canTriageAlerts } from '../alerts/policy';
import type { MultipartPart } from './multipart';
import * as store from './store';

/** A phone photo as ODK Collect sends it (its image size settings keep most under 2 MB). */
export const MAX_PHOTO_BYTES = 8_000_000;

export interface PreparedAttachment {
  id: string;
  filename: string;
  contentType: string;
  original: { sha256: string; size: number };
  stored: { bytes: Uint8Array; sha256: string };
  removed: string[];
}

/** Alert officers of the alert's organisation open its photos; anyone else is told there is none. */
function triageScope(req: RequestContext): UserActor {
  const actor = req.actor;
  if (!canTriageAlerts(actor) || actor.kind !== 'user') throw hiddenDenial('attachment');
  return actor;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The attachment parts of a submission, checked and stripped before any write: the photo the
 * instance names, nothing else. A photo answer without its part is accepted (the file may
 * come in a later POST of the same instance).
 */
export function prepareAttachments(parts: readonly MultipartPart[], photo: string | null): PreparedAttachment[] {
  const prepared: PreparedAttachment[] = [];
  for (const part of parts) {
    const name = part.filename ?? part.name;
    if (photo === null || (part.name !== photo && part.filename !== photo))
      throw invalid(
        'openrosa.attachment_unexpected',
        `The part ${name.slice(0, 80)} is not a file this instance names${photo === null ? ' (its photo question is unanswered)' : ` (its photo is ${photo.slice(0, 80)})`}: send only the instance's photo.`,
        part.name.slice(0, 100),
      );
    if (prepared.some((p) => p.filename === photo)) throw invalid('openrosa.attachment_repeated', `The file ${photo.slice(0, 80)} is sent twice.`, part.name.slice(0, 100));
    if (part.data.length > MAX_PHOTO_BYTES)
      throw invalid('openrosa.attachment_too_large', `The photo is larger than ${MAX_PHOTO_BYTES / 1_000_000} MB: lower the image size in the collect app's settings.`, part.name.slice(0, 100));
    const stripped = stripImageMetadata(part.data, part.name.slice(0, 100));
    prepared.push({
      id: randomUUID(),
      filename: photo,
      contentType: stripped.contentType,
      original: { sha256: sha256(part.data), size: part.data.length },
      stored: { bytes: stripped.bytes, sha256: sha256(stripped.bytes) },
      removed: stripped.removed,
    });
  }
  return prepared;
}

/** Writes the attachments not stored yet for the submission; returns those that were new. */
export async function storeAttachments(
  ctx: AppContext,
  trx: Executor,
  target: { organisationId: string; submissionId: string; alertId: string | null },
  attachments: readonly PreparedAttachment[],
): Promise<PreparedAttachment[]> {
  const added: PreparedAttachment[] = [];
  for (const a of attachments) {
    const content = await openrosaAttachmentsContent.seal(ctx.cipher, trx, target.organisationId, a.id, Buffer.from(a.stored.bytes).toString('base64'));
    const inserted = await store.insertAttachmentIfNew(trx, {
      id: a.id,
      organisation_id: target.organisationId,
      submission_id: target.submissionId,
      alert_id: target.alertId,
      filename: a.filename,
      content_type: a.contentType,
      size_bytes: a.original.size,
      sha256: a.original.sha256,
      content_sealed: content,
      stored_sha256: a.stored.sha256,
      stored_size_bytes: a.stored.bytes.length,
      metadata_removed: a.removed,
    });
    if (inserted) added.push(a);
  }
  return added;
}

/** The photos of an alert, described (never their content), for the alert page. */
export async function describeAlertAttachments(ex: Executor, organisationId: string, alertId: string): Promise<AlertAttachment[]> {
  const rows = await store.listAlertAttachments(ex, organisationId, alertId);
  return rows.map((row) => ({
    id: row.id,
    contentType: row.content_type ?? 'application/octet-stream',
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    storedSha256: row.stored_sha256,
    metadataRemoved: row.metadata_removed,
    receivedAt: row.created_at.toISOString(),
  }));
}

/** The stored photo, opened for an alert officer of the alert's organisation; audited (EVD-1). */
export async function openAlertAttachment(ctx: AppContext, req: RequestContext, alertId: string, attachmentId: string): Promise<{ contentType: string; bytes: Buffer }> {
  const actor = triageScope(req);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await store.findAlertAttachment(trx, actor.organisationId, alertId, attachmentId);
    if (!row || row.content_sealed === null) throw hiddenDenial('attachment');
    const base64 = await openrosaAttachmentsContent.open(ctx.cipher, trx, row.organisation_id, row.id, row.content_sealed);
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'alert.attachment_read',
      resourceType: 'alert_attachment',
      resourceId: row.id,
      requestId: req.requestId,
      details: { alertId, storedSha256: row.stored_sha256 },
    });
    return { contentType: row.content_type ?? 'application/octet-stream', bytes: Buffer.from(base64 ?? '', 'base64') };
  });
}

/** Chain of custody of one photo (EVD-1): when it came, and every time someone opened it. */
export async function attachmentCustody(ctx: AppContext, req: RequestContext, alertId: string, attachmentId: string): Promise<AttachmentCustody> {
  const actor = triageScope(req);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await store.findAlertAttachment(trx, actor.organisationId, alertId, attachmentId);
    if (!row) throw hiddenDenial('attachment');
    const events = await store.listAttachmentCustody(trx, actor.organisationId, row.id);
    return {
      id: row.id,
      sha256: row.sha256,
      storedSha256: row.stored_sha256,
      receivedAt: row.created_at.toISOString(),
      events: events.map((e) => ({ action: e.action, actorUserId: e.actor_user_id, actorTokenId: e.actor_token_id, occurredAt: e.occurred_at.toISOString() })),
    };
  });
}
