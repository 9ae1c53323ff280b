/**
 * Photos sent with the alert form: only the file the instance names, metadata removed before
 * storage (MIN-3), digests and a chain of custody (EVD-1), sealed (STO-1), shown only to the
 * alert officers of the alert's organisation (AUTHZ-1), split submissions completed (REL-2).
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXml } from '../../../core/alerts';
import { alertBody, alertInstance } from '../../../core/alerts/openrosa/test-submissions';
import { buildJpeg, buildPng, jpegSegment, pngChunk } from '../../../core/media/test-images';
import type { AlertView, AttachmentCustody } from '../../../core/schemas/alerts';
import { buildOrganisation, signedInUser, type SignedInUser } from '../../test/factories';
import { mintToken, postSubmission, xmlPart, type PartSpec } from '../../test/factories-openrosa';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let intake: { id: string; token: string };
let officer: SignedInUser;
let officerB: SignedInUser;
let analyst: SignedInUser;
let caseWorker: SignedInUser;

const CANARY = 'GPS-CANARY 1.6789S 29.2345E serial 4471';
const photoJpeg = () =>
  Buffer.from(
    buildJpeg(
      [jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x02\0\0\x01\0\x01\0\0', 'latin1')), jpegSegment(0xe1, Buffer.from(`Exif\0\0MM${CANARY}`)), jpegSegment(0xdb, new Uint8Array(65).fill(2)), jpegSegment(0xda, Uint8Array.of(1, 1, 0, 0, 0x3f, 0))],
      Uint8Array.of(0x10, 0xff, 0x00, 0x20),
    ),
  );
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const instanceWithPhoto = (id: string, photo: string | null) =>
  alertInstance({ meta: `<orx:meta><orx:instanceID>${id}</orx:instanceID></orx:meta>`, body: alertBody(photo === null ? {} : { photo }) });
const photoPart = (name: string, data: Buffer, contentType = 'image/jpeg'): PartSpec => ({ name, filename: name, contentType, data });

async function alertOf(instanceId: string) {
  return t.ownerDb.selectFrom('alerts').select(['id', 'organisation_id']).where('provider_message_id', '=', instanceId).executeTakeFirst();
}
async function view(alertId: string, user = officer): Promise<AlertView> {
  const res = await t.app.inject({ method: 'GET', url: `/api/alerts/${alertId}`, headers: user.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AlertView;
}

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  const orgB = (await buildOrganisation(t.ctx)).id;
  intake = await mintToken(t.app, await signedInUser(t.app, t.ctx, 'admin', orgA));
  officer = await signedInUser(t.app, t.ctx, 'coordinator', orgA);
  officerB = await signedInUser(t.app, t.ctx, 'coordinator', orgB);
  analyst = await signedInUser(t.app, t.ctx, 'analyst', orgA);
  caseWorker = await signedInUser(t.app, t.ctx, 'case_worker', orgA);
}, 120_000);
afterAll(async () => t?.close());

describe('a photo with the alert form', () => {
  it('is stored without its metadata, with both digests, and opened only for the alert officers, each opening audited', async () => {
    const id = `uuid:${randomUUID()}`;
    const original = photoJpeg();
    const res = await postSubmission(t.app, intake.token, [xmlPart(instanceWithPhoto(id, '1763700000000.jpg')), photoPart('1763700000000.jpg', original)]);
    expect(res.statusCode, res.body).toBe(201);
    const alert = (await alertOf(id))!;

    const [attachment] = (await view(alert.id)).attachments;
    expect(attachment).toMatchObject({ contentType: 'image/jpeg', sizeBytes: original.length, sha256: sha256(original), metadataRemoved: ['exif'] });

    const photo = await t.app.inject({ method: 'GET', url: `/api/alerts/${alert.id}/attachments/${attachment!.id}`, headers: officer.headers });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['cache-control']).toBe('no-store');
    expect(photo.headers['content-disposition']).toBe('inline; filename="photo.jpg"');
    expect(photo.rawPayload.includes(Buffer.from(CANARY))).toBe(false);
    expect(sha256(photo.rawPayload)).toBe(attachment!.storedSha256);
    expect(photo.rawPayload.length).toBeLessThan(original.length);

    // Sealed at rest: neither the photo nor its stripped metadata is in the row in clear.
    const row = await t.ownerDb.selectFrom('openrosa_attachments').select('content_sealed').where('id', '=', attachment!.id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.content_sealed!).includes(photo.rawPayload.subarray(0, 24))).toBe(false);

    const custody = await t.app.inject({ method: 'GET', url: `/api/alerts/${alert.id}/attachments/${attachment!.id}/custody`, headers: officer.headers });
    expect(custody.statusCode).toBe(200);
    const events = (custody.json() as AttachmentCustody).events;
    expect(events.map((e) => e.action)).toEqual(['alert.attachment_received', 'alert.attachment_read']);
    expect(events[0]!.actorTokenId).toBe(intake.id);
    expect(events[1]!.actorUserId).toBe(officer.id);

    for (const other of [officerB, analyst, caseWorker]) {
      for (const url of [`/api/alerts/${alert.id}/attachments/${attachment!.id}`, `/api/alerts/${alert.id}/attachments/${attachment!.id}/custody`])
        expect((await t.app.inject({ method: 'GET', url, headers: other.headers })).statusCode).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/alerts/${alert.id}/attachments/${randomUUID()}`, headers: officer.headers })).statusCode).toBe(404);
  });

  it('takes PNG photos too, without their text chunks', async () => {
    const id = `uuid:${randomUUID()}`;
    const png = Buffer.from(buildPng([pngChunk('IHDR', new Uint8Array(13)), pngChunk('tEXt', Buffer.from(`Comment\0${CANARY}`)), pngChunk('IDAT', Uint8Array.of(1, 2))]));
    expect((await postSubmission(t.app, intake.token, [xmlPart(instanceWithPhoto(id, 'p.png')), photoPart('p.png', png, 'image/png')])).statusCode).toBe(201);
    const [attachment] = (await view((await alertOf(id))!.id)).attachments;
    expect(attachment).toMatchObject({ contentType: 'image/png', metadataRemoved: ['text'] });
  });

  it('completes a submission Collect split in two: the XML first, the photo with a resend', async () => {
    const id = `uuid:${randomUUID()}`;
    const xml = instanceWithPhoto(id, 'later.jpg');
    expect((await postSubmission(t.app, intake.token, [xmlPart(xml)])).statusCode).toBe(201);
    const alert = (await alertOf(id))!;
    expect((await view(alert.id)).attachments).toHaveLength(0);
    for (let i = 0; i < 2; i++) expect((await postSubmission(t.app, intake.token, [xmlPart(xml), photoPart('later.jpg', photoJpeg())])).statusCode).toBe(201);
    expect((await view(alert.id)).attachments).toHaveLength(1);
    expect(await t.ownerDb.selectFrom('alerts').select('id').where('provider_message_id', '=', id).execute()).toHaveLength(1);
  });

  it.each([
    ['a file the instance does not name', 'x.jpg', () => photoPart('other.jpg', photoJpeg()), 'openrosa.attachment_unexpected', 'other.jpg'],
    ['a file when the photo question is unanswered', null, () => photoPart('a.jpg', photoJpeg()), 'openrosa.attachment_unexpected', 'unanswered'],
    ['a "photo" that is no image', 'x.jpg', () => photoPart('x.jpg', Buffer.from('<script>alert(1)</script>')), 'media.image_type', 'JPEG or PNG'],
    ['a JPEG cut short', 'x.jpg', () => photoPart('x.jpg', photoJpeg().subarray(0, 30)), 'media.image_malformed', 'well-formed'],
  ] as const)('refuses %s with a 400 naming the part, and stores nothing', async (_what, photo, part, code, text) => {
    const id = `uuid:${randomUUID()}`;
    const res = await postSubmission(t.app, intake.token, [xmlPart(instanceWithPhoto(id, photo)), part()]);
    expect(res.statusCode, res.body).toBe(400);
    expect(readXml(res.body).children[0]!.text).toContain(text);
    const refusal = await t.ownerDb.selectFrom('audit_log').select('id').where('action', '=', code).execute();
    expect(refusal.length, 'validation refusals are not audited as denials').toBe(0);
    expect(await alertOf(id)).toBeUndefined();
    expect(await t.ownerDb.selectFrom('openrosa_submissions').select('id').where('instance_id', '=', id).execute()).toHaveLength(0);
  });
});
