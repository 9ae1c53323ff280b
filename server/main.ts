/** Starts the HTTP server: open the runtime, seed demo data on an empty database, listen. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, LOG_REDACT } from './app';
import type { Config } from './config';
import { seedDemoIfEmpty } from './demo/seed';
import { startJobWorker } from './platform/jobs/worker';
import { openRuntime } from './runtime';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

export async function startServer(config: Config): Promise<{ url: string; stop: () => Promise<void> }> {
  const runtime = await openRuntime(config);
  const { ctx } = runtime;
  if (config.WEFT_DEMO) {
    const seeded = await seedDemoIfEmpty(ctx, { sharedDataDir: path.resolve(config.WEFT_SHARED_DATA_DIR) });
    if (seeded) console.log(seeded.banner);
  }
  const app = await buildApp(ctx, {
    logger: { level: config.LOG_LEVEL, redact: LOG_REDACT },
    webDir: WEB_DIR,
  });
  const worker = startJobWorker(ctx, { log: app.log });
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  app.log.info({ database: ctx.databaseKind, url }, 'Weft is ready');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop accepting, let in-flight requests finish, then stop jobs and close the database.
      await app.close();
      await worker.stop();
      await runtime.close();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      stop().then(
        () => process.exit(0),
        (err) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  }
  return { url, stop };
}
