import type { AppContext } from '../platform/context';

/** Placeholder until the demo generator lands: seeds nothing. */
export async function seedDemoIfEmpty(_ctx: AppContext, _options: { sharedDataDir: string }): Promise<{ banner: string } | null> {
  return null;
}
