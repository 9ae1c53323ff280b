/**
 * The story the alert demo tells, drawn from the seeded generator so every start tells the
 * same one: who sent each alert, from where, when, and how far the alert officers took it
 * (states, severities, clocks in order, merged duplicates, response tasks, some overdue).
 * Pure: alerts.ts writes it through the intake door and the store.
 */
import type { AlertCategory, AlertPerpetratorType } from '../../core/alerts';
import type { SeededRandom } from './random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEMO_ALERT_DAYS = 60;

/** The mission's targets (minutes from receipt), a little tighter than Weft's defaults for the grave ones. */
export const DEMO_TARGETS = {
  critical: { acknowledge: 10, verify: 45, respond: 180 },
  high: { acknowledge: 30, verify: 120, respond: 600 },
  medium: { acknowledge: 60, verify: 480, respond: 1440 },
  low: { acknowledge: 240, verify: 1440, respond: 4320 },
} as const;
export type DemoSeverity = keyof typeof DEMO_TARGETS;

type Language = 'en' | 'fr' | 'sw';

interface Template {
  categories: AlertCategory[];
  text: Record<Language, string>;
  /** The same report without the place: it waits in the locating queue. */
  unplaced: Record<Language, string>;
}

// Fictional reports of what community alert networks send; no one is named (MIN-1).
const TEMPLATES: readonly Template[] = [
  {
    categories: ['armed_group_presence', 'displacement'],
    text: { en: 'Armed men seen near {place} this morning, people are fleeing', fr: 'Hommes armés vus près de {place} ce matin, la population fuit', sw: 'Watu wenye silaha wameonekana karibu na {place} asubuhi hii, watu wanakimbia' },
    unplaced: { en: 'Armed men seen near our village this morning, people are fleeing', fr: 'Hommes armés vus près de notre village ce matin, la population fuit', sw: 'Watu wenye silaha wameonekana karibu na kijiji chetu asubuhi hii' },
  },
  {
    categories: ['attack_on_civilians'],
    text: { en: 'Gunfire heard in {place}, families hiding in the bush', fr: 'Coups de feu entendus à {place}, des familles se cachent en brousse', sw: 'Milio ya risasi imesikika {place}, familia zimejificha porini' },
    unplaced: { en: 'Gunfire heard since dawn, families hiding in the bush', fr: "Coups de feu entendus depuis l'aube, des familles se cachent", sw: 'Milio ya risasi tangu alfajiri, familia zimejificha porini' },
  },
  {
    categories: ['checkpoint_extortion'],
    text: { en: 'Checkpoint on the road to {place}, armed men demanding money', fr: "Barrière sur la route de {place}, des hommes armés exigent de l'argent", sw: 'Kizuizi barabarani kwenda {place}, watu wenye silaha wanadai pesa' },
    unplaced: { en: 'New checkpoint on the main road, armed men demanding money', fr: "Nouvelle barrière sur la grande route, on exige de l'argent", sw: 'Kizuizi kipya barabara kuu, wanadai pesa' },
  },
  {
    categories: ['burning_of_homes', 'displacement'],
    text: { en: 'Houses burning in {place}, people fleeing towards the camp', fr: 'Maisons incendiées à {place}, la population fuit vers le camp', sw: 'Nyumba zinaungua {place}, watu wanakimbilia kambini' },
    unplaced: { en: 'Houses burning on the hill, people fleeing towards the camp', fr: 'Maisons incendiées sur la colline, la population fuit', sw: 'Nyumba zinaungua mlimani, watu wanakimbia' },
  },
  {
    categories: ['sexual_violence', 'attack_on_civilians'],
    text: { en: 'Women attacked on the way to the fields near {place}', fr: 'Des femmes attaquées sur le chemin des champs près de {place}', sw: 'Wanawake wameshambuliwa njiani kwenda shambani karibu na {place}' },
    unplaced: { en: 'Women attacked on the way to the fields yesterday', fr: 'Des femmes attaquées sur le chemin des champs hier', sw: 'Wanawake wameshambuliwa njiani kwenda shambani jana' },
  },
  {
    categories: ['abduction', 'armed_group_presence'],
    text: { en: 'Several people taken by armed men at {place} market', fr: 'Plusieurs personnes enlevées par des hommes armés au marché de {place}', sw: 'Watu kadhaa wametekwa na watu wenye silaha sokoni {place}' },
    unplaced: { en: 'Several people taken by armed men at the market', fr: 'Plusieurs personnes enlevées au marché', sw: 'Watu kadhaa wametekwa sokoni' },
  },
  {
    categories: ['threats_or_hate_speech'],
    text: { en: 'Threats against returnees shouted at {place} market', fr: 'Menaces contre les retournés au marché de {place}', sw: 'Vitisho dhidi ya wanaorejea sokoni {place}' },
    unplaced: { en: 'Threats against returnees shouted at the market', fr: 'Menaces contre les retournés au marché', sw: 'Vitisho dhidi ya wanaorejea sokoni' },
  },
  {
    categories: ['troop_movement'],
    text: { en: 'Trucks of soldiers moving towards {place}', fr: 'Camions de militaires en route vers {place}', sw: 'Magari ya askari yanaelekea {place}' },
    unplaced: { en: 'Trucks of soldiers moving north tonight', fr: 'Camions de militaires vers le nord cette nuit', sw: 'Magari ya askari yanaelekea kaskazini usiku huu' },
  },
];

