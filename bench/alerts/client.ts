/**
 * The load client of the intake benchmarks, in its own process (started by intake.ts with an
 * IPC channel) so that building, signing and timing requests does not share the server's
 * event loop. For each job it first builds every request the way the gateway or phone would
 * (Twilio form signed with X-Twilio-Signature, generic JSON signed with HMAC-SHA256 and a
 * fresh timestamp, OpenRosa multipart with xml_submission_file under /v1/key/<token>), then
 * sends them over keep-alive HTTP/1.1 sockets:
 *   closed loop: `concurrency` requests in flight, the next sent when one completes;
 *   open loop:   one request every 1/rate seconds whatever the completions, latency counted
 *                from the scheduled instant (no coordinated omission).
 * OpenRosa requests come from many loopback addresses (127.0.10.x): the submission route
 * limits each client address to 600 per minute, and phones do not share one address.
 * Numbers and texts are fictional.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { genericSignedString, twilioSignedString } from '../../core/alerts';
import { alertBody, alertInstance, observationXml } from '../../core/alerts/openrosa/test-submissions';
import { twilioFields } from '../../core/alerts/sms/test-payloads';
import { BOUNDARY, multipartBody, xmlPart } from '../../server/test/factories-openrosa';

export const INTAKE_KINDS = ['twilio', 'generic', 'openrosa'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];

export interface ClientJob {
  id: number;
  base: string;
  kinds: IntakeKind[];
  count: number;
  mode: 'closed' | 'open';
  concurrency: number;
  ratePerSecond: number;
  /** Closed loop: no new request after this many seconds (count is then a cap). */
  maxSeconds?: number;
  /** Open loop: stop scheduling when this many requests are in flight (the rate is not sustained). */
  maxInFlight?: number;
  /** Unique per job: message ids and instance ids start with it. */
  tag: string;
  twilio: { channelIds: string[]; authToken: string };
  generic: { channelIds: string[]; secret: string };
  openrosa: { tokens: string[]; addresses: string[] };
  senders: string[];
  placeNames: string[];
  areaCodes: string[];
}

export interface ClientResult {
  id: number;
  elapsedMs: number;
  /** Milliseconds per request, by kind, in completion order. */
  latencies: Record<string, number[]>;
  /** Open loop: from the actual send (the main figure counts from the scheduled instant). */
  sendLatencies: number[];
  statuses: Record<string, number>;
  errors: string[];
  maxInFlight: number;
  /** Open loop: how late the client sent, at worst (its own lag). */
  maxSendLagMs: number;
  /** Requests sent (fewer than the job's count when a time or in-flight limit stopped it). */
  sent: number;
  /** Open loop: scheduling stopped at maxInFlight. */
  overloaded: boolean;
  buildMs: number;
  /** CPU the client process used while sending (ms). */
  cpuMs: number;
}

export interface BuiltRequest {
  kind: IntakeKind;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
  localAddress?: string;
}

const TEXTS = [
  (place: string) => `Armed men seen near ${place}, 3 trucks, people fleeing to the church`,
  (place: string) => `Alerte: hommes armés à ${place}, deux filles enlevées ce matin`,
  (place: string) => `Watu wenye silaha karibu na shule ya ${place}, wanawake wamekimbia`,
  () => 'Checkpoint on the road to the camp, soldiers stopping women at night',
];

