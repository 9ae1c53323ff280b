/**
 * A job queue kept in PostgreSQL, so background work survives restarts. Workers claim jobs
 * with FOR UPDATE SKIP LOCKED: many processes can work one queue without taking a job twice.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { Job } from '../../db/schema';

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /** At most one pending or running job per queue with this key. */
  uniqueKey?: string;
}

/** Adds a job in the caller's transaction, so it exists only if the change commits. */
export async function enqueueJob(ex: Executor, queue: string, payload: Record<string, unknown> = {}, options: EnqueueOptions = {}): Promise<number | null> {
  const row = await ex
    .insertInto('jobs')
    .values({
      queue,
      payload: JSON.stringify(payload),
      run_at: options.runAt ?? new Date(),
      max_attempts: options.maxAttempts ?? 5,
      unique_key: options.uniqueKey ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['queue', 'unique_key']).where('unique_key', 'is not', null).where('status', 'in', ['pending', 'running']).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function claimJobs(ex: Executor, queues: string[], workerId: string, limit: number): Promise<Job[]> {
  if (queues.length === 0) return [];
  const { rows } = await sql<Job>`
    update jobs set status = 'running', locked_at = now(), locked_by = ${workerId}, attempts = attempts + 1
    where id in (
      select id from jobs
      where status = 'pending' and run_at <= now() and queue in (${sql.join(queues)})
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    returning *`.execute(ex);
  return rows;
}

export async function completeJob(ex: Executor, id: number): Promise<void> {
  await ex.updateTable('jobs').set({ status: 'done', finished_at: new Date(), locked_at: null, locked_by: null }).where('id', '=', id).execute();
}

/** Retries with exponential backoff until max_attempts, then marks the job failed. */
export async function failJob(ex: Executor, job: Job, error: string): Promise<void> {
  const exhausted = job.attempts >= job.max_attempts;
  const delaySeconds = Math.min(2 ** job.attempts * 5, 3600);
  await ex
    .updateTable('jobs')
    .set({
      status: exhausted ? 'failed' : 'pending',
      last_error: error.slice(0, 2000),
      run_at: exhausted ? job.run_at : new Date(Date.now() + delaySeconds * 1000),
      finished_at: exhausted ? new Date() : null,
      locked_at: null,
      locked_by: null,
    })
    .where('id', '=', job.id)
    .execute();
}

/** Jobs left running by a process that died go back to the queue. */
export async function releaseStaleJobs(ex: Executor, olderThanMinutes: number): Promise<number> {
  const result = await ex
    .updateTable('jobs')
    .set({ status: 'pending', locked_at: null, locked_by: null })
    .where('status', '=', 'running')
    .where('locked_at', '<', new Date(Date.now() - olderThanMinutes * 60_000))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Old finished jobs are deleted so the table stays small. */
export async function purgeFinishedJobs(ex: Executor, olderThanDays: number): Promise<number> {
  const result = await ex
    .deleteFrom('jobs')
    .where('status', 'in', ['done', 'failed'])
    .where('finished_at', '<', new Date(Date.now() - olderThanDays * 86_400_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
