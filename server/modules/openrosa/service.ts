/**
 * OpenRosa 1.0 intake (issue 4, OPENROSA-NOTES.md): the form list, the alert XForm, its empty
 * manifest, and submissions of Weft's alert form that become alerts through the alerts
 * module's receiveAlert, in one transaction with the submission row and its audit row.
 * SECURITY: AUTHZ-1 (alerts.intake tokens only), REL-2 (instanceID + SHA-256 of the XML make
 * resends idempotent and conflicts a 409), REL-4 (the safe XML reader, strict limits),
 * MIN-1 (the form asks no identity; the XML is sealed with the alert, never stored here),
 * AUD-1 (an audit row per stored submission, no content in it).
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ALERT_FORM_ID,
  buildFormList,
  buildFormManifest,
  decodeXmlBytes,
  parseAlertSubmission,
  readSubmissionEnvelope,
  readXml,
  SUBMISSION_FIELD,
  XML_LIMITS,
  type XmlElement,
} from '../../../core/alerts';
import { conflict, DomainError, invalid, unauthenticated } from '../../../core/errors';
import { auditActor, type TokenActor } from '../../platform/actor';
import type { Executor } from '../../db/database';
import { recordAudit, type AuditEntry } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { createGroupCommit, type GroupCommit, type ItemOutcome } from '../../platform/group-commit';
import { checkAlertInput, receiveAlerts, type ReceiveAlertInput } from '../alerts/service';
import { prepareAttachments, storeAttachments, type PreparedAttachment } from './attachments';
import type { MultipartPart } from './multipart';
import { canSubmitAlerts } from './policy';
import * as store from './store';

export const ALERT_FORM_FILE = fileURLToPath(new URL('../../../forms/alert/weft_alert.xml', import.meta.url));

export interface AlertForm {
  formId: string;
  name: string;
  version: string | null;
  xml: string;
  /** Lower-case hex MD5 of the file, as the form list's hash (md5:…). */
  md5: string;
}

const find = (element: XmlElement, localName: string): XmlElement | undefined => element.children.find((child) => child.localName === localName);

/** Reads and checks the XForm: its primary instance must be the form Weft parses submissions of. */
export function readAlertForm(xml: string): AlertForm {
  const root = readXml(xml, { field: 'weft_alert.xml' });
  const head = find(root, 'head');
  const model = head && find(head, 'model');
  const instance = model && find(model, 'instance');
  const data = instance?.children[0];
  if (!data || data.attributes.get('id') !== ALERT_FORM_ID) throw new Error(`weft_alert.xml has no primary instance with id="${ALERT_FORM_ID}"`);
  const title = head && find(head, 'title');
  return { formId: ALERT_FORM_ID, name: title?.text.trim() || ALERT_FORM_ID, version: data.attributes.get('version') ?? null, xml, md5: createHash('md5').update(xml, 'utf8').digest('hex') };
}

let cachedForm: AlertForm | null = null;
/** The alert form, read once from forms/alert/weft_alert.xml. */
export function alertForm(): AlertForm {
  cachedForm ??= readAlertForm(fs.readFileSync(ALERT_FORM_FILE, 'utf8'));
  return cachedForm;
}

function requireIntake(req: RequestContext) {
  const actor = req.actor;
  if (!canSubmitAlerts(actor)) throw unauthenticated('openrosa.token_required', 'Send an alerts.intake token: in the server URL (/key/<token>/) or as the password.');
  return actor;
}

/** The URLs the form list points at, below the base the client used (its /key/<token> or not). */
export const formUrl = (base: string, formId: string) => `${base}/forms/${encodeURIComponent(formId)}.xml`;
export const manifestUrl = (base: string, formId: string) => `${base}/forms/${encodeURIComponent(formId)}/manifest`;

/** GET formList: the alert form (filtered by ?formID=). No manifestUrl: the form has no media. */
export function formList(req: RequestContext, base: string, formIdFilter: string | undefined): string {
  requireIntake(req);
  const form = alertForm();
  const forms = formIdFilter === undefined || formIdFilter === form.formId ? [form] : [];
  return buildFormList(forms.map((f) => ({ formId: f.formId, name: f.name, version: f.version, md5: f.md5, downloadUrl: formUrl(base, f.formId) })));
}

function requireForm(formId: string): AlertForm {
  const form = alertForm();
  if (formId !== form.formId) throw new DomainError('not_found', 'form.not_found', `No form ${formId.slice(0, 100)} is offered here.`, 'formId');
  return form;
}