const PERPETRATORS: readonly AlertPerpetratorType[] = ['non_state_armed_group', 'non_state_armed_group', 'non_state_armed_group', 'state_forces', 'unknown', 'unknown', 'civilian'];
const SEVERITIES: readonly DemoSeverity[] = ['critical', 'high', 'high', 'medium', 'medium', 'medium', 'low', 'low'];
export const DEMO_COMPONENTS = ['force', 'police', 'civil_affairs', 'human_rights', 'protection', 'medical', 'humanitarian'] as const;
const TASK_TITLES = ['Patrol to {place}', 'Protection assessment in {place}', 'Contact local authorities of {place}', 'Medical team to {place}', 'Follow up with the alert network in {place}'];
const DISMISS_REASONS = ['not_credible', 'out_of_scope', 'insufficient_information', 'test_or_error'] as const;

export type DemoSender = { kind: 'focal_point'; index: number } | { kind: 'unknown'; index: number } | { kind: 'web' } | { kind: 'openrosa' };
export type DemoState = 'new' | 'acknowledged' | 'verifying' | 'verified' | 'dismissed' | 'duplicate' | 'closed';

export interface DemoTaskPlan {
  title: string;
  assignee: { partner: true } | { component: (typeof DEMO_COMPONENTS)[number] };
  createdAt: Date;
  dueAt: Date;
  status: 'open' | 'accepted' | 'in_progress' | 'done';
  outcome: 'resolved' | 'no_action_needed' | 'unable_to_respond' | 'referred' | null;
  completedAt: Date | null;
}

export interface DemoAlertPlan {
  index: number;
  sender: DemoSender;
  smsChannel: 'twilio' | 'smssync' | 'generic';
  language: Language;
  /** Index into the zones; null: the report names no place and waits to be located. */
  zone: number | null;
  text: string;
  categories: AlertCategory[];
  withPoint: boolean;
  /** Offsets from the zone's centre, in degrees. */
  jitter: { lat: number; lon: number };
  observedMinutesBefore: number | null;
  peopleAtRisk: number | null;
  perpetratorType: AlertPerpetratorType | null;
  receivedAt: Date;
  state: DemoState;
  severity: DemoSeverity | null;
  acknowledgedAt: Date | null;
  verifiedAt: Date | null;
  respondedAt: Date | null;
  closedAt: Date | null;
  dismissReason: (typeof DISMISS_REASONS)[number] | null;
  /** For duplicates: the index of the alert it was merged into. */
  mergedInto: number | null;
  tasks: DemoTaskPlan[];
}

/** A state drawn by the alert's age: recent alerts wait, old ones are settled. */
function drawState(random: SeededRandom, ageMs: number): DemoState {
  const table: Array<[DemoState, number]> =
    ageMs < 3 * HOUR ? [['new', 55], ['acknowledged', 25], ['verifying', 20]]
    : ageMs < DAY ? [['new', 10], ['acknowledged', 20], ['verifying', 25], ['verified', 27], ['dismissed', 10], ['duplicate', 8]]
    : ageMs < 4 * DAY ? [['verifying', 12], ['verified', 40], ['closed', 30], ['dismissed', 12], ['duplicate', 6]]
    : [['verified', 8], ['closed', 72], ['dismissed', 15], ['duplicate', 5]];
  let roll = random.int(table.reduce((sum, [, weight]) => sum + weight, 0));
  for (const [state, weight] of table) if ((roll -= weight) < 0) return state;
  return table[0]![0];
}

