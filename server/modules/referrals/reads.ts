/**
 * Reading referrals: the queue of the receiving organisation, the list of the referring one,
 * and one referral. The recipient's sight of the shared sections goes through the consent gate
 * on every read (CON-2, CON-4); a read that opens them is audited (AUD-1).
 */
import { compareClinicalUrgency, type ClinicalClock } from '../../../core/clinical';
import { hiddenDenial } from '../../../core/errors';
import type { ListReferralsQuery, SharedSnapshot } from '../../../core/schemas/referrals';
import type { Executor } from '../../db/database';
import type { Incident } from '../../db/schema';
import { inOrganisationScope } from '../../db/scope';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { referralsOutcomeNote, referralsShared } from '../../platform/crypto/columns';
import { FieldDecryptionError } from '../../platform/crypto/field-cipher';
import { clinicalClockOf, findIncidentById } from '../incidents/service';
import { findServicesByIds, type ServiceRow } from '../services/service';
import { findSurvivorById } from '../survivors/service';
import { decideRecipientRead, RequestConsents } from './access';
import { canReadShared, canWorkOnReferrals, partiesOf } from './policy';
import * as store from './store';
import type { ReferralRow } from './store';

/** What a list item needs beside the row; computed fresh in the request. */
export interface ReferralContext {
  row: ReferralRow;
  direction: 'incoming' | 'outgoing';
  service: ServiceRow;
  referringOrganisationName: string;
  gbvType: string | null;
  clock: ClinicalClock | null;
  /** CON-4: for the recipient, the gate refused (withdrawn, never given, or erased). */
  consentWithdrawn: boolean;
}

export interface ReferralDetail extends ReferralContext {
  shared: SharedSnapshot | null;
  erased: boolean;
  narrativeEntries: number | null;
  outcomeNote: string | null;
  events: Awaited<ReturnType<typeof store.listReferralEvents>>;
  parties: ReturnType<typeof partiesOf>;
}

function scope<T>(ctx: AppContext, req: RequestContext, work: (trx: Executor, organisationId: string) => Promise<T>): Promise<T> {
  const actor = req.actor;
  // Analysts, administrators and everyone without case work: nothing to see (AUTHZ-4).
  if (!canWorkOnReferrals(actor) || actor.kind !== 'user') throw hiddenDenial('referral');
  return inOrganisationScope(ctx.db, actor.organisationId, (trx) => work(trx, actor.organisationId));
}

/** The clock after rape or sexual assault, only when the referrer chose to send it. */
function clockOf(row: ReferralRow, incident: Incident | undefined, survivorSex: string | null, now: Date): ClinicalClock | null {
  if (!incident || !row.shared_sections.includes('clinical_clock')) return null;
  try {
    return clinicalClockOf(incident, now, survivorSex);
  } catch {
    // An unreadable incident time shows no clock rather than failing the queue.
    return null;
  }
}

async function contextsOf(trx: Executor, organisationId: string, rows: readonly ReferralRow[], consents: RequestConsents, now: Date): Promise<ReferralContext[]> {
  const services = new Map((await findServicesByIds(trx, [...new Set(rows.map((r) => r.service_id))])).map((s) => [s.id, s]));
  const names = await store.findOrganisationNames(trx, rows.map((r) => r.organisation_id));
  const result: ReferralContext[] = [];
  for (const row of rows) {
    const incident = row.incident_id ? await findIncidentById(trx, row.incident_id) : undefined;
    const isRecipient = row.recipient_organisation_id === organisationId;
    const isReferrer = row.organisation_id === organisationId;
    const survivor = await findSurvivorById(trx, row.survivor_id);
    const withdrawn = isReferrer ? false : Boolean(survivor?.erased_at) || !decideRecipientRead(row, await consents.of(row.survivor_id), now).allowed;
    result.push({
      row,
      direction: isRecipient && !isReferrer ? 'incoming' : 'outgoing',
      service: services.get(row.service_id)!,
      referringOrganisationName: names.get(row.organisation_id) ?? '',
      gbvType: incident?.gbv_type ?? null,
      clock: clockOf(row, incident, survivor?.sex ?? null, now),
      consentWithdrawn: withdrawn,
    });
  }
  return result;
}

