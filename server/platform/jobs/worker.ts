/** Runs queued jobs in this process, and schedules the platform's recurring housekeeping. */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { purgeExpiredSessions } from '../auth/sessions';
import { claimJobs, completeJob, enqueueJob, failJob, purgeFinishedJobs, releaseStaleJobs } from './queue';

export type JobHandler = (ctx: AppContext, payload: Record<string, unknown>) => Promise<void>;

const handlers = new Map<string, JobHandler>();

/** Modules register their handlers at import time. */
export function registerJobHandler(queue: string, handler: JobHandler): void {
  handlers.set(queue, handler);
}

registerJobHandler('platform.housekeeping', async (ctx) => {
  await purgeExpiredSessions(ctx.db, ctx.sessions);
  await releaseStaleJobs(ctx.db, 15);
  await purgeFinishedJobs(ctx.db, 30);
});

export interface WorkerOptions {
  pollMs?: number;
  batch?: number;
  log?: { error: (obj: object, msg: string) => void };
}

/** Processes one batch; returns how many jobs ran. Exposed for tests and the CLI. */
export async function runDueJobs(ctx: AppContext, workerId: string, batch = 10): Promise<number> {
  const jobs = await claimJobs(ctx.db, [...handlers.keys()], workerId, batch);
  for (const job of jobs) {
    const handler = handlers.get(job.queue);
    try {
      if (!handler) throw new Error(`no handler for queue ${job.queue}`);
      await handler(ctx, job.payload);
      await completeJob(ctx.db, job.id);
    } catch (err) {
      await failJob(ctx.db, job, err instanceof Error ? err.message : String(err));
    }
  }
  return jobs.length;
}

export function startJobWorker(ctx: AppContext, options: WorkerOptions = {}): { stop(): Promise<void> } {
  const workerId = `worker-${randomUUID().slice(0, 8)}`;
  const pollMs = options.pollMs ?? 2000;
  let running = true;
  let current: Promise<unknown> = Promise.resolve();
  let lastHousekeeping = 0;

  const tick = async () => {
    if (Date.now() - lastHousekeeping > 10 * 60_000) {
      lastHousekeeping = Date.now();
      await enqueueJob(ctx.db, 'platform.housekeeping', {}, { uniqueKey: 'housekeeping' });
    }
    while (running && (await runDueJobs(ctx, workerId, options.batch ?? 10)) > 0);
  };
  const loop = async () => {
    while (running) {
      current = tick().catch((err) => options.log?.error({ err }, 'job worker tick failed'));
      await current;
      await new Promise((resolve) => setTimeout(resolve, pollMs).unref());
    }
  };
  void loop();
  return {
    async stop() {
      running = false;
      await current;
    },
  };
}
