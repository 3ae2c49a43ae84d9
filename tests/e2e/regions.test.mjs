// Zicht beyond Den Haag: the region choice (remembered, changes the contacts
// and the route), a pack the deployment serves (used offline), and a broken
// served pack (refused with its message, the previous pack stays).
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, appReady, copyOfDist, noViolations, ownAppAndBrowser, screenshot, swControls } from './harness.mjs';

// A served pack: the national contacts under another id and name, as
// `zicht-content json` writes it (a native test keeps it valid).
const SERVED = readFileSync(join(ROOT, 'tests/e2e/fixtures/regio.json'), 'utf8');
const SERVED_PACK = JSON.parse(SERVED);

/** A copy of the build whose config.json serves `pack` at /regio.json. */
function deployment(t, packText) {
  const dir = copyOfDist();
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ referral_endpoint: null, region_pack: '/regio.json' }));
  writeFileSync(join(dir, 'regio.json'), packText);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function regionOf(page, selector = '.contacts .contact-list') {
  await page.waitForSelector(`${selector}[data-region]`);
  return page.locator(selector).first().getAttribute('data-region');
}

test('the region choice is remembered across reloads and changes contacts and route', async (t) => {
  const { server, page } = await ownAppAndBrowser(t);
  await page.goto(`${server.url}/contacten`);
  await appReady(page);
  // Nobody chose yet: the screen says whose contacts these are.
  const line = page.locator('[data-testid="region-line"]');
  await line.waitFor();
  assert.match(await line.innerText(), /Je ziet de contacten van: Haaglanden \(Den Haag\) — wijzigen/);
  assert.equal(await regionOf(page), 'haaglanden');
  assert.equal(await page.locator('[data-contact="shop-jeugd"]').count(), 1);
  await noViolations(page, 'contacts with the region line');

  await page.locator('[data-testid="region-change"]').click();
  await page.waitForSelector('[data-testid="region-option"]');
  assert.match(page.url(), /\/instellingen#regio$/);
  await page.getByLabel(/Elders in Nederland/).check();
  await page.waitForSelector('[data-testid="region-notice"] .notice-ok');
  assert.match(await page.locator('[data-testid="region-notice"]').innerText(), /Regio gekozen: Elders in Nederland/);
  await page.waitForSelector('[data-testid="region-facts"][data-region="nederland"]');
  assert.equal(await page.locator('[data-testid="region-line"]').count(), 0, 'a chosen region needs no line');
  await page.evaluate(() => document.getElementById('regio').scrollIntoView());
  await screenshot(page, 'region-settings-390x844');
  await noViolations(page, 'settings with the region choice');

  for (let round = 0; round < 2; round += 1) {
    if (round === 1) await page.reload();
    await page.goto(`${server.url}/contacten`);
    await appReady(page);
    assert.equal(await regionOf(page), 'nederland', `round ${round}`);
    assert.equal(await page.locator('[data-testid="region-line"]').count(), 0);
    assert.match(await page.locator('[data-testid="region-chosen"]').innerText(), /Elders in Nederland/);
    assert.match(await page.locator('[data-testid="region-regional-note"]').innerText(), /eigen organisatie of je gemeente/);
    assert.equal(await page.locator('[data-contact="shop-jeugd"]').count(), 0);
    assert.equal(await page.locator('[data-contact="veilig-thuis"] a.button-call').getAttribute('href'), 'tel:08002000');
  }
  await screenshot(page, 'region-contacts-national-390x844');

  // The route: a step naming SHOP Jeugd says to ask the own organisation.
  const walk = 'jongerenwerk:jongerenwerk-gevaar.jongerenwerk-meldcode.mc-1-signalen.mc-2-overleg.mc-2-geen-aandachtsfunctionaris';
  await page.goto(`${server.url}/meldroute?w=${walk}`);
  await appReady(page);
  await page.waitForSelector('.route-step[data-step="mc-2-geen-aandachtsfunctionaris"] .contact-list[data-region="nederland"]');
  assert.equal(await page.locator('.route-step [data-contact="veilig-thuis"]').count(), 1);
  assert.equal(await page.locator('.route-step [data-testid="ask-own"]').count(), 1);
  assert.match(await page.locator('.route-step [data-testid="ask-own"]').innerText(), /Vraag je eigen organisatie of gemeente/);
  await noViolations(page, 'route step with the national pack');

  // Back to Haaglanden: SHOP Jeugd is back in the step.
  await page.goto(`${server.url}/instellingen`);
  await appReady(page);
  await page.getByLabel(/Haaglanden/).check();
  await page.goto(`${server.url}/meldroute?w=${walk}`);
  await appReady(page);
  await page.waitForSelector('.route-step .contact-list[data-region="haaglanden"]');
  assert.equal(await page.locator('.route-step [data-contact="shop-jeugd"]').count(), 1);
  assert.equal(await page.locator('.route-step [data-testid="ask-own"]').count(), 0);
});

test('a pack the deployment serves is checked, preset, shown with its version and used offline', async (t) => {
  const dir = deployment(t, SERVED);
  const { server, page } = await ownAppAndBrowser(t, { dir });
  await page.goto(`${server.url}/instellingen`);
  await appReady(page);
  await swControls(page);
  await page.waitForSelector(`[data-testid="region-facts"][data-region="${SERVED_PACK.id}"]`, { timeout: 20_000 });
  assert.equal(await page.locator('[data-testid="region-version"]').innerText(), SERVED_PACK.version);
  assert.equal(await page.locator('[data-testid="region-checked"]').innerText(), SERVED_PACK.verified_on);
  assert.match(await page.locator('[data-testid="region-origin"]').innerText(), /Van je organisatie \(\/regio\.json\), opgehaald op \d{4}-\d{2}-\d{2}/);
  // Preset by the deployment, not chosen: the line is there, and the badge.
  assert.match(await page.locator('[data-testid="region-line"]').innerText(), new RegExp(`Je ziet de contacten van: ${SERVED_PACK.name.nl}`));
  assert.match(await page.locator('.region-settings').innerText(), /Voorgesteld door je organisatie/);
  assert.equal(await page.locator('[data-testid="region-refused"]').count(), 0);
  await page.evaluate(() => document.getElementById('regio').scrollIntoView());
  await screenshot(page, 'region-served-390x844');

  const origin = server.url;
  await server.stop();
  await page.context().setOffline(true);
  await page.goto(`${origin}/contacten`);
  await appReady(page);
  assert.equal(await regionOf(page), SERVED_PACK.id, 'the served pack is used offline');
  assert.equal(await page.locator('[data-contact="112"] a.button-call').getAttribute('href'), 'tel:112');
  await page.goto(`${origin}/instellingen`);
  await appReady(page);
  await page.waitForSelector(`[data-testid="region-facts"][data-region="${SERVED_PACK.id}"]`);
  // Offline is not a refusal: nothing to complain about.
  await page.waitForTimeout(500);
  assert.equal(await page.locator('[data-testid="region-refused"]').count(), 0);
});

test('a broken served pack is refused with its message and the previous pack stays', async (t) => {
  const dir = deployment(t, SERVED);
  const { server, page } = await ownAppAndBrowser(t, { dir });
  await page.goto(`${server.url}/instellingen`);
  await appReady(page);
  await page.waitForSelector(`[data-testid="region-facts"][data-region="${SERVED_PACK.id}"]`, { timeout: 20_000 });

  // The municipality publishes a new version with a wrong phone number.
  const broken = SERVED.replace('"display": "0900-8844"', '"display": "0900-8845"').replace(SERVED_PACK.version, 'nieuw');
  assert.notEqual(broken, SERVED);
  writeFileSync(join(dir, 'regio.json'), broken);
  const line = broken.split('\n').findIndex((l) => l.includes('"id": "politie"')) + 1;
  await page.reload();
  await appReady(page);
  const refused = page.locator('[data-testid="region-refused"]');
  await refused.waitFor({ timeout: 20_000 });
  const text = await refused.innerText();
  assert.match(text, /Het nieuwe regiopakket van \/regio\.json is niet gebruikt: het bevat 1 fout\(en\)/);
  assert.match(text, new RegExp(`regel ${line}, bij politie: een telefoonnummer klopt niet`));
  assert.match(text, new RegExp(`Je ziet nog het vorige pakket: ${SERVED_PACK.name.nl}, versie ${SERVED_PACK.version}`));
  assert.equal(await page.locator('[data-testid="region-version"]').innerText(), SERVED_PACK.version);
  await page.evaluate(() => document.getElementById('regio').scrollIntoView());
  await screenshot(page, 'region-refused-390x844');
  await noViolations(page, 'settings with a refused pack');

  // Not JSON at all: refused with line and column, still the previous pack.
  writeFileSync(join(dir, 'regio.json'), '{\n  "id": "x",,\n}');
  await page.reload();
  await appReady(page);
  await page.waitForFunction(() => /regel 2, kolom/.test(document.querySelector('[data-testid="region-refused"]')?.textContent || ''), null, { timeout: 20_000 });
  await page.goto(`${server.url}/contacten`);
  await appReady(page);
  assert.equal(await regionOf(page), SERVED_PACK.id);
  assert.equal(await page.locator('[data-contact="politie"] a.button-call').getAttribute('href'), 'tel:09008844');

  // The good pack again: the message goes.
  writeFileSync(join(dir, 'regio.json'), SERVED);
  await page.goto(`${server.url}/instellingen`);
  await appReady(page);
  await page.waitForFunction(() => !document.querySelector('[data-testid="region-refused"]'), null, { timeout: 20_000 });
});
