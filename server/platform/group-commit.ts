/**
 * Group commit: many concurrent requests' writes in one transaction, each request answered
 * only after that transaction commits (REL-1: nothing is acknowledged before it is durable).
 *
 * No timer: an item starts a batch at once when fewer than `maxConcurrentBatches` are
 * running, so a lone request waits for nothing; under load, items queue while batches run and
 * the next batch takes them all (up to `maxItems`). That is where the rate comes from: one
 * transaction, a few multi-row statements and one commit for a whole election-day burst.
 *
 * The writer answers each item with a value or a domain error of its own (one bad item does
 * not fail the others). If the whole batch fails (a deadlock, a constraint nobody foresaw),
 * every item is retried alone, so an item fails only for its own reasons.
 */

export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** Items one batch may take. */
  maxItems: number;
  /** Batches in flight at once (each holds one database connection). */
  maxConcurrentBatches: number;
}

export interface GroupCommit<I, R> {
  submit(item: I): Promise<R>;
  /** Items waiting and batches running, for tests and diagnostics. */
  readonly pending: number;
}

interface Waiting<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommit<I, R>(write: (items: I[]) => Promise<ItemOutcome<R>[]>, options: GroupCommitOptions): GroupCommit<I, R> {
  const queue: Waiting<I, R>[] = [];
  let running = 0;

  const settle = (waiting: Waiting<I, R>, outcome: ItemOutcome<R> | undefined) => {
    if (outcome === undefined) waiting.reject(new Error('The batch writer gave no outcome for an item.'));
    else if (outcome.ok) waiting.resolve(outcome.value);
    else waiting.reject(outcome.error);
  };

  async function runBatch(batch: Waiting<I, R>[]): Promise<void> {
    try {
      const outcomes = await write(batch.map((w) => w.item));
      batch.forEach((waiting, i) => settle(waiting, outcomes[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // The batch's transaction rolled back: nothing of it was written. Alone, each item
      // succeeds or fails for its own reasons.
      for (const waiting of batch) {
        try {
          settle(waiting, (await write([waiting.item]))[0]);
        } catch (alone) {
          waiting.reject(alone);
        }
      }
    }
  }

  function pump(): void {
    while (running < options.maxConcurrentBatches && queue.length > 0) {
      const batch = queue.splice(0, options.maxItems);
      running += 1;
      void runBatch(batch).finally(() => {
        running -= 1;
        pump();
      });
    }
  }

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
    get pending() {
      return queue.length + running;
    },
  };
}