/** GET forms/<formId>.xml: the XForm. */
export function formDefinition(req: RequestContext, formId: string): string {
  requireIntake(req);
  return requireForm(formId).xml;
}

/** GET forms/<formId>/manifest: empty (the alert form has no media files). */
export function formManifest(req: RequestContext, formId: string): string {
  requireIntake(req);
  requireForm(formId);
  return buildFormManifest([]);
}

/** HEAD submission: the pre-flight Collect sends before a POST. */
export function checkSubmissionAccess(req: RequestContext): void {
  requireIntake(req);
}

export interface SubmissionResult {
  /** `created`: a new submission and alert; `repeated`: the same instance with the same XML, already stored. */
  outcome: 'created' | 'repeated';
  submissionId: string;
  alertId: string | null;
}

/**
 * POST submission: the multipart parts as sent. One `xml_submission_file`, and at most the
 * photo the instance names (attachments.ts: checked, stripped of metadata, sealed).
 */
export async function receiveSubmission(ctx: AppContext, req: RequestContext, parts: readonly MultipartPart[]): Promise<SubmissionResult> {
  const actor = requireIntake(req);
  const xmlParts = parts.filter((part) => part.name === SUBMISSION_FIELD);
  if (xmlParts.length === 0) throw invalid('openrosa.submission_missing', `Required multipart POST field ${SUBMISSION_FIELD} missing.`, SUBMISSION_FIELD);
  if (xmlParts.length > 1) throw invalid('openrosa.submission_repeated', `Send one ${SUBMISSION_FIELD} part, not ${xmlParts.length}.`, SUBMISSION_FIELD);
  const bytes = xmlParts[0]!.data;
  const xml = decodeXmlBytes(bytes, SUBMISSION_FIELD, XML_LIMITS.maxChars);
  // The envelope first: another form's instance is a 404 before its fields are judged.
  const envelope = readSubmissionEnvelope(xml);
  requireForm(envelope.formId);
  const submission = parseAlertSubmission(xml);
  if (submission.deprecatedId !== null)
    throw conflict('openrosa.edit_unsupported', 'Edited submissions (meta/deprecatedID) are not accepted: send a new alert instead.', `${SUBMISSION_FIELD}/meta/deprecatedID`);
  const attachments = prepareAttachments(parts.filter((part) => part.name !== SUBMISSION_FIELD), submission.photo);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const alert: ReceiveAlertInput = {
    organisationId: actor.organisationId,
    channel: 'openrosa',
    channelId: null,
    providerMessageId: submission.instanceId,
    // The token's id finds the focal point it was issued to (focal_point_identities, kind token).
    senderIdentity: actor.tokenId,
    senderKind: 'token',
    focalPointId: null,
    text: alertText(submission),
    raw: xml,
    areaCode: submission.areaCode,
    location: submission.location && { lat: submission.location.latitude, lon: submission.location.longitude, accuracy: submission.location.accuracy },
    observedAt: submission.observedAt,
    categories: submission.categories,
    peopleAtRisk: submission.peopleAtRisk,
    perpetratorType: submission.perpetratorType,
    warnings: [...new Set(submission.warnings.flatMap((w) => w.warnings.map((found) => `identifying_text.${found.reason}`)))],
  };
  // Out of bounds is the submitter's 400 now, never a failed batch.
  checkAlertInput(alert);
  return submissionBatch(ctx).submit({ actor, requestId: req.requestId, submission, sha256, alert, attachments });
}

interface SubmissionItem {
  actor: TokenActor;
  requestId: string | null;
  submission: ReturnType<typeof parseAlertSubmission>;
  sha256: string;
  alert: ReceiveAlertInput;
  attachments: PreparedAttachment[];
}

/** Submissions written together (see server/platform/group-commit.ts); each answered after its batch commits. */
const submissionBatches = new WeakMap<object, GroupCommit<SubmissionItem, SubmissionResult>>();

function submissionBatch(ctx: AppContext): GroupCommit<SubmissionItem, SubmissionResult> {
  let batch = submissionBatches.get(ctx.db);
  if (!batch) {
    batch = createGroupCommit((items) => ctx.db.transaction().execute((trx) => writeSubmissions(ctx, trx, items)), SUBMISSION_BATCH);
    submissionBatches.set(ctx.db, batch);
  }
  return batch;
}

export const SUBMISSION_BATCH = { maxItems: 250, maxConcurrentBatches: 2 } as const;

/**
 * Stores a batch of submissions with their alerts: the submission rows (a resend of a stored
 * instance inserts nothing), the alerts through receiveAlerts, the links, the photos and one
 * audit row each. A resend with the same XML is `repeated` (keeping any photo it adds); with
 * other XML, a 409 for that item alone.
 */