const needsAssessment = (clock: ClinicalClock | null) => clock !== null && clock.windows.some((w) => w.assessNow);

/** Urgent first; then open clinical windows, least time left first; then newest. */
export function sortQueue(items: ReferralContext[]): ReferralContext[] {
  return [...items].sort((a, b) => {
    if (a.row.urgent !== b.row.urgent) return a.row.urgent ? -1 : 1;
    const assessA = needsAssessment(a.clock);
    const assessB = needsAssessment(b.clock);
    if (assessA !== assessB) return assessA ? -1 : 1;
    if (assessA && assessB) {
      const byClock = compareClinicalUrgency(a.clock!, b.clock!);
      if (byClock !== 0) return byClock;
    }
    return b.row.created_at.getTime() - a.row.created_at.getTime();
  });
}

/** GET /api/referrals: the incoming queue or the outgoing list of the actor's organisation. */
export function listReferrals(ctx: AppContext, req: RequestContext, query: ListReferralsQuery): Promise<ReferralContext[]> {
  return scope(ctx, req, async (trx, organisationId) => {
    const rows = await store.listReferrals(trx, { organisationId, direction: query.direction, status: query.status, caseId: query.caseId, limit: query.limit });
    const items = (await contextsOf(trx, organisationId, rows, new RequestConsents(trx), new Date())).map((item) => ({ ...item, direction: query.direction }));
    return query.direction === 'incoming' ? sortQueue(items) : items;
  });
}

const isKeyGone = (error: unknown) => error instanceof FieldDecryptionError || (error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'crypto.key_destroyed');

/** GET /api/referrals/:id: the referral, with what it carries when the gate allows it now. */
export function getReferral(ctx: AppContext, req: RequestContext, id: string): Promise<ReferralDetail> {
  return scope(ctx, req, async (trx, organisationId) => {
    const row = await store.findVisibleReferral(trx, organisationId, id);
    const parties = row ? partiesOf(req.actor, row) : [];
    if (!row || parties.length === 0) throw hiddenDenial('referral');
    const now = new Date();
    // The gate runs inside contextsOf for a recipient (consents read fresh, CON-4).
    const [context] = await contextsOf(trx, organisationId, [row], new RequestConsents(trx), now);
    const survivor = await findSurvivorById(trx, row.survivor_id);
    const erased = Boolean(survivor?.erased_at);
    const mayOpen = canReadShared(req.actor) && !context!.consentWithdrawn && !erased;

    let shared: SharedSnapshot | null = null;
    let outcomeNote: string | null = null;
    let unreadable = false;
    if (mayOpen) {
      try {
        // Opened with the HOLDER's organisation id: the record key belongs to it.
        const text = await referralsShared.open(ctx.cipher, trx, row.organisation_id, row.id, row.shared_sealed);
        shared = text === null ? null : (JSON.parse(text) as SharedSnapshot);
        outcomeNote = await referralsOutcomeNote.open(ctx.cipher, trx, row.organisation_id, row.id, row.outcome_note_sealed);
      } catch (error) {
        if (!isKeyGone(error)) throw error;
        shared = null;
        outcomeNote = null;
        unreadable = true;
      }
      if (shared !== null || outcomeNote !== null) {
        await recordAudit(trx, {
          ...auditActor(req.actor),
          action: 'referral.read',
          resourceType: 'referral',
          resourceId: row.id,
          requestId: req.requestId,
          details: { survivorId: row.survivor_id, sections: row.shared_sections, party: parties.includes('referrer') ? 'referrer' : 'recipient', outcomeNote: outcomeNote !== null },
        });
      }
    }
    return {
      ...context!,
      consentWithdrawn: context!.consentWithdrawn || erased || unreadable,
      shared,
      erased: erased || unreadable,
      // ONCE-1: how many times her account was taken, so nobody asks again; a count, but
      // only while the recipient may see her record at all.
      narrativeEntries: survivor && mayOpen && !unreadable ? survivor.narrative_entries : null,
      outcomeNote,
      events: await store.listReferralEvents(trx, row.id),
      parties,
    };
  });
}