export function buildRequest(job: ClientJob, i: number): BuiltRequest {
  const kind = job.kinds[i % job.kinds.length]!;
  const round = Math.floor(i / job.kinds.length);
  const place = job.placeNames[round % job.placeNames.length] ?? 'the market';
  const text = TEXTS[round % TEXTS.length]!(place);
  // Every (sender, channel) pair once per senders x channels rounds: the per-sender limit
  // (30 in 10 minutes on a channel) measures nothing here, and the rate must not trip it.
  const sender = job.senders[(round + Math.floor(round / Math.max(1, job.twilio.channelIds.length))) % job.senders.length]!;
  if (kind === 'twilio') {
    const channelId = job.twilio.channelIds[round % job.twilio.channelIds.length]!;
    const path = `/api/alerts/sms/${channelId}/twilio`;
    const sid = `SM${createHash('md5').update(`${job.tag}:${i}`).digest('hex')}`;
    const fields = { ...twilioFields(), MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, From: sender, Body: text };
    const signature = createHmac('sha1', job.twilio.authToken).update(twilioSignedString(`${job.base}${path}`, fields), 'utf8').digest('base64');
    return { kind, path, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(fields).toString() };
  }
  if (kind === 'generic') {
    const channelId = job.generic.channelIds[round % job.generic.channelIds.length]!;
    const body = JSON.stringify({ id: `${job.tag}-${i}`, from: sender, to: '+15555550100', text, receivedAt: new Date().toISOString() });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', job.generic.secret).update(genericSignedString(timestamp, body), 'utf8').digest('hex');
    return {
      kind,
      path: `/api/alerts/sms/${channelId}/generic`,
      headers: { 'content-type': 'application/json', 'x-weft-timestamp': timestamp, 'x-weft-signature': `sha256=${signature}` },
      body,
    };
  }
  const token = job.openrosa.tokens[round % job.openrosa.tokens.length]!;
  const areaCode = job.areaCodes[round % job.areaCodes.length] ?? 'CD-NK-RUT';
  const xml = alertInstance({
    meta: `<orx:meta><orx:instanceID>uuid:${randomUUID()}</orx:instanceID></orx:meta>`,
    body: alertBody({ area_code: areaCode, place_description: `Near the market of ${place}`, observed_at: new Date(Date.now() - 3_600_000).toISOString() }) + observationXml('armed_men', String(3 + (i % 20)), 'Some in uniform'),
  });
  return {
    kind,
    path: `/api/openrosa/v1/key/${token}/submission?deviceID=collect%3Abench${i % 50}`,
    headers: { 'x-openrosa-version': '1.0', 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipartBody([xmlPart(xml)]),
    localAddress: job.openrosa.addresses[round % job.openrosa.addresses.length],
  };
}

function send(agent: http.Agent, base: URL, request: BuiltRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path: request.path,
        agent,
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        ...(request.localAddress ? { localAddress: request.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

export async function runJob(job: ClientJob): Promise<ClientResult> {
  const buildStarted = performance.now();
  const requests = Array.from({ length: job.count }, (_, i) => buildRequest(job, i));
  const buildMs = performance.now() - buildStarted;
  const base = new URL(job.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.mode === 'closed' ? job.concurrency : Infinity });
  const latencies: Record<string, number[]> = Object.fromEntries(job.kinds.map((k) => [k, []]));
  const sendLatencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let maxSendLagMs = 0;

  const one = async (request: BuiltRequest, scheduledAt: number) => {
    const sentAt = performance.now();
    maxSendLagMs = Math.max(maxSendLagMs, sentAt - scheduledAt);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let key: string;
    try {
      const res = await send(agent, base, request);
      key = `${request.kind} ${res.status}`;
      if ((res.status !== 200 && res.status !== 201) && errors.length < 5) errors.push(`${key}: ${res.body.slice(0, 300)}`);
    } catch (error) {
      key = `${request.kind} ${(error as { code?: string }).code ?? 'error'}`;
      if (errors.length < 5) errors.push(`${key}: ${(error as Error).message}`);
    }
    const done = performance.now();
    inFlight -= 1;
    statuses[key] = (statuses[key] ?? 0) + 1;
    latencies[request.kind]!.push(done - scheduledAt);
    sendLatencies.push(done - sentAt);
  };

  const started = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  let overloaded = false;
  if (job.mode === 'closed') {
    const deadline = started + (job.maxSeconds ?? Infinity) * 1000;
    await Promise.all(
      Array.from({ length: job.concurrency }, async () => {
        while (next < requests.length && performance.now() < deadline) {
          const request = requests[next++]!;
          await one(request, performance.now());
        }
      }),
    );
  } else {
    const interval = 1000 / job.ratePerSecond;
    const pending: Promise<void>[] = [];
    while (next < requests.length && !overloaded) {
      const now = performance.now();
      while (next < requests.length && started + next * interval <= now) {
        if (inFlight >= (job.maxInFlight ?? Infinity)) {
          overloaded = true;
          break;
        }
        pending.push(one(requests[next]!, started + next * interval));
        next += 1;
      }
      if (next < requests.length && !overloaded) await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + next * interval - performance.now())));
    }
    await Promise.all(pending);
  }
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { id: job.id, elapsedMs, latencies, sendLatencies, statuses, errors, maxInFlight, maxSendLagMs, sent: next, overloaded, buildMs, cpuMs: (used.user + used.system) / 1000 };
}

/** A tag no earlier job used: message ids must be new for every request (REL-2 dedupes them). */
export const newTag = () => `b${randomBytes(6).toString('hex')}`;

if (process.send && process.argv.includes('--bench-client')) {
  process.on('message', (job: ClientJob) => {
    runJob(job).then(
      (result) => process.send!(result),
      (error: Error) => process.send!({ id: job.id, failure: error.stack ?? String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