/** Moments after `start`, in order, squeezed to end before `end` when they would not. */
function chain(start: number, delaysMinutes: number[], end: number): number[] {
  const total = delaysMinutes.reduce((a, b) => a + b, 0) * MINUTE;
  const room = Math.max(end - start - MINUTE, delaysMinutes.length * 1000);
  const scale = total > room ? room / total : 1;
  const moments: number[] = [];
  let at = start;
  for (const delay of delaysMinutes) moments.push((at += Math.max(1000, delay * MINUTE * scale)));
  return moments;
}

/** The whole story: `count` alerts over the last DEMO_ALERT_DAYS days before `now`. */
export function planDemoAlerts(random: SeededRandom, options: { now: Date; count: number; zones: number; focalPoints: readonly { zone: number | null; language: Language }[]; unlocated: number }): DemoAlertPlan[] {
  const now = options.now.getTime();
  // One in six arrived in the last two days, so the queue has live work; the rest thin out over sixty days.
  const ages = Array.from({ length: options.count }, () => Math.floor(random.int(6) === 0 ? 2 * DAY * random.next() : DEMO_ALERT_DAYS * DAY * random.next() ** 1.3)).sort((a, b) => b - a);
  // The locating queue holds recent reports that named no place (officers locate the old ones).
  const recent = ages.map((age, i) => ({ age, i })).filter((a) => a.age < 2 * DAY).map((a) => a.i);
  const unlocated = new Set(random.shuffle(recent).slice(0, options.unlocated));
  const plans: DemoAlertPlan[] = [];
  for (const [index, age] of ages.entries()) {
    const receivedAt = now - age;
    const roll = random.int(100);
    const focalPoint = random.int(Math.max(options.focalPoints.length, 1));
    const sender: DemoSender =
      roll < 75 && options.focalPoints.length > 0 ? { kind: 'focal_point', index: focalPoint }
      : roll < 85 ? { kind: 'unknown', index: random.int(10) }
      : roll < 93 ? { kind: 'web' }
      : { kind: 'openrosa' };
    const home = sender.kind === 'focal_point' ? options.focalPoints[focalPoint] : undefined;
    const language: Language = home?.language ?? random.pick(['fr', 'fr', 'sw', 'en'] as const);
    const zone = unlocated.has(index) || options.zones === 0 ? null : home?.zone != null && random.int(4) > 0 ? home.zone : random.int(options.zones);
    const template = random.pick(TEMPLATES);

    let state = drawState(random, age);
    if (zone === null && !['new', 'acknowledged'].includes(state)) state = random.int(2) === 0 ? 'new' : 'acknowledged';
    const earlier = plans.filter((p) => p.zone === zone && zone !== null && p.state !== 'duplicate' && receivedAt - p.receivedAt.getTime() < 7 * DAY);
    if (state === 'duplicate' && earlier.length === 0) state = 'dismissed';
    const severity: DemoSeverity | null = state === 'new' && random.int(3) > 0 ? null : random.pick(SEVERITIES);
    const targets = DEMO_TARGETS[severity ?? 'medium'];
    // About one in four clocks runs past its target.
    const late = (target: number) => Math.round(target * (random.int(4) === 0 ? 1.2 + random.next() * 2 : 0.2 + random.next() * 0.7));

    const plan: DemoAlertPlan = {
      index,
      sender,
      smsChannel: random.pick(['twilio', 'twilio', 'twilio', 'smssync', 'smssync', 'generic'] as const),
      language,
      zone,
      text: zone === null ? template.unplaced[language] : template.text[language],
      categories: template.categories,
      withPoint: zone !== null && (sender.kind !== 'focal_point' || random.int(3) === 0),
      jitter: { lat: (random.next() - 0.5) * 0.16, lon: (random.next() - 0.5) * 0.16 },
      observedMinutesBefore: random.int(2) === 0 ? 10 + random.int(290) : null,
      peopleAtRisk: random.int(2) === 0 ? 5 + random.int(496) : null,
      perpetratorType: random.int(10) < 7 ? random.pick(PERPETRATORS) : null,
      receivedAt: new Date(receivedAt),
      state,
      severity,
      acknowledgedAt: null,
      verifiedAt: null,
      respondedAt: null,
      closedAt: null,
      dismissReason: null,
      mergedInto: null,
      tasks: [],
    };
    const ack = late(targets.acknowledge);
    const verify = Math.max(5, late(targets.verify) - ack);
    const respond = Math.max(30, late(targets.respond) - ack - verify);
    const at = (moments: number[], i: number) => new Date(moments[i]!);
    if (state === 'acknowledged' || state === 'verifying') {
      plan.acknowledgedAt = at(chain(receivedAt, [ack], now), 0);
    } else if (state === 'dismissed') {
      plan.dismissReason = random.pick(DISMISS_REASONS);
      const moments = chain(receivedAt, [ack, 10 + random.int(240)], now);
      plan.acknowledgedAt = at(moments, 0);
      plan.closedAt = at(moments, 1);
    } else if (state === 'duplicate') {
      plan.mergedInto = random.pick(earlier).index;
      plan.acknowledgedAt = at(chain(receivedAt, [ack], now), 0);
    } else if (state === 'verified' || state === 'closed') {
      const responded = state === 'closed' || random.int(3) === 0;
      const steps = [ack, verify, ...(responded ? [respond] : []), ...(state === 'closed' ? [60 + random.int(2880)] : [])];
      const [a, v, r, c] = chain(receivedAt, steps, now);
      plan.acknowledgedAt = new Date(a!);
      plan.verifiedAt = new Date(v!);
      if (responded) plan.respondedAt = new Date(r!);
      if (state === 'closed') plan.closedAt = new Date((responded ? c : r)!);
      plan.tasks = planTasks(random, plan, zone, now);
    }
    plans.push(plan);
  }
  return plans;
}

