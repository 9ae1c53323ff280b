/**
 * Client calls of the alert map, figures, partner tasks, report form and settings pages,
 * typed by the schemas in core/schemas. Kept apart from api.ts (the queue and alert page's
 * calls) so two people can change them at once; one place per endpoint either way.
 */
import type { z } from 'zod';
import type {
  ChannelView,
  createChannelBody,
  createFocalPointBody,
  FocalPointSummary,
  FocalPointView,
  UpdateChannelInput,
  UpdateFocalPointInput,
} from '../../../core/schemas/alerts';
import type { AlertMap, AlertMetrics } from '../../../core/schemas/alert-views';
import type { MyAlertReport, ReportAlertResponse, reportAlertBody } from '../../../core/schemas/alert-reports';
import type {
  ChannelOutboundView,
  OutboundChannelChoices,
  OutboxMessageView,
  PutChannelOutboundInput,
  PutSettingsInput,
  PutTargetsInput,
  SettingsView,
  TargetsView,
  TaskView,
  UpdateTaskInput,
} from '../../../core/schemas/alert-response';
import type { OrganisationView } from '../../../core/schemas/organisations';
import { api, type Query } from '../../app/api';

/** What a form sends: the schema's input (defaults may be left out). */
export type CreateChannelInput = z.input<typeof createChannelBody>;
export type CreateFocalPointInput = z.input<typeof createFocalPointBody>;
export type ReportAlertBody = z.input<typeof reportAlertBody>;
export interface MyAlertReportPage {
  data: MyAlertReport[];
  nextCursor: string | null;
}

const at = (path: string, id: string) => `${path}/${encodeURIComponent(id)}`;

// ---- Channels (alerts.configure) ------------------------------------------------------------

export const listChannels = (signal?: AbortSignal) => api.get<{ data: ChannelView[] }>('/api/alerts/channels', { signal });
export const createChannel = (input: CreateChannelInput) => api.post<ChannelView>('/api/alerts/channels', input);
export const updateChannel = (id: string, input: UpdateChannelInput) => api.patch<ChannelView>(at('/api/alerts/channels', id), input);
/** A channel's sender, outbound URL and whether its send-API secret is set (never its value). */
export const getChannelOutbound = (id: string, signal?: AbortSignal) => api.get<ChannelOutboundView>(`${at('/api/alerts/channels', id)}/outbound`, { signal });
/** Fields left out are kept; null clears one; apiSecret is write-only. */
export const putChannelOutbound = (id: string, input: PutChannelOutboundInput) => api.put<ChannelOutboundView>(`${at('/api/alerts/channels', id)}/outbound`, input);

// ---- Focal points (alerts.focal_points) -----------------------------------------------------

export interface FocalPointPage {
  data: FocalPointSummary[];
  nextCursor: string | null;
}

export const listFocalPoints = (query: Query, signal?: AbortSignal) => api.get<FocalPointPage>('/api/alerts/focal-points', { query, signal });
export const getFocalPoint = (id: string, signal?: AbortSignal) => api.get<FocalPointView>(at('/api/alerts/focal-points', id), { signal });
export const createFocalPoint = (input: CreateFocalPointInput) => api.post<FocalPointView>('/api/alerts/focal-points', input);
export const updateFocalPoint = (id: string, input: UpdateFocalPointInput) => api.patch<FocalPointView>(at('/api/alerts/focal-points', id), input);

// ---- Report form (alerts.report) ------------------------------------------------------------

/** POST /api/alerts/reports: 201 for a new alert, 200 for a replay of the same idempotency key (REL-2). */
export const reportAlert = (input: ReportAlertBody) => api.post<ReportAlertResponse>('/api/alerts/reports', input);
export const listMyReports = (query: Query, signal?: AbortSignal) => api.get<MyAlertReportPage>('/api/alerts/reports/mine', { query, signal });

// ---- Response tasks (alerts.respond, alerts.triage) ----------------------------------------

export interface TaskPage {
  data: TaskView[];
  nextCursor?: string | null;
}

/** GET /api/alerts/tasks: given to my organisation (mine=true), or also those it gave (officers). */
export const listTasks = (query: Query, signal?: AbortSignal) => api.get<TaskPage>('/api/alerts/tasks', { query, signal });
export const updateTask = (taskId: string, input: UpdateTaskInput) => api.patch<TaskView>(at('/api/alerts/tasks', taskId), input);

/** The directory of organisations (any signed-in user): names for a task's assignee. */
export const listOrganisations = (signal?: AbortSignal) => api.get<{ data: OrganisationView[] }>('/api/organisations', { signal });

// ---- Response targets, outbound SMS, outbox (alerts.targets, alerts.configure) --------------

export const getTargets = (signal?: AbortSignal) => api.get<TargetsView>('/api/alerts/response-targets', { signal });
export const putTargets = (input: PutTargetsInput) => api.put<TargetsView>('/api/alerts/response-targets', input);
export const getResponseSettings = (signal?: AbortSignal) => api.get<SettingsView>('/api/alerts/response-settings', { signal });
export const putResponseSettings = (input: PutSettingsInput) => api.put<SettingsView>('/api/alerts/response-settings', input);
/** The channels the outbound SMS may go through (alerts.targets): names and whether each can send. */
export const listOutboundChannelChoices = (signal?: AbortSignal) => api.get<OutboundChannelChoices>('/api/alerts/response-settings/channels', { signal });
export const listOutbox = (query: Query, signal?: AbortSignal) => api.get<{ data: OutboxMessageView[] }>('/api/alerts/outbox', { query, signal });

// ---- Map and figures (alerts.triage or alerts.aggregates) -----------------------------------

/** GET /api/alerts/map: counts per area; clusters for alert officers only (null for analysts). */
export const getAlertMap = (query: Query, signal?: AbortSignal) => api.get<AlertMap>('/api/alerts/map', { query, signal });
/** GET /api/alerts/metrics: time to acknowledge, verify, respond per area or period. */
export const getAlertMetrics = (query: Query, signal?: AbortSignal) => api.get<AlertMetrics>('/api/alerts/metrics', { query, signal });
