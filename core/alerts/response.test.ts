import { describe, expect, it } from 'vitest';
import {
  canMoveTask,
  DEFAULT_TARGETS,
  dueMoments,
  escalationDue,
  escalationSms,
  isTaskOverdue,
  lateStages,
  overdueStage,
  TASK_STATUSES,
  targetSeverity,
  taskSms,
  type AlertClocks,
  type TaskStatus,
} from './response';

const received = new Date('2026-11-22T10:00:00.000Z');
const minutes = (n: number) => new Date(received.getTime() + n * 60_000);
const alert = (overrides: Partial<AlertClocks> = {}): AlertClocks => ({
  state: 'new',
  severity: 'critical',
  receivedAt: received,
  acknowledgedAt: null,
  verifiedAt: null,
  respondedAt: null,
  escalationLevel: 0,
  ...overrides,
});

describe('response targets', () => {
  it('has the default minutes per severity, each stage no sooner than the one before', () => {
    expect(DEFAULT_TARGETS.critical).toEqual({ acknowledge: 15, verify: 60, respond: 240 });
    expect(DEFAULT_TARGETS.high).toEqual({ acknowledge: 30, verify: 120, respond: 720 });
    expect(DEFAULT_TARGETS.medium).toEqual({ acknowledge: 60, verify: 480, respond: 1440 });
    expect(DEFAULT_TARGETS.low).toEqual({ acknowledge: 240, verify: 1440, respond: 4320 });
  });

  it('counts an ungraded or unknown severity as medium', () => {
    expect(targetSeverity(null)).toBe('medium');
    expect(targetSeverity('extreme')).toBe('medium');
    expect(targetSeverity('low')).toBe('low');
  });

  it('puts each stage its target minutes after receipt', () => {
    expect(dueMoments(received, DEFAULT_TARGETS.critical)).toEqual({ acknowledge: minutes(15), verify: minutes(60), respond: minutes(240) });
  });
});

describe('overdueStage', () => {
  it('is null while every clock is within its target, and exactly at the target', () => {
    expect(overdueStage(alert(), DEFAULT_TARGETS, minutes(15))).toBeNull();
  });

  it('names the acknowledge stage once its target passes unacknowledged', () => {
    expect(overdueStage(alert(), DEFAULT_TARGETS, minutes(16))).toBe('acknowledge');
  });

  it('names a stage whose clock stopped late, even later on', () => {
    const late = alert({ state: 'verified', acknowledgedAt: minutes(20), verifiedAt: minutes(30) });
    expect(overdueStage(late, DEFAULT_TARGETS, minutes(40))).toBe('acknowledge');
  });

  it('moves to verify when acknowledged in time but not verified in time', () => {
    const a = alert({ state: 'acknowledged', acknowledgedAt: minutes(5) });
    expect(overdueStage(a, DEFAULT_TARGETS, minutes(59))).toBeNull();
    expect(overdueStage(a, DEFAULT_TARGETS, minutes(61))).toBe('verify');
  });

  it('uses the severity of the alert, medium when none', () => {
    expect(overdueStage(alert({ severity: null }), DEFAULT_TARGETS, minutes(59))).toBeNull();
    expect(overdueStage(alert({ severity: null }), DEFAULT_TARGETS, minutes(61))).toBe('acknowledge');
  });

  it('is null for alerts dismissed, merged or closed however late', () => {
    for (const state of ['dismissed', 'duplicate', 'closed']) expect(overdueStage(alert({ state }), DEFAULT_TARGETS, minutes(10_000))).toBeNull();
  });

  it('lists every late stage in order', () => {
    expect(lateStages(alert(), DEFAULT_TARGETS, minutes(241))).toEqual(['acknowledge', 'verify', 'respond']);
    const onTimeAck = alert({ acknowledgedAt: minutes(1), respondedAt: minutes(100) });
    expect(lateStages(onTimeAck, DEFAULT_TARGETS, minutes(300))).toEqual(['verify']);
  });
});

