/**
 * Where one alert's time goes, for the intake benchmark's diagnosis: BENCH_ANATOMY_ALERTS
 * alerts of each kind sent one at a time (no contention between requests) through a second
 * app whose database handle logs every statement. Prints, per kind, the statements and
 * transactions per alert, the database time per alert against the whole request's, the CPU
 * the Weft process spent per alert, and the statements that took the most time.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { buildRequest, type ClientJob, type IntakeKind } from './client';
import { capturingDb, ms, summarise, table, type AlertsTarget } from './support';

const COUNT = Number(process.env.BENCH_ANATOMY_ALERTS ?? 100);

/** A statement's shape: parameters are already placeholders; long IN lists folded. */
const shape = (text: string) => text.replace(/\(\$\d+(, \$\d+)+\)/g, '($n, …)').replace(/\s+/g, ' ').slice(0, 150);

export async function anatomy(target: AlertsTarget, spec: Omit<ClientJob, 'id' | 'kinds' | 'count' | 'mode' | 'concurrency' | 'ratePerSecond' | 'tag'>, kinds: readonly IntakeKind[]): Promise<string> {
  let statements = new Map<string, { count: number; ms: number }>();
  const capture = capturingDb(target, (event) => {
    const key = shape(event.query.sql);
    const seen = statements.get(key) ?? { count: 0, ms: 0 };
    seen.count += 1;
    seen.ms += event.queryDurationMillis;
    statements.set(key, seen);
  });
  let app: FastifyInstance | null = null;
  const out: string[] = [];
  try {
    app = await buildApp({ ...target.runtime.ctx, db: capture.db });
    await app.ready();
    const base = 'http://localhost:80';
    for (const kind of kinds) {
      const job: ClientJob = { ...spec, base, id: 0, kinds: [kind], count: COUNT, mode: 'closed', concurrency: 1, ratePerSecond: 0, tag: `anatomy${Date.now().toString(36)}` };
      const send = (i: number) => {
        const r = buildRequest(job, i);
        return app!.inject({ method: 'POST', url: r.path, headers: r.headers, payload: r.body, ...(r.localAddress ? { remoteAddress: r.localAddress } : {}) });
      };
      for (let i = 0; i < 20; i++) await send(COUNT + i); // warm-up
      statements = new Map();
      const latencies: number[] = [];
      const cpu = process.cpuUsage();
      for (let i = 0; i < COUNT; i++) {
        const started = performance.now();
        const res = await send(i);
        latencies.push(performance.now() - started);
        if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`anatomy ${kind}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      }
      const used = process.cpuUsage(cpu);
      const perAlert = (n: number) => n / COUNT;
      const all = [...statements.entries()].sort((a, b) => b[1].ms - a[1].ms);
      const dbMs = all.reduce((s, [, v]) => s + v.ms, 0);
      const count = all.reduce((s, [, v]) => s + v.count, 0);
      const begins = all.filter(([k]) => /^begin/i.test(k)).reduce((s, [, v]) => s + v.count, 0);
      const lat = summarise(latencies);
      out.push(
        `${kind}, ${COUNT} alerts one at a time: request p50 ${ms(lat.p50)} ms (p95 ${ms(lat.p95)}); per alert ${perAlert(count).toFixed(1)} statements in ${perAlert(begins).toFixed(1)} transactions, ` +
          `${ms(perAlert(dbMs))} ms waiting on the database, ${ms((used.user + used.system) / 1000 / COUNT)} ms CPU in the Weft process (statement log included)`,
      );
      const rows = [['statement', 'per alert', 'ms per alert']];
      for (const [k, v] of all.slice(0, 12)) rows.push([k, perAlert(v.count).toFixed(2), ms(perAlert(v.ms))]);
      out.push(table(rows).split('\n').map((l) => `    ${l}`).join('\n'));
    }
  } finally {
    await app?.close();
    await capture.close();
  }
  return out.join('\n');
}