async function writeSubmissions(ctx: AppContext, trx: Executor, items: readonly SubmissionItem[]): Promise<ItemOutcome<SubmissionResult>[]> {
  const ids = items.map(() => randomUUID());
  const inserted = new Set(
    (await store.insertSubmissionsIfNew(trx, items.map((item, i) => ({
      id: ids[i]!,
      organisation_id: item.actor.organisationId,
      form_id: item.submission.formId,
      form_version: item.submission.formVersion,
      instance_id: item.submission.instanceId,
      xml_sha256: item.sha256,
      token_id: item.actor.tokenId,
    })))).map((row) => row.id),
  );
  const fresh = items.flatMap((item, i) => (inserted.has(ids[i]!) ? [i] : []));
  const received = await receiveAlerts(ctx, trx, fresh.map((i) => items[i]!.alert));
  const outcomes: ItemOutcome<SubmissionResult>[] = new Array(items.length);
  const links: { organisationId: string; submissionId: string; alertId: string }[] = [];
  for (const [k, i] of fresh.entries()) {
    const outcome = received[k]!;
    // The submission row is written already: a refused alert fails the batch, and alone, the item.
    if (!outcome.ok) throw outcome.error;
    links.push({ organisationId: items[i]!.actor.organisationId, submissionId: ids[i]!, alertId: outcome.value.alert.id });
  }
  await store.linkAlerts(trx, links);
  const audits: AuditEntry[] = [];
  for (const [k, i] of fresh.entries()) {
    const item = items[i]!;
    const alertId = links[k]!.alertId;
    const added = item.attachments.length === 0 ? [] : await storeAttachments(ctx, trx, { organisationId: item.actor.organisationId, submissionId: ids[i]!, alertId }, item.attachments);
    audits.push(...attachmentAudits(item, alertId, added), {
      ...auditActor(item.actor),
      action: 'openrosa.submission_received',
      resourceType: 'openrosa_submission',
      resourceId: ids[i]!,
      requestId: item.requestId,
      details: { formId: item.submission.formId, alertId, observations: item.submission.observations.length, attachments: item.attachments.length },
    });
    outcomes[i] = { ok: true, value: { outcome: 'created', submissionId: ids[i]!, alertId } };
  }
  // Resends, after the fresh ones: a twin in this very batch finds its first linked already.
  for (const [i, item] of items.entries()) {
    if (inserted.has(ids[i]!)) continue;
    const existing = await store.findSubmission(trx, item.actor.organisationId, item.submission.instanceId);
    if (!existing) throw new Error('openrosa submission vanished during its resend');
    if (existing.xml_sha256 !== item.sha256) {
      outcomes[i] = { ok: false, error: conflict('openrosa.xml_conflict', `A submission with instanceID ${item.submission.instanceId} already exists with different content.`, `${SUBMISSION_FIELD}/meta/instanceID`) };
      continue;
    }
    // Collect sends a large submission in several POSTs: keep the files this one adds.
    const added = item.attachments.length === 0 ? [] : await storeAttachments(ctx, trx, { organisationId: item.actor.organisationId, submissionId: existing.id, alertId: existing.alert_id }, item.attachments);
    audits.push(...attachmentAudits(item, existing.alert_id, added));
    outcomes[i] = { ok: true, value: { outcome: 'repeated', submissionId: existing.id, alertId: existing.alert_id } };
  }
  await recordAudit(trx, ...audits);
  return outcomes;
}

/** EVD-1: the first link of each photo's chain of custody, with both digests (no content). */
function attachmentAudits(item: SubmissionItem, alertId: string | null, attachments: readonly PreparedAttachment[]): AuditEntry[] {
  return attachments.map((a) => ({
    ...auditActor(item.actor),
    action: 'alert.attachment_received',
    resourceType: 'alert_attachment',
    resourceId: a.id,
    requestId: item.requestId,
    details: { alertId, sha256: a.original.sha256, storedSha256: a.stored.sha256, metadataRemoved: a.removed },
  }));
}

/** The alert's readable text: what the focal point wrote, with the place and the observations. */
function alertText(s: ReturnType<typeof parseAlertSubmission>): string | null {
  const lines: string[] = [];
  if (s.placeDescription) lines.push(`Place: ${s.placeDescription}`);
  if (s.details) lines.push(s.details);
  for (const o of s.observations) lines.push(`Seen: ${o.kind}${o.count !== null ? ` (${o.count})` : ''}${o.note ? `: ${o.note}` : ''}`);
  return lines.length === 0 ? null : lines.join('\n');
}