/** One or two tasks after verification; done when the alert was responded to, else running, some overdue. */
function planTasks(random: SeededRandom, plan: DemoAlertPlan, zone: number | null, now: number): DemoTaskPlan[] {
  const verifiedAt = plan.verifiedAt!.getTime();
  const count = random.int(4) === 0 ? 2 : 1;
  const tasks: DemoTaskPlan[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = Math.min(verifiedAt + (5 + random.int(40)) * MINUTE, (plan.respondedAt?.getTime() ?? now) - 1000);
    const dueAt = createdAt + (2 + random.int(22)) * HOUR;
    const done = plan.respondedAt !== null && (i === 0 || random.int(2) === 0);
    const completedAt = done ? (i === 0 ? plan.respondedAt!.getTime() : Math.min(plan.respondedAt!.getTime() + random.int(600) * MINUTE, plan.closedAt?.getTime() ?? now)) : null;
    tasks.push({
      title: random.pick(TASK_TITLES).replace('{place}', zone === null ? 'the reported area' : '{zone}'),
      assignee: random.int(100) < 45 ? { partner: true } : { component: random.pick(DEMO_COMPONENTS) },
      createdAt: new Date(createdAt),
      dueAt: new Date(dueAt),
      status: done ? 'done' : random.pick(['open', 'accepted', 'in_progress'] as const),
      outcome: done ? random.pick(['resolved', 'resolved', 'resolved', 'no_action_needed', 'referred', 'unable_to_respond'] as const) : null,
      completedAt: completedAt === null ? null : new Date(completedAt),
    });
  }
  return tasks;
}

/** The stages an open alert has let pass their target by `now`: its escalation level. */
export function demoEscalation(plan: DemoAlertPlan, now: Date): { level: number; at: Date | null; stages: string[] } {
  if (['dismissed', 'duplicate', 'closed'].includes(plan.state)) return { level: 0, at: null, stages: [] };
  const targets = DEMO_TARGETS[plan.severity ?? 'medium'];
  const received = plan.receivedAt.getTime();
  const stages: Array<[string, number, Date | null]> = [
    ['acknowledge', targets.acknowledge, plan.acknowledgedAt],
    ['verify', targets.verify, plan.verifiedAt],
    ['respond', targets.respond, plan.respondedAt],
  ];
  const late = stages.filter(([, minutes, stopped]) => (stopped ?? now).getTime() > received + minutes * MINUTE);
  const last = late[late.length - 1];
  return { level: late.length, at: last ? new Date(received + last[1] * MINUTE + MINUTE) : null, stages: late.map(([stage]) => stage) };
}
