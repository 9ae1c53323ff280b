/** The offline map: provinces, health zones on demand, selection, attribution, nothing fetched from elsewhere. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PHONE, test } from '../harness';
import { assertNoHorizontalOverflow, demoAccount, eventually, sessionState, visibleText } from '../helpers';

const provincePaths = (page: Page) => page.locator('[data-testid="map-svg"] .area-map__provinces path');
const zonePaths = (page: Page) => page.locator('[data-testid="map-svg"] .area-map__zones path');

/** A point on screen where a real click lands on the largest province (not on a neighbour or a label). */
async function pointInsideLargestProvince(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const paths = Array.from(document.querySelectorAll<SVGPathElement>('[data-testid="map-svg"] .area-map__provinces path'));
    const largest = paths
      .map((path) => ({ path, box: path.getBoundingClientRect() }))
      .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
    if (!largest) return null;
    const { path, box } = largest;
    // Scan a grid over the shape's box, from the centre outwards, for a point the path owns.
    const steps = 15;
    const candidates: Array<{ x: number; y: number; d: number }> = [];
    for (let i = 1; i < steps; i++) {
      for (let j = 1; j < steps; j++) {
        const x = box.left + (box.width * i) / steps;
        const y = box.top + (box.height * j) / steps;
        candidates.push({ x, y, d: Math.hypot(i - steps / 2, j - steps / 2) });
      }
    }
    candidates.sort((a, b) => a.d - b.d);
    const hit = candidates.find(({ x, y }) => document.elementFromPoint(x, y) === path);
    return hit ? { x: hit.x, y: hit.y } : null;
  });
  assert.ok(point, 'found no point inside the largest province that a click would reach');
  return point;
}

test('map: 26 provinces, health zones on demand, a click names the province, attribution, all offline', async (t) => {
  const viewer = demoAccount('viewer');
  const page = await t.newPage({ storageState: await sessionState(t.baseUrl, viewer) });
  // The harness fails the test on any request that leaves 127.0.0.1 (tiles, fonts, analytics).
  await page.goto('/map');
  await page.getByTestId('map-svg').waitFor({ timeout: 20_000 }).catch(async () => {
    assert.fail(`the map did not appear: ${await visibleText(page)}`);
  });
  await eventually(async () => (await provincePaths(page).count()) === 26, `the map shows 26 provinces, not ${await provincePaths(page).count()}`);
  const attribution = await page.getByTestId('map-attribution').innerText();
  assert.match(attribution, /OCHA|OMS|WHO/, `the attribution names the source of the boundaries: ${JSON.stringify(attribution)}`);
  await t.shot(page, 'provinces-desktop');

  // Clicking a province (a real mouse click at a point inside it) shows its name.
  const point = await pointInsideLargestProvince(page);
  await page.mouse.click(point.x, point.y);
  const selected = page.getByTestId('map-selected');
  await selected.waitFor();
  const pressed = page.locator('[data-testid="map-area-list"] button[aria-pressed="true"]').first();
  await pressed.waitFor();
  const listed = (await pressed.locator('span').first().innerText()).trim();
  const panel = await selected.innerText();
  assert.ok(listed.length > 0 && panel.includes(listed), `the selection panel names the clicked province (${listed}): ${panel}`);
  const provinces = await page.evaluate(async () => {
    const response = await fetch('/api/areas/geojson?level=1', { credentials: 'same-origin' });
    const body = (await response.json()) as { features: Array<{ properties: { names?: Record<string, string> } }> };
    return body.features.flatMap((feature) => Object.values(feature.properties.names ?? {}));
  });
  assert.ok(provinces.includes(listed), `${listed} is one of the provinces`);
  await t.shot(page, 'province-selected');

  // Health zones: about 104 more shapes (the eastern provinces' zones imported by the demo).
  const before = await page.locator('[data-testid="map-svg"] path').count();
  await page.getByTestId('map-zones-toggle').check();
  await eventually(async () => (await zonePaths(page).count()) > 0, 'health zones did not appear', 20_000);
  const zones = await zonePaths(page).count();
  assert.ok(zones >= 100 && zones <= 110, `about 104 health zones are drawn, not ${zones}`);
  const after = await page.locator('[data-testid="map-svg"] path').count();
  assert.equal(after - before, zones, 'toggling zones adds one path per zone');
  const withZones = await page.getByTestId('map-attribution').innerText();
  assert.match(withZones, /OMS|WHO/, `with zones, the attribution names WHO/OMS: ${withZones}`);
  t.note(`${zones} health-zone paths; attribution: ${withZones}`);
  await page.getByTestId('map-show-all').click();
  await t.shot(page, 'zones-desktop');

  await page.setViewportSize(PHONE);
  await assertNoHorizontalOverflow(page, 'map at 360 px');
  await t.shot(page, 'zones-phone');

  await page.getByTestId('map-zones-toggle').uncheck();
  await eventually(async () => (await zonePaths(page).count()) === 0, 'unticking hides the health zones');
});
