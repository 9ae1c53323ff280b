/** What the browser is told with the app page itself: no caching, no referrer, no framing, usable over plain HTTP. */
import assert from 'node:assert/strict';
import { test } from '../harness';

test('the app page: no-store, no referrer, no framing, and no upgrade to HTTPS when Weft serves plain HTTP', async (t) => {
  const page = await t.newPage();
  const response = await page.goto('/sign-in');
  assert.ok(response, 'the app page answered');
  const headers = await response.allHeaders();
  assert.match(headers['cache-control'] ?? '', /no-store/, 'DEV-1: the app page is not cached');
  assert.equal(headers['referrer-policy'], 'no-referrer');
  const csp = headers['content-security-policy'] ?? '';
  assert.match(csp, /frame-ancestors 'none'/, `the app cannot be framed: ${csp}`);
  assert.match(csp, /script-src 'self'/, `scripts only from Weft: ${csp}`);
  // Weft runs here without WEFT_SECURE_COOKIES, i.e. over plain HTTP (a laptop on a field-office
  // network). 'upgrade-insecure-requests' then makes the browser fetch the scripts over HTTPS from
  // any address other than localhost, which fails: a blank page. (127.0.0.1 is exempt, so only
  // the header shows it here.)
  assert.doesNotMatch(csp, /upgrade-insecure-requests/, `plain-HTTP Weft must not send upgrade-insecure-requests: ${csp}`);
  await page.getByTestId('sign-in-form').waitFor();
});