describe('escalationDue', () => {
  it('escalates to level 1 on the first late stage, and not again at the same lateness', () => {
    expect(escalationDue(alert(), DEFAULT_TARGETS, minutes(16))).toEqual({ level: 1, stage: 'acknowledge' });
    expect(escalationDue(alert({ escalationLevel: 1 }), DEFAULT_TARGETS, minutes(30))).toBeNull();
  });

  it('escalates again when another stage runs late', () => {
    expect(escalationDue(alert({ escalationLevel: 1 }), DEFAULT_TARGETS, minutes(61))).toEqual({ level: 2, stage: 'verify' });
    expect(escalationDue(alert({ escalationLevel: 2 }), DEFAULT_TARGETS, minutes(241))).toEqual({ level: 3, stage: 'respond' });
    expect(escalationDue(alert({ escalationLevel: 3 }), DEFAULT_TARGETS, minutes(100_000))).toBeNull();
  });

  it('jumps straight to the level of all late stages when found late', () => {
    expect(escalationDue(alert(), DEFAULT_TARGETS, minutes(241))).toEqual({ level: 3, stage: 'respond' });
  });

  it('never escalates a closed alert or one handled in time', () => {
    expect(escalationDue(alert({ state: 'closed' }), DEFAULT_TARGETS, minutes(241))).toBeNull();
    const handled = alert({ state: 'verified', acknowledgedAt: minutes(1), verifiedAt: minutes(2), respondedAt: minutes(3) });
    expect(escalationDue(handled, DEFAULT_TARGETS, minutes(100_000))).toBeNull();
  });

  it('follows an organisation’s own targets', () => {
    const strict = { ...DEFAULT_TARGETS, critical: { acknowledge: 1, verify: 2, respond: 3 } };
    expect(escalationDue(alert(), strict, minutes(2.5))).toEqual({ level: 2, stage: 'verify' });
  });
});

describe('task moves', () => {
  const legal: [TaskStatus, TaskStatus][] = [
    ['open', 'accepted'],
    ['open', 'in_progress'],
    ['open', 'done'],
    ['open', 'cancelled'],
    ['accepted', 'in_progress'],
    ['accepted', 'done'],
    ['accepted', 'cancelled'],
    ['in_progress', 'done'],
    ['in_progress', 'cancelled'],
  ];

  it('allows exactly the forward moves and cancelling an open task', () => {
    for (const from of TASK_STATUSES)
      for (const to of TASK_STATUSES) expect(canMoveTask(from, to), `${from} -> ${to}`).toBe(legal.some(([f, t]) => f === from && t === to));
  });

  it('counts a task overdue only while open and past its due time', () => {
    const dueAt = minutes(10);
    expect(isTaskOverdue({ status: 'accepted', dueAt }, minutes(11))).toBe(true);
    expect(isTaskOverdue({ status: 'accepted', dueAt }, minutes(9))).toBe(false);
    expect(isTaskOverdue({ status: 'done', dueAt }, minutes(11))).toBe(false);
    expect(isTaskOverdue({ status: 'cancelled', dueAt }, minutes(11))).toBe(false);
  });
});

describe('SMS texts', () => {
  it('names the reference, the area and the due time, in the language asked for', () => {
    expect(taskSms({ reference: 'A-ABC234', areaName: 'Fictionalia', dueAt: minutes(90) })).toBe(
      'Weft: response task for alert A-ABC234, area Fictionalia, due 2026-11-22 11:30 UTC. Details in Weft.',
    );
    expect(taskSms({ reference: 'A-ABC234', areaName: null, dueAt: minutes(90), language: 'fr' })).toContain('zone -');
    expect(escalationSms({ reference: 'A-ABC234', areaName: 'Fictionalia', stage: 'verify', level: 2, language: 'sw' })).toContain('uthibitisho');
    expect(escalationSms({ reference: 'A-ABC234', areaName: 'Fictionalia', stage: 'respond', level: 3, language: 'xx' })).toBe(
      'Weft: alert A-ABC234 (area Fictionalia) is overdue for response. Escalation level 3.',
    );
  });
});
