/** Group commit (REL-1): batching under load, answers per item, a failed batch retried item by item. */
import { describe, expect, it } from 'vitest';
import { createGroupCommit, type ItemOutcome } from './group-commit';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('group commit', () => {
  it('writes a lone item at once and batches what arrives while a batch runs', async () => {
    const batches: number[][] = [];
    const commit = createGroupCommit<number, number>(async (items) => {
      batches.push(items);
      await tick();
      return items.map((i) => ({ ok: true, value: i * 10 }));
    }, { maxItems: 3, maxConcurrentBatches: 1 });
    const answers = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => commit.submit(i)));
    expect(answers).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6, 7]]);
    expect(commit.pending).toBe(0);
  });

  it('answers each item with its own error, the others with their values', async () => {
    const commit = createGroupCommit<number, number>(async (items) => items.map((i): ItemOutcome<number> => (i % 2 === 0 ? { ok: false, error: new Error(`bad ${i}`) } : { ok: true, value: i })), {
      maxItems: 10,
      maxConcurrentBatches: 1,
    });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((i) => commit.submit(i)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([1, 'bad 2', 3, 'bad 4']);
  });

  it('retries each item alone when the whole batch fails, so only the culprit fails', async () => {
    const calls: number[][] = [];
    const commit = createGroupCommit<number, number>(async (items) => {
      calls.push(items);
      if (items.includes(13)) throw new Error('rolled back');
      return items.map((i) => ({ ok: true, value: i }));
    }, { maxItems: 10, maxConcurrentBatches: 1 });
    const first = commit.submit(1);
    const rest = [12, 13, 14].map((i) => commit.submit(i));
    const settled = await Promise.allSettled([first, ...rest]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });

  it('never runs more batches at once than allowed', async () => {
    let running = 0;
    let most = 0;
    const commit = createGroupCommit<number, number>(async (items) => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
      return items.map((i) => ({ ok: true, value: i }));
    }, { maxItems: 2, maxConcurrentBatches: 2 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => commit.submit(i)));
    expect(most).toBe(2);
  });
});
