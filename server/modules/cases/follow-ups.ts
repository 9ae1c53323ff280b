/** Follow-ups of a case: contacts with the survivor, their notes sealed under her record key. */
import { invalid } from '../../../core/errors';
import type { FollowUpView, RecordFollowUpInput } from '../../../core/schemas/cases';
import type { AppContext, RequestContext } from '../../platform/context';
import { caseFollowUpsNote } from '../../platform/crypto/columns';
import { presentFollowUp } from './present';
import { auditCase, caseScope, findCaseForCaseWork, openSealed, requireEditable, survivorRecordKey, todayIso, versionConflict } from './shared';
import * as store from './store';

/**
 * Records a follow-up; its risk level becomes the case's and its next date the case's next
 * follow-up. A replayed idempotency key returns the follow-up recorded the first time (REL-2).
 */
export function recordFollowUp(ctx: AppContext, req: RequestContext, caseId: string, input: RecordFollowUpInput): Promise<FollowUpView> {
  return caseScope(ctx, req, async (trx, actor) => {
    const current = await findCaseForCaseWork(trx, req, caseId);
    const organisationId = current.organisation_id;
    const openNote = (row: store.FollowUpRow) => openSealed(ctx, trx, caseFollowUpsNote, organisationId, row.id, row.note_sealed);
    if (input.idempotencyKey) {
      const existing = await store.findFollowUpByIdempotencyKey(trx, organisationId, input.idempotencyKey);
      if (existing && existing.case_id === caseId) return presentFollowUp(existing, await openNote(existing));
      if (existing) throw invalid('case.idempotency_key', 'This idempotency key was used for another request.', 'idempotencyKey');
    }
    requireEditable(current);
    if (input.happenedOn > todayIso()) throw invalid('case.follow_up_in_future', 'happenedOn is in the future: record a follow-up once it happened.', 'happenedOn');
    const id = crypto.randomUUID();
    const note = input.note ?? null;
    const noteSealed = note === null ? null : await caseFollowUpsNote.sealForRecord(ctx.cipher, trx, await survivorRecordKey(trx, req, current.survivor_id), id, note);
    const row = await store.insertFollowUp(trx, {
      id,
      organisation_id: organisationId,
      case_id: caseId,
      happened_on: input.happenedOn,
      kind: input.kind,
      note_sealed: noteSealed,
      risk_level: input.riskLevel ?? null,
      recorded_by: actor.userId,
      idempotency_key: input.idempotencyKey ?? null,
      created_at: new Date(),
    });
    if (!row) {
      const existing = await store.findFollowUpByIdempotencyKey(trx, organisationId, input.idempotencyKey!);
      if (existing) return presentFollowUp(existing, await openNote(existing));
      throw invalid('case.idempotency_key', 'This idempotency key was used for another request.', 'idempotencyKey');
    }
    const changes = {
      ...(input.riskLevel ? { risk_level: input.riskLevel } : {}),
      ...(input.nextFollowUpOn !== undefined ? { next_follow_up_on: input.nextFollowUpOn } : {}),
    };
    // The case moves on too (its version with it), so an open form of the case sees the change.
    if (!(await store.updateCase(trx, organisationId, caseId, current.version, changes))) throw versionConflict(current.version);
    await auditCase(trx, req, 'case.follow_up_create', caseId, {
      followUpId: id,
      kind: input.kind,
      fields: ['happenedOn', 'kind', ...(note !== null ? ['note'] : []), ...Object.keys(changes)],
    });
    return presentFollowUp(row, { value: note, erased: false });
  });
}

/** The case's follow-ups with their notes opened; audited, since notes are the survivor's situation. */
export function listFollowUps(ctx: AppContext, req: RequestContext, caseId: string): Promise<FollowUpView[]> {
  return caseScope(ctx, req, async (trx) => {
    const current = await findCaseForCaseWork(trx, req, caseId);
    const rows = await store.listFollowUps(trx, current.organisation_id, caseId);
    const survivorErased = Boolean((await store.findSurvivorCode(trx, current.organisation_id, current.survivor_id))?.erased_at);
    const views: FollowUpView[] = [];
    for (const row of rows) {
      // STO-3: erasure clears the notes and destroys the key; either way they are gone.
      const note = survivorErased ? { value: null, erased: true } : await openSealed(ctx, trx, caseFollowUpsNote, row.organisation_id, row.id, row.note_sealed);
      views.push(presentFollowUp(row, note));
    }
    await auditCase(trx, req, 'case.follow_ups_read', caseId, { count: rows.length });
    return views;
  });
}
