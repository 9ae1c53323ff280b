/** Loading data for a page: progress, the data, or an error, and a way to load again. */
import { useCallback, useEffect, useState, type DependencyList } from 'react';

export type Load<T> =
  | { status: 'loading'; data: T | undefined; error: null; reload: () => void }
  | { status: 'ready'; data: T; error: null; reload: () => void }
  | { status: 'error'; data: T | undefined; error: unknown; reload: () => void };

export function useLoad<T>(loader: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Load<T> {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ status: 'loading' | 'ready' | 'error'; data: T | undefined; error: unknown }>(
    { status: 'loading', data: undefined, error: null },
  );
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setResult((previous) => ({ status: 'loading', data: previous.data, error: null }));
    loader(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ status: 'ready', data, error: null });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult((previous) => ({ status: 'error', data: previous.data, error }));
      },
    );
    return () => controller.abort();
    // The caller's deps decide when to load again, as with useEffect.
  }, [...deps, attempt]);

  return { ...result, reload } as Load<T>;
}

/** Runs a user action (a submit, a button): busy while it runs, the error if it fails. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await action(...args);
      } catch (caught) {
        setError(caught);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { busy, error, run, setError };
}
