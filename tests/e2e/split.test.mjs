// The split build: the first load carries the shell and Home only; each other
// screen arrives as a chunk when first opened; a chunk that cannot be fetched
// gives a clear Dutch screen with 112, and the app keeps working.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, noViolations, ownAppAndBrowser, screenshot } from './harness.mjs';

/** An area's chunk: its name carries a hash of its content. */
const chunk = (area) => new RegExp(`/split_zicht_${area}-[0-9a-f]{16}\\.wasm$`);

/** No service worker: every chunk comes from the network, where the test can
 * slow or refuse it. */
const withoutServiceWorker = (t) => ownAppAndBrowser(t, { serviceWorkers: 'block' });

test('home loads without any screen chunk; opening a screen fetches its own', async (t) => {
  const { server, page } = await withoutServiceWorker(t);
  const fetched = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(`${server.url}/`);
  await appReady(page);
  // Resource timing tells what the page fetched before the mark exactly.
  const beforeReady = await page.evaluate(() => {
    const ready = performance.getEntriesByName('app:ready')[0].startTime;
    return performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime <= ready)
      .map((entry) => new URL(entry.name).pathname);
  });
  assert.ok(beforeReady.includes('/zicht_bg.wasm'), 'the main module loads');
  assert.deepEqual(beforeReady.filter((p) => /\.wasm$/.test(p) && p !== '/zicht_bg.wasm'), [], 'no chunk before Home is ready');
  // The outbox driver follows once Home is there.
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((entry) => /\/split_zicht_driver-[0-9a-f]{16}\.wasm$/.test(entry.name)),
  );

  // A slow chunk: the previous screen stays, and the shell says a screen loads.
  await page.route(chunk('signals'), async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.locator('.bottom-nav a[href="/signalen"]').click();
  const loading = page.locator('.route-loading');
  await loading.waitFor({ state: 'visible' });
  assert.equal(await loading.innerText(), 'Scherm laden…');
  await page.waitForSelector('#signal-search');
  assert.equal(await loading.isVisible(), false, 'the indicator goes once the screen is there');
  assert.ok(fetched.some((p) => chunk('signals').test(p)), 'the signals chunk was fetched');
  assert.ok(!fetched.some((p) => chunk('training').test(p)), 'training is not fetched for signals');
  // A text from outside the shell (signals.toml) arrived with the chunk.
  assert.ok((await page.locator('#signal-search').getAttribute('placeholder'))?.trim().length > 0);
});

test('a chunk that cannot be fetched shows "kon niet laden" with 112, and the app goes on', async (t) => {
  const { server, page } = await withoutServiceWorker(t);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(chunk('meldroute'), (route) => route.abort('internetdisconnected'));
  await page.goto(`${server.url}/`);
  await appReady(page);

  await page.locator('.bottom-nav a[href="/meldroute"]').click();
  const alert = page.locator('main .load-failed[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.locator('h1').innerText(), /kon niet laden/);
  assert.equal(await alert.locator('a[href="tel:112"]').count(), 1, '112 stays one tap away');
  await noViolations(page, 'load failed');
  await screenshot(page, 'screen-load-failed-390x844');

  // The module did not abort: other screens still open.
  await page.locator('.bottom-nav a[href="/contacten"]').click();
  await page.waitForSelector('main .page.contacts');
  assert.match(await page.locator('main h1').innerText(), /Contacten/);
  assert.deepEqual(errors, []);

  // A failed load is not remembered: opening it again tries again (and fails
  // again while the network is still away).
  await page.locator('.bottom-nav a[href="/meldroute"]').click();
  await alert.waitFor();

  // Back online: "Opnieuw proberen" loads the screen.
  await page.unroute(chunk('meldroute'));
  await alert.getByRole('button', { name: 'Opnieuw proberen' }).click();
  await page.waitForSelector('main .page.meldroute');
  assert.match(await page.locator('main h1').innerText(), /Meldroute/);
  assert.equal(await page.locator('main .load-failed').count(), 0);
  assert.deepEqual(errors, []);
});

test('a screen that opens before the outbox driver arrives still shows the configured endpoint', async (t) => {
  const { server, page } = await withoutServiceWorker(t);
  await page.goto(`${server.url}/`);
  await appReady(page);
  await page.evaluate(() =>
    localStorage.setItem('zicht.endpoint', JSON.stringify({ url: 'http://127.0.0.1:9/meldingen', token: null, label: 'Testmeldpunt' })),
  );
  // Hold the driver back for the whole test.
  await page.route(chunk('driver'), () => {});
  await page.goto(`${server.url}/observaties`);
  await page.waitForSelector('[data-testid="sync-status"]');
  assert.equal(await page.locator('[data-testid="sync-none"]').count(), 0, 'no false "geen meldpunt"');
  assert.match(await page.locator('[data-testid="sync-target"]').innerText(), /Testmeldpunt/);
});
