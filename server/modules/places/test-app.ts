/**
 * A test app that includes the places routes whether or not app.ts registers them yet,
 * so these tests pass before and after placeRoutes joins MODULES.
 */
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp, MODULES } from '../../app';
import type { AppContext } from '../../platform/context';
import { createTestRuntime, type TestApp, type TestRuntime } from '../../test/runtime';
import { placeRoutes } from './routes';

/** Another app on the same runtime: its own rate-limit counters, the same database. */
export async function buildPlacesApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = await buildApp(ctx);
  if (!(MODULES as unknown[]).includes(placeRoutes)) await app.register(placeRoutes, { ctx });
  await app.ready();
  return app;
}

export async function createPlacesTestApp(): Promise<TestApp> {
  const runtime = await createTestRuntime();
  const app = await buildPlacesApp(runtime.ctx);
  return {
    ...runtime,
    app,
    close: async () => {
      await app.close();
      await closeTestRuntime(runtime);
    },
  };
}

/**
 * Closes a test runtime without the teardown race of server/test/runtime.ts on PostgreSQL:
 * pg's pool.end() resolves before the server has seen every connection leave, and the
 * forced drop that follows kills a closing client whose error nobody listens to (an
 * "unhandled error" that fails the run). Waits for the connections to go first.
 * Remove once runtime.ts does the same.
 */
export async function closeTestRuntime(runtime: TestRuntime): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  const testUrl = runtime.config.DATABASE_URL;
  if (adminUrl && testUrl) {
    await runtime.ctx.db.destroy(); // idempotent: runtime.close() destroys it again harmlessly
    const name = new URL(testUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      for (let i = 0; i < 100; i++) {
        const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await admin.end();
    }
  }
  await runtime.close();
}
