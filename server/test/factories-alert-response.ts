/**
 * Test support for rapid response: alerts in a chosen state and at a chosen time (received
 * through the one intake door, then moved behind the application's back, as triage would),
 * channels that can send, and a local HTTP server standing in for an SMS gateway's send API.
 * Numbers are fictional (+1 555 01xx).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { AppContext } from '../platform/context';
import { receiveAlert } from '../modules/alerts/service';

export interface BuiltAlert {
  id: string;
  reference: string;
}

export interface AlertOptions {
  state?: string;
  severity?: string | null;
  receivedAt?: Date;
  acknowledgedAt?: Date | null;
  verifiedAt?: Date | null;
  areaId?: string | null;
  text?: string;
}

/** An alert of the organisation with a sender, a text and a point, then set to `state` and times. */
export async function buildResponseAlert(ctx: AppContext, ownerDb: Kysely<DB>, organisationId: string, options: AlertOptions = {}): Promise<BuiltAlert> {
  const receivedAt = options.receivedAt ?? new Date();
  const { alert } = await ctx.db.transaction().execute((trx) =>
    receiveAlert(ctx, trx, {
      organisationId,
      channel: 'web',
      channelId: null,
      providerMessageId: `response-${randomUUID()}`,
      senderIdentity: '+15555550142',
      senderKind: 'phone',
      focalPointId: null,
      text: options.text ?? 'Fictional: armed men seen near the market',
      raw: '{}',
      areaCode: null,
      location: { lat: -1.5, lon: 29.2 },
      observedAt: null,
      categories: ['threat'],
      peopleAtRisk: null,
      perpetratorType: null,
      warnings: [],
      receivedAt: receivedAt.toISOString(),
    }),
  );
  const state = options.state ?? 'acknowledged';
  await ownerDb
    .updateTable('alerts')
    .set({
      state,
      severity: options.severity === undefined ? 'high' : options.severity,
      area_id: options.areaId ?? null,
      acknowledged_at: options.acknowledgedAt !== undefined ? options.acknowledgedAt : state === 'new' ? null : receivedAt,
      verified_at: options.verifiedAt ?? null,
      closed_at: state === 'closed' || state === 'dismissed' ? new Date() : null,
    })
    .where('id', '=', alert.id)
    .execute();
  return { id: alert.id, reference: alert.reference };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeGateway {
  url: string;
  requests: RecordedRequest[];
  /** The answers to give, in order; the last repeats. */
  answers: Array<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records each request and answers from `answers`. */
export async function startFakeGateway(answers: FakeGateway['answers']): Promise<FakeGateway> {
  const gateway: FakeGateway = { url: '', requests: [], answers, close: async () => {} };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      gateway.requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = gateway.answers[Math.min(gateway.requests.length - 1, gateway.answers.length - 1)] ?? { status: 200, body: {} };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gateway.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return gateway;
}
