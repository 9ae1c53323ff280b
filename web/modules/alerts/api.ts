/**
 * Client calls of the alert queue and alert page (issue 4), typed by the schemas in
 * core/schemas. One place per endpoint, so a page never spells a path twice. (The map,
 * figures, tasks, report and settings pages keep theirs in admin-api.ts.)
 */
import { ALERT_DISMISS_REASONS } from '../../../core/alerts/triage';
import type { IncidentDraft, LinkAlertIncidentInput } from '../../../core/schemas/alert-reports';
import type {
  AlertAssigneeList,
  AlertLockView,
  BulkAlertAction,
  BulkAlertInput,
  BulkAlertResult,
  MergeAlertInput,
  TransitionAlertInput,
  UnmergeAlertInput,
  UpdateAlertInput,
} from '../../../core/schemas/alert-triage';
import type { CreateTaskInput, TargetsView, TaskView, UpdateTaskInput } from '../../../core/schemas/alert-response';
import type { AlertSummary, AlertView, FocalPointView } from '../../../core/schemas/alerts';
import { api, type Query } from '../../app/api';

export const DISMISS_REASONS = ALERT_DISMISS_REASONS;

const alertPath = (id: string, rest = '') => `/api/alerts/${encodeURIComponent(id)}${rest}`;

// ---- Queue and alert (GET /api/alerts, GET /api/alerts/:id) ----------------------------------

export interface AlertPage {
  data: AlertSummary[];
  nextCursor: string | null;
}

/** The organisation's queue with the filters of core/schemas (state list, severity, area…). */
export const listAlerts = (query: Query, signal?: AbortSignal) => api.get<AlertPage>('/api/alerts', { query, signal });

/** Opens the text and exact point (audited on the server). */
export const getAlert = (id: string, signal?: AbortSignal) => api.get<AlertView>(alertPath(id), { signal });

/** A focal point's name, for "sent by"; null when the caller may not read the register. */
export const getFocalPointName = (id: string, signal?: AbortSignal) =>
  api.get<FocalPointView>(`/api/alerts/focal-points/${encodeURIComponent(id)}`, { signal }).then(
    (fp) => fp.displayName,
    () => null,
  );

// ---- Triage ---------------------------------------------------------------------------------

export type Assignee = AlertAssigneeList['data'][number];

/** Officers of the organisation who may triage: the assignment picker, lock holders' names. */
export const listAssignees = (signal?: AbortSignal) => api.get<AlertAssigneeList>('/api/alerts/assignees', { signal });

export type AlertState = AlertSummary['state'];
export type DismissReason = (typeof ALERT_DISMISS_REASONS)[number];
export type AlertPatch = UpdateAlertInput;
export type BulkAction = BulkAlertAction;
export type BulkResult = BulkAlertResult;

export const transitionAlert = (id: string, body: TransitionAlertInput) => api.post<AlertSummary>(alertPath(id, '/transition'), body);
export const updateAlert = (id: string, body: UpdateAlertInput) => api.patch<AlertSummary>(alertPath(id), body);

/** Takes or renews the edit lock (10 minutes); 409 alerts.locked when someone else holds it. */
export const lockAlert = (id: string) => api.post<AlertLockView>(alertPath(id, '/lock'));
export const unlockAlert = (id: string) => api.delete(alertPath(id, '/lock'));

export const mergeAlert = (id: string, body: MergeAlertInput) => api.post<AlertSummary>(alertPath(id, '/merge'), body);
export const unmergeAlert = (id: string, body: UnmergeAlertInput) => api.post<AlertSummary>(alertPath(id, '/unmerge'), body);

/** The same action on many alerts; the answer says, per alert, done or why not. */
export const bulkAlerts = (body: BulkAlertInput) => api.post<BulkAlertResult>('/api/alerts/bulk', body);

// ---- Response: tasks and targets -------------------------------------------------------------

export const listAlertTasks = (alertId: string, signal?: AbortSignal) => api.get<{ data: TaskView[] }>(alertPath(alertId, '/tasks'), { signal });
export const createAlertTask = (alertId: string, body: CreateTaskInput) => api.post<TaskView>(alertPath(alertId, '/tasks'), body);
export const updateAlertTask = (taskId: string, body: UpdateTaskInput) => api.patch<TaskView>(`/api/alerts/tasks/${encodeURIComponent(taskId)}`, body);
export const getResponseTargets = (signal?: AbortSignal) => api.get<TargetsView>('/api/alerts/response-targets', { signal });

// ---- Incident ----------------------------------------------------------------------------------

/** Prefill for the incident form (alerts.triage and cases.work, verified alerts only). */
export const getIncidentDraft = (alertId: string, signal?: AbortSignal) =>
  api.get<IncidentDraft>(alertPath(alertId, '/incident-draft'), { query: { utcOffsetMinutes: -new Date().getTimezoneOffset() }, signal });

/** Points a verified alert at the incident recorded from it, once (409 when already linked or locked). */
export const linkAlertIncident = (alertId: string, body: LinkAlertIncidentInput) => api.post<AlertSummary>(alertPath(alertId, '/incident'), body);
