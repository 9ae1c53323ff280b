/**
 * Pure rules of rapid response to community alerts (issue 4 part 4): response-time targets
 * per severity, which clock of an alert runs late, when an alert escalates, the legal moves
 * of a response task, and the SMS texts sent about tasks and escalations. SMS bodies carry a
 * reference, an area name and a time, never what the alert says or who sent it (MIN-1).
 */

export const RESPONSE_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type ResponseSeverity = (typeof RESPONSE_SEVERITIES)[number];

/** The three clocks of an alert, in the order they run. */
export const RESPONSE_STAGES = ['acknowledge', 'verify', 'respond'] as const;
export type ResponseStage = (typeof RESPONSE_STAGES)[number];

/** Minutes from receipt by which each stage should be reached. */
export interface StageTargets {
  acknowledge: number;
  verify: number;
  respond: number;
}
export type ResponseTargets = Record<ResponseSeverity, StageTargets>;

export const DEFAULT_TARGETS: ResponseTargets = {
  critical: { acknowledge: 15, verify: 60, respond: 240 },
  high: { acknowledge: 30, verify: 120, respond: 720 },
  medium: { acknowledge: 60, verify: 480, respond: 1440 },
  low: { acknowledge: 240, verify: 1440, respond: 4320 },
};

/** Targets are whole minutes from 1 minute to 30 days. */
export const TARGET_MINUTES = { min: 1, max: 43_200 } as const;

/** The severity whose targets apply: an alert not yet graded counts as medium. */
export const targetSeverity = (severity: string | null | undefined): ResponseSeverity =>
  (RESPONSE_SEVERITIES as readonly string[]).includes(severity ?? '') ? (severity as ResponseSeverity) : 'medium';

/** States in which no clock runs any more. */
export const FINISHED_ALERT_STATES = ['dismissed', 'duplicate', 'closed'] as const;

/** What the response clocks read from an alert. */
export interface AlertClocks {
  state: string;
  severity: string | null;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  verifiedAt: Date | null;
  respondedAt: Date | null;
  escalationLevel: number;
}

const MINUTE = 60_000;

/** When each stage falls due for an alert received at `receivedAt`. */
export function dueMoments(receivedAt: Date, targets: StageTargets): Record<ResponseStage, Date> {
  const at = (minutes: number) => new Date(receivedAt.getTime() + minutes * MINUTE);
  return { acknowledge: at(targets.acknowledge), verify: at(targets.verify), respond: at(targets.respond) };
}

const stoppedAt = (alert: AlertClocks, stage: ResponseStage): Date | null =>
  stage === 'acknowledge' ? alert.acknowledgedAt : stage === 'verify' ? alert.verifiedAt : alert.respondedAt;

const isFinished = (alert: AlertClocks) => (FINISHED_ALERT_STATES as readonly string[]).includes(alert.state);

/**
 * The stages whose clock stopped after its target, or still runs past it at `now`, in stage
 * order. None for an alert dismissed, merged or closed.
 */
export function lateStages(alert: AlertClocks, targets: ResponseTargets, now: Date): ResponseStage[] {
  if (isFinished(alert)) return [];
  const due = dueMoments(alert.receivedAt, targets[targetSeverity(alert.severity)]);
  return RESPONSE_STAGES.filter((stage) => {
    const stopped = stoppedAt(alert, stage);
    return (stopped ?? now).getTime() > due[stage].getTime();
  });
}

/** The first stage that ran late (or runs late now); null when every clock is on time. */
export function overdueStage(alert: AlertClocks, targets: ResponseTargets, now: Date): ResponseStage | null {
  return lateStages(alert, targets, now)[0] ?? null;
}

/**
 * A new escalation level when more stages are late than the alert's level says: the level
 * is the number of late stages, and `stage` the one that raised it. Null when nothing is new,
 * so a run that finds the same lateness twice escalates once.
 */
export function escalationDue(alert: AlertClocks, targets: ResponseTargets, now: Date): { level: number; stage: ResponseStage } | null {
  const late = lateStages(alert, targets, now);
  if (late.length <= alert.escalationLevel) return null;
  return { level: late.length, stage: late[late.length - 1]! };
}

