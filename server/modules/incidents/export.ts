/**
 * Part 10: the organisation's own incidents in the GBVIMS Incident Recorder layout, as CSV or
 * XLSX, English or French headers. A disclosure path (CON-2): only incidents whose survivor has
 * a live 'statistics' consent, filtered in SQL for speed and confirmed row by row by the one
 * gate, decideDisclosure. No identifying field leaves (MIN-1; see core/gbvims/incident-recorder).
 * Streamed in batches of short transactions: memory stays flat and, on PGlite, other requests
 * are not locked out during a long export.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { decideDisclosure, type ConsentRecord } from '../../../core/consent';
import { forbidden, reauthenticationRequired } from '../../../core/errors';
import { IR_COLUMNS, irHeaders, irRow, type IrRecord } from '../../../core/gbvims/incident-recorder';
import type { ExportIncidentsQuery } from '../../../core/schemas/incidents';
import type { Consent } from '../../db/schema';
import { inOrganisationScope } from '../../db/scope';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { canExportIncidents, exportNeedsReauthentication, readsSensitiveIncidentFields } from './policy';
import { csvStream, xlsxStream } from './export-writers';
import * as store from './store';

// Each batch is its own short transaction (CON-4: consent asked again per batch); 2,000 rows
// (about 0.2 s of export) keeps the per-batch round trips and planning with row-level
// security a small share of the time (bench/documentation: 500 spent a third of it there).
export const EXPORT_BATCH_SIZE = 2000;

export interface IncidentExport {
  filename: string;
  contentType: string;
  body: Readable;
}

const iso = (value: Date | string | null) => (value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString());

function toConsentRecord(row: Consent): ConsentRecord {
  return {
    id: row.id,
    survivorId: row.survivor_id,
    purpose: row.purpose as ConsentRecord['purpose'],
    recipientOrganisationId: row.recipient_organisation_id,
    serviceId: row.service_id,
    givenBy: row.given_by as ConsentRecord['givenBy'],
    childAssent: row.child_assent as ConsentRecord['childAssent'],
    guardianNotAskedReason: row.guardian_not_asked_reason as ConsentRecord['guardianNotAskedReason'],
    method: row.method as ConsentRecord['method'],
    legalBasis: row.legal_basis as ConsentRecord['legalBasis'],
    givenAt: iso(row.given_at)!,
    recordedBy: row.recorded_by,
    withdrawnAt: iso(row.withdrawn_at),
    withdrawalRecordedBy: row.withdrawal_recorded_by,
  };
}

/** A survivor pseudonym valid within one file: HMAC under a key that dies with the export. */
const pseudonymiser = () => {
  const key = randomBytes(32);
  return (survivorId: string) => `S-${createHmac('sha256', key).update(survivorId).digest('base64url').slice(0, 10)}`;
};

function areaNamesOf(chain: { level: number; names: Record<string, string> }[] | undefined, lang: string): Record<number, string> {
  const names: Record<number, string> = {};
  for (const area of chain ?? []) names[area.level] = area.names[lang] ?? area.names.en ?? Object.values(area.names)[0] ?? '';
  return names;
}

