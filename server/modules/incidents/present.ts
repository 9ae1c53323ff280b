/**
 * Incidents as each role may see them (MIN-2). Fields carry the sensitivity classes of
 * core/survivors/sensitivity.ts INCIDENT_FIELDS: roles without 'identifying.read' (analysts)
 * get the non-identifying fields only, with the incident date reduced to its month; the
 * narrative and exact location appear only in the audited case-work view of one incident.
 */
import type { ClinicalClock } from '../../../core/clinical';
import type { GbvType, IncidentContext } from '../../../core/classify';
import type { IncidentView } from '../../../core/schemas/incidents';
import type { Incident } from '../../db/schema';
import type { Actor } from '../../platform/actor';
import { readsSensitiveIncidentFields } from './policy';
import type { AreaRef } from './store';

export interface Sealed {
  value: string | null;
  /** The survivor's record key was destroyed (erasure). */
  erased: boolean;
}

export interface PresentOptions {
  actor: Actor;
  area: AreaRef | null;
  /** Undefined: not for this role. Null: no clock applies (not rape or sexual assault). */
  clock: ClinicalClock | null | undefined;
  /** The opened narrative and exact location, for the case-work view only. */
  sealed: { narrative: Sealed; exactLocation: Sealed } | null;
}

type Precision = IncidentView['incidentDatePrecision'];

export function presentIncident(row: Incident, options: PresentOptions): IncidentView {
  const time = row.incident_time as { precision?: Precision };
  const view: IncidentView = {
    id: row.id,
    incidentCode: row.code,
    incidentDatePrecision: time.precision ?? 'unknown',
    incidentMonth: row.incident_date ? row.incident_date.slice(0, 7) : null,
    timeOfDay: row.time_of_day,
    area: options.area ? { id: options.area.id, code: options.area.code, names: options.area.names } : null,
    placeType: row.place_type,
    displacementStage: row.displacement_stage,
    ageGroup: row.survivor_age_group,
    isChild: row.is_child,
    perpetratorCount: row.perpetrator_count,
    perpetratorSex: row.perpetrator_sex,
    perpetratorAgeGroup: row.perpetrator_age_group,
    perpetratorRelationship: row.perpetrator_relationship,
    perpetratorCategory: row.perpetrator_category,
    conflictContexts: row.conflict_contexts,
    acts: row.acts,
    classificationAnswers: row.classification_answers,
    gbvType: row.gbv_type as GbvType,
    contexts: row.derived_contexts as IncidentContext[],
    isCrsv: row.is_crsv,
    isSea: row.is_sea,
    previouslyReported: row.previously_reported,
    previousGbvIncidents: row.previous_gbv_incidents,
    goodsMoneyExchanged: row.goods_money_exchanged,
    abductionType: row.abduction_type,
    source: row.source,
    hasNarrative: row.narrative_sealed !== null,
    hasExactLocation: row.location_sealed !== null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  if (readsSensitiveIncidentFields(options.actor)) {
    // Sensitive fields: need to know (case work), never to analysts.
    Object.assign(view, {
      survivorId: row.survivor_id,
      incidentTime: row.incident_time,
      incidentDate: row.incident_date,
      reportDate: row.report_date,
      ageAtIncident: row.survivor_age_at_incident,
      clinicalClock: options.clock ?? null,
    });
  }
  if (options.sealed) {
    view.narrative = options.sealed.narrative.value;
    view.exactLocation = options.sealed.exactLocation.value;
    if (options.sealed.narrative.erased || options.sealed.exactLocation.erased) view.erased = true;
  }
  return view;
}
