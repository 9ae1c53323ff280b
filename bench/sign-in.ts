/**
 * Sign-in throughput with Argon2id at the configured parameters (WEFT_ARGON2_MEMORY_KIB,
 * WEFT_ARGON2_PASSES; defaults 19 MiB, 2 passes): bare verifications per second, then full
 * HTTP sign-ins (rate limits lifted by using a distinct client address per request).
 * Run: npx tsx bench/sign-in.ts
 */
import { buildApp } from '../server/app';
import { createPasswordHasher } from '../server/platform/auth/passwords';
import { buildOrganisation, buildUser } from '../server/test/factories';
import { fmt, openBenchTarget, percentile } from './support/database';

const memoryKib = Number(process.env.WEFT_ARGON2_MEMORY_KIB ?? 19456);
const passes = Number(process.env.WEFT_ARGON2_PASSES ?? 2);
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 200);

const hasher = createPasswordHasher({ memoryKib, passes });
const stored = await hasher.hash('a fictional passphrase for benchmarking');
for (const concurrency of [1, 4]) {
  const count = 40;
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await hasher.verify(stored, 'a fictional passphrase for benchmarking');
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  console.log(`argon2id m=${memoryKib}KiB t=${passes}: ${fmt(count / seconds)} verifications/s at concurrency ${concurrency} (${fmt((seconds / count) * 1000 * concurrency)} ms each)`);
}

const target = await openBenchTarget('pglite', { WEFT_ARGON2_MEMORY_KIB: String(memoryKib), WEFT_ARGON2_PASSES: String(passes) });
const { ctx } = target.runtime;
const app = await buildApp(ctx);
await app.ready();
const organisation = await buildOrganisation(ctx);
const user = await buildUser(ctx, { role: 'viewer', organisationId: organisation.id });
const latencies: number[] = [];
const start = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (next < SIGN_INS) {
      const i = next++;
      const t0 = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: user.password },
        remoteAddress: `10.9.${Math.floor(i / 250)}.${i % 250}`,
      });
      if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
      latencies.push(performance.now() - t0);
    }
  }),
);
latencies.sort((a, b) => a - b);
const seconds = (performance.now() - start) / 1000;
console.log(`full sign-in (HTTP, Argon2id, session, audit, notice) on pglite: ${fmt(SIGN_INS / seconds)} sign-ins/s, p50 ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms`);
await app.close();
await target.close();