// ---- Tasks ----------------------------------------------------------------------------------

export const TASK_STATUSES = ['open', 'accepted', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_OUTCOMES = ['resolved', 'no_action_needed', 'unable_to_respond', 'referred'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];
export const OPEN_TASK_STATUSES = ['open', 'accepted', 'in_progress'] as const;

/** Mission components and partner teams a task may be given to. */
export const ASSIGNEE_COMPONENTS = ['force', 'police', 'civil_affairs', 'human_rights', 'protection', 'medical', 'humanitarian', 'other'] as const;
export type AssigneeComponent = (typeof ASSIGNEE_COMPONENTS)[number];

const TASK_ORDER: Record<TaskStatus, number> = { open: 0, accepted: 1, in_progress: 2, done: 3, cancelled: 3 };

/**
 * Legal moves of a task: forward along open -> accepted -> in_progress -> done (a step may be
 * skipped: a responder who acted at once reports done), or cancelled from any open status.
 * done and cancelled are final.
 */
export function canMoveTask(from: TaskStatus, to: TaskStatus): boolean {
  if (from === 'done' || from === 'cancelled' || from === to) return false;
  if (to === 'cancelled') return true;
  return TASK_ORDER[to] > TASK_ORDER[from];
}

export const isOpenTask = (status: string): boolean => (OPEN_TASK_STATUSES as readonly string[]).includes(status);

/** A task past its due time and still open. */
export const isTaskOverdue = (task: { status: string; dueAt: Date }, now: Date): boolean => isOpenTask(task.status) && task.dueAt.getTime() < now.getTime();

// ---- SMS texts ------------------------------------------------------------------------------

export const RESPONSE_SMS_LANGUAGES = ['en', 'fr', 'sw'] as const;
export type ResponseSmsLanguage = (typeof RESPONSE_SMS_LANGUAGES)[number];

const smsLanguage = (language: string | null | undefined): ResponseSmsLanguage =>
  (RESPONSE_SMS_LANGUAGES as readonly string[]).includes(language ?? '') ? (language as ResponseSmsLanguage) : 'en';

/** "2026-11-22 14:05 UTC": unambiguous on any phone. */
export const smsTime = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const STAGE_WORDS: Record<ResponseSmsLanguage, Record<ResponseStage, string>> = {
  en: { acknowledge: 'acknowledgement', verify: 'verification', respond: 'response' },
  fr: { acknowledge: 'accusé de réception', verify: 'vérification', respond: 'réponse' },
  sw: { acknowledge: 'kupokea', verify: 'uthibitisho', respond: 'majibu' },
};

/** The SMS to a task's contact: the alert's reference, the area's name and the due time. */
export function taskSms(input: { reference: string; areaName: string | null; dueAt: Date; language?: string | null }): string {
  const area = input.areaName ?? '-';
  const due = smsTime(input.dueAt);
  switch (smsLanguage(input.language)) {
    case 'fr':
      return `Weft : tâche de réponse pour l'alerte ${input.reference}, zone ${area}, échéance ${due}. Détails dans Weft.`;
    case 'sw':
      return `Weft: kazi ya kujibu taarifa ${input.reference}, eneo ${area}, mwisho ${due}. Maelezo ndani ya Weft.`;
    default:
      return `Weft: response task for alert ${input.reference}, area ${area}, due ${due}. Details in Weft.`;
  }
}

/** The SMS to on-call numbers when an alert escalates. */
export function escalationSms(input: { reference: string; areaName: string | null; stage: ResponseStage; level: number; language?: string | null }): string {
  const language = smsLanguage(input.language);
  const area = input.areaName ?? '-';
  const stage = STAGE_WORDS[language][input.stage];
  switch (language) {
    case 'fr':
      return `Weft : alerte ${input.reference} (zone ${area}) en retard : ${stage}. Niveau d'escalade ${input.level}.`;
    case 'sw':
      return `Weft: taarifa ${input.reference} (eneo ${area}) imechelewa: ${stage}. Kiwango ${input.level}.`;
    default:
      return `Weft: alert ${input.reference} (area ${area}) is overdue for ${stage}. Escalation level ${input.level}.`;
  }
}