export async function exportIncidents(
  ctx: AppContext,
  req: RequestContext,
  query: ExportIncidentsQuery,
  options: { batchSize?: number } = {},
): Promise<IncidentExport> {
  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;
  if (!canExportIncidents(req.actor)) throw forbidden();
  if (exportNeedsReauthentication(req.actor)) throw reauthenticationRequired();
  const actor = req.actor as UserActor;
  const organisationId = actor.organisationId;
  const sensitive = readsSensitiveIncidentFields(actor);
  const started = new Date();

  const { expected, agencyCode } = await inOrganisationScope(ctx.db, organisationId, async (trx) => {
    const count = await store.countExportable(trx, organisationId, started);
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'incident.export',
      resourceType: 'incident',
      requestId: req.requestId,
      details: { format: query.format, lang: query.lang, rows: count, columns: IR_COLUMNS.length },
    });
    return { expected: count, agencyCode: await store.organisationCode(trx, organisationId) };
  });

  const pseudonym = pseudonymiser();
  let sent = 0;
  let withheld = 0;
  let completed = false;

  async function* batches(): AsyncGenerator<string[][]> {
    let afterId: string | null = null;
    for (;;) {
      // CON-4: each batch asks again at its own instant, so a withdrawal during a long
      // export applies to the rows not yet written.
      const at = new Date();
      let read = 0;
      const batch: string[][] = await inOrganisationScope(ctx.db, organisationId, async (trx) => {
        const { rows, scanned, lastId } = await store.exportBatch(trx, organisationId, at, afterId, batchSize);
        // A batch of ids may yield no exportable row: go on until the ids run out.
        read = scanned;
        afterId = lastId;
        if (rows.length === 0) return [];
        const consents = await store.statisticsConsents(trx, organisationId, rows.map((r) => r.survivor_id));
        const bySurvivor = new Map<string, ConsentRecord[]>();
        for (const consent of consents) bySurvivor.set(consent.survivor_id, [...(bySurvivor.get(consent.survivor_id) ?? []), toConsentRecord(consent)]);
        const chains = await store.areaChains(trx, rows.flatMap((r) => (r.area_id ? [r.area_id] : [])));
        const cells: string[][] = [];
        for (const row of rows) {
          // CON-2: the gate decides; the SQL filter only spares it the rows it would refuse.
          const decision = decideDisclosure({ consents: bySurvivor.get(row.survivor_id) ?? [], purpose: 'statistics', recipient: null, at });
          if (!decision.allowed) {
            withheld += 1;
            continue;
          }
          const record: IrRecord = {
            incidentCode: row.code,
            survivorPseudonym: pseudonym(row.survivor_id),
            reportDate: row.report_date,
            incidentDate: row.incident_date,
            survivorSex: row.survivor_sex,
            nationality: row.survivor_nationality,
            maritalStatus: row.survivor_marital_status,
            displacementStatus: row.survivor_displacement_status,
            disability: row.survivor_disability,
            displacementStage: row.displacement_stage,
            timeOfDay: row.time_of_day,
            placeType: row.place_type,
            areaNames: areaNamesOf(row.area_id ? chains.get(row.area_id) : undefined, query.lang),
            gbvType: row.gbv_type,
            goodsMoneyExchanged: row.goods_money_exchanged,
            abductionType: row.abduction_type,
            previouslyReported: row.previously_reported,
            previousGbvIncidents: row.previous_gbv_incidents,
            perpetratorCount: row.perpetrator_count,
            perpetratorSex: row.perpetrator_sex,
            perpetratorRelationship: row.perpetrator_relationship,
            perpetratorCategory: row.perpetrator_category,
            perpetratorAgeGroup: row.perpetrator_age_group,
            agencyCode,
          };
          cells.push(irRow(record, { lang: query.lang, sensitive }));
        }
        return cells;
      });
      if (read === 0) return;
      sent += batch.length;
      if (batch.length > 0) yield batch;
      if (read < batchSize) return;
    }
  }

  const headers = irHeaders(query.lang);
  const chunks = query.format === 'csv' ? csvStream(headers, batches()) : xlsxStream('Incident Recorder', headers, batches());

  async function* audited(): AsyncGenerator<Uint8Array> {
    try {
      yield* chunks;
      completed = true;
    } finally {
      // The outcome, complete or cut off, in its own short transaction (AUD-1: counts only).
      await inOrganisationScope(ctx.db, organisationId, (trx) =>
        recordAudit(trx, {
          ...auditActor(actor),
          action: 'incident.export_finished',
          resourceType: 'incident',
          requestId: req.requestId,
          outcome: completed ? 'success' : 'failure',
          details: { format: query.format, rows: sent, withheld, expected, completed },
        }),
      ).catch(() => undefined);
    }
  }

  const day = started.toISOString().slice(0, 10);
  return {
    // DEV-2: a neutral name; nothing in it says what the file is about.
    filename: `weft-export-${day}.${query.format}`,
    contentType: query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Readable.from(audited(), { objectMode: false }),
  };
}
