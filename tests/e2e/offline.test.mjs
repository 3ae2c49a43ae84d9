// Offline after the first visit, and updates that wait for the user.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, appReady, copyOfDist, ownAppAndBrowser, screenshot, swControls } from './harness.mjs';

test('after the first visit the app and a deep link load with the server stopped', async (t) => {
  const { server, page } = await ownAppAndBrowser(t);
  await page.goto(`${server.url}/`);
  await appReady(page);
  await swControls(page);
  const origin = server.url;
  await server.stop();

  await page.reload();
  await appReady(page);
  assert.ok(await page.locator('main h1').isVisible());

  for (const path of ['/meldroute', '/contacten', '/instellingen']) {
    await page.goto(origin + path);
    await appReady(page);
    assert.ok((await page.locator('main h1').innerText()).length > 0, `${path} offline`);
  }
  await page.context().setOffline(true);
  await page.evaluate(() => window.dispatchEvent(new Event('offline')));
  await page.waitForSelector('.net-status.is-offline');
  await screenshot(page, 'offline-settings-390x844');
});

test('a new deployment shows the update prompt, and reloading shows the new version', async (t) => {
  const dir = copyOfDist();
  const { server, page } = await ownAppAndBrowser(t, { dir });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await page.goto(`${server.url}/instellingen`);
  await appReady(page);
  await swControls(page);
  const version = () => page.locator('[data-testid="build-version"]').innerText();
  await page.waitForFunction(() => /^[0-9a-f]{12}$/.test(document.querySelector('[data-testid="build-version"]')?.textContent || ''));
  const oldVersion = await version();
  assert.equal(oldVersion, JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')).version);

  // Deploy: change a file and run the post-build step again, as Trunk would.
  appendFileSync(join(dir, 'main.css'), '\n/* new deployment */\n');
  copyFileSync(join(ROOT, 'public/sw.js'), join(dir, 'sw.js'));
  execFileSync('node', [join(ROOT, 'scripts/post-build.mjs'), dir]);
  const newVersion = JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')).version;
  assert.notEqual(newVersion, oldVersion);

  // The running page keeps its code until the user agrees.
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  const prompt = page.locator('.update-prompt');
  await prompt.waitFor({ timeout: 30_000 });
  assert.match(await prompt.innerText(), /Nieuwe versie beschikbaar/);
  assert.equal(await version(), oldVersion);
  await screenshot(page, 'update-prompt-390x844');

  await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), prompt.locator('button.button-primary').click()]);
  await appReady(page);
  await page.waitForFunction(
    (v) => document.querySelector('[data-testid="build-version"]')?.textContent === v,
    newVersion,
    { timeout: 15_000 },
  );
  assert.equal(await page.locator('.update-prompt').count(), 0);
  const caches = await page.evaluate(() => caches.keys());
  assert.deepEqual(caches, [`zicht-${newVersion}`], 'old caches are removed on activation');
});
