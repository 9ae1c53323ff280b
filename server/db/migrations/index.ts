import type { Migration } from 'kysely';
import * as foundation from './20261121_2200_foundation';
import * as auditNoTruncate from './20261121_2330_audit_no_truncate';
import * as survivorDocumentation from './20261122_0000_survivor_documentation';
import * as caseRowSecurity from './20261122_0005_case_row_security';
import * as survivors from './20261122_0110_survivors';
import * as cases from './20261122_0130_cases';
import * as documentationIndexes from './20261122_0190_documentation_indexes';
import * as incidentListIndexes from './20261122_0200_incident_list_indexes';
import * as alerts from './20261122_0310_alerts';
import * as openrosa from './20261122_0320_openrosa';
import * as alertResponse from './20261122_0330_alert_response';
import * as alertOutbound from './20261122_0350_alert_outbound';
import * as alertViewIndexes from './20261122_0360_alert_view_indexes';
import * as alertReporters from './20261122_0370_alert_reporters';
import * as openrosaAttachmentContent from './20261122_0380_openrosa_attachment_content';
import * as smsFragments from './20261122_0390_sms_fragments';
import * as alertMapSummary from './20261122_0400_alert_map_summary';
import * as smsOutboxDelivery from './20261122_0410_sms_outbox_delivery';
import * as areaNames from './20261122_0420_area_names';

/** Append-only list, in order. Never edit a migration that has landed. */
export const migrations: Record<string, Migration> = {
  '20261121_2200_foundation': foundation,
  '20261121_2330_audit_no_truncate': auditNoTruncate,
  '20261122_0000_survivor_documentation': survivorDocumentation,
  '20261122_0005_case_row_security': caseRowSecurity,
  '20261122_0110_survivors': survivors,
  '20261122_0130_cases': cases,
  '20261122_0190_documentation_indexes': documentationIndexes,
  '20261122_0200_incident_list_indexes': incidentListIndexes,
  '20261122_0310_alerts': alerts,
  '20261122_0320_openrosa': openrosa,
  '20261122_0330_alert_response': alertResponse,
  '20261122_0350_alert_outbound': alertOutbound,
  '20261122_0360_alert_view_indexes': alertViewIndexes,
  '20261122_0370_alert_reporters': alertReporters,
  '20261122_0380_openrosa_attachment_content': openrosaAttachmentContent,
  '20261122_0390_sms_fragments': smsFragments,
  '20261122_0400_alert_map_summary': alertMapSummary,
  '20261122_0410_sms_outbox_delivery': smsOutboxDelivery,
  '20261122_0420_area_names': areaNames,
};
