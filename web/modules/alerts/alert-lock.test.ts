/** The lock's release as the tab closes: a keepalive DELETE with the session's CSRF header. */
import { describe, expect, it } from 'vitest';
import { releaseLockOnExit } from './alert-lock';

const ALERT_ID = '00000000-0000-4000-8000-0000000000a1';

describe('releaseLockOnExit', () => {
  it('sends a DELETE that outlives the page, with the CSRF header the server requires of a change', () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const send = ((url: string, init: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve(new Response(null, { status: 204 }));
    }) as typeof fetch;
    releaseLockOnExit(ALERT_ID, 'csrf-token-1', send);
    expect(calls).toEqual([
      {
        url: `/api/alerts/${ALERT_ID}/lock`,
        init: expect.objectContaining({ method: 'DELETE', keepalive: true, credentials: 'same-origin', headers: { Accept: 'application/json', 'X-CSRF-Token': 'csrf-token-1' } }),
      },
    ]);
  });

  it('never throws while the page is leaving, whatever the network does', async () => {
    const refusing = (() => Promise.reject(new TypeError('network'))) as typeof fetch;
    const throwing = (() => {
      throw new TypeError('keepalive unsupported');
    }) as typeof fetch;
    expect(() => releaseLockOnExit(ALERT_ID, null, refusing)).not.toThrow();
    expect(() => releaseLockOnExit(ALERT_ID, null, throwing)).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});
