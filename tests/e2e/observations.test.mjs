// Anonymous observations: recording offline, drafts that survive reloads and
// crashes, the privacy guard, keyboard use, and accessibility of the form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, launchKillable, newProfile, noViolations, openObservationForm, ownAppAndBrowser, removeProfile, pickSignal, recordObservation, screenshot, swControls, withAppAndBrowser } from './harness.mjs';

const env = withAppAndBrowser();

const openForm = (page, query = '') => openObservationForm(page, env.server.url, query);
const recordQuickly = (page, options) => recordObservation(page, env.server.url, options);

async function listedIds(page) {
  await page.goto(`${env.server.url}/observaties`);
  await appReady(page);
  await page.waitForSelector('.observation-list, .observations p:has-text("Nog geen observaties")');
  return page.locator('.observation-card').evaluateAll((cards) => cards.map((c) => c.dataset.observation));
}

test('record offline, reload: the observation is still there', async () => {
  const { page, context } = env.browser;
  await page.goto(`${env.server.url}/`);
  await appReady(page);
  await swControls(page);
  await context.setOffline(true);
  try {
    const id = await recordQuickly(page);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(await page.locator('.saved-notice').innerText(), /Opgeslagen/);
    await screenshot(page, 'observation-saved-390x844');
    await page.reload();
    await appReady(page);
    await page.waitForSelector('.observation-detail dl');
    assert.match(await page.locator('.observation-detail').innerText(), /Schoolverzuim/i);
    assert.ok((await listedIds(page)).includes(id));
    assert.equal(await page.locator('[data-testid="waiting-count"]').first().innerText().then((t) => t.trim().split(/\s/)[0]), String((await listedIds(page)).length));
  } finally {
    await context.setOffline(false);
  }
});

test('a half-typed observation survives a reload', async () => {
  const { page } = env.browser;
  await openForm(page);
  await pickSignal(page, 'geldezel', 'money-in-and-out');
  await page.locator('details.more > summary').click();
  await page.locator('#obs-note').fill('Twee jongens bij de ingang, een van hen had een nieuwe telefoon.');
  await page.waitForSelector('.draft-state:has-text("Concept bewaard")');
  await page.reload();
  await appReady(page);
  await page.waitForSelector('.chips .chip[data-signal="money-in-and-out"]');
  assert.equal(await page.locator('#obs-note').inputValue(), 'Twee jongens bij de ingang, een van hen had een nieuwe telefoon.');
  // Clean up: the draft is kept until saved or discarded.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Concept weggooien' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.chips .chip').length === 0);
});

test('starting from a signal pre-selects it', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/signalen/truancy`);
  await appReady(page);
  await page.getByRole('link', { name: /Leg observatie vast/ }).click();
  await page.waitForSelector('.chips .chip[data-signal="truancy"]');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Concept weggooien' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.chips .chip').length === 0);
});

test('missing answers are explained, and the form passes axe in error and warning states', async () => {
  const { page } = env.browser;
  await openForm(page);
  await noViolations(page, 'empty form');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForSelector('#form-errors');
  const errors = await page.locator('#form-errors').innerText();
  assert.match(errors, /signaal/i);
  assert.match(errors, /bezorgd|zorg/i);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'form-errors', 'focus moves to the errors');
  await noViolations(page, 'form with errors');
  await screenshot(page, 'observation-errors-390x844');

  await page.locator('details.more > summary').click();
  await page.locator('#obs-note').fill('Hij gaf zijn nummer: 06-12345678, en mailde vanaf jan.jansen@example.nl.');
  await page.waitForSelector('.privacy-warning');
  const warning = page.locator('.privacy-warning');
  assert.equal(await warning.getAttribute('data-blocks'), 'true');
  const kinds = await warning.locator('li').evaluateAll((items) => items.map((li) => li.dataset.kind));
  assert.ok(kinds.includes('phone') && kinds.includes('email'), `kinds: ${kinds}`);
  assert.match(await warning.innerText(), /06-12345678/);
  assert.match(await warning.innerText(), /niet opslaan en dus ook niet versturen/);
  await noViolations(page, 'form with privacy warning');
  await screenshot(page, 'observation-privacy-390x844');
  // With a phone number or e-mail address in the note the observation is
  // neither stored as final nor sent: the form says what to remove.
  await pickSignal(page, 'schoolverzuim', 'truancy');
  await page.locator('input[name="worry"][value="twijfel"]').check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForFunction(() => /06-12345678/.test(document.querySelector('#form-errors')?.innerText ?? ''));
  assert.ok(new URL(page.url()).pathname.endsWith('/nieuw'), 'not saved');
  assert.match(await page.locator('#form-errors').innerText(), /Haal .*jan\.jansen@example\.nl.* weg/);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Concept weggooien' }).click();
});

test('recording works with the keyboard only', async () => {
  const { page } = env.browser;
  await openForm(page);
  await page.locator('#signal-search').focus();
  await page.keyboard.type('loverboy');
  await page.waitForSelector('.signal-options input');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.waitForSelector('.chips .chip');
  // Tab on to the first worry option; arrow keys move within the radio group.
  for (let n = 0; n < 40; n += 1) {
    const name = await page.evaluate(() => document.activeElement?.getAttribute('name'));
    if (name === 'worry') break;
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'worry');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement?.value), 'zorgelijk');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.saved-notice');
  assert.match(await page.locator('.observation-detail').innerText(), /Zorgelijk/);
});

test('edit an unsent observation, then delete it after confirming', async () => {
  const { page } = env.browser;
  const id = await recordQuickly(page, { worry: 'twijfel' });
  await page.getByRole('link', { name: 'Aanpassen' }).click();
  await page.waitForSelector('.observation-form button[type="submit"]:not([disabled])');
  await page.locator('input[name="worry"][value="zorgelijk"]').check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForSelector('.saved-notice');
  assert.equal(new URL(page.url()).pathname.split('/').pop(), id, 'editing keeps the id');
  assert.match(await page.locator('.observation-detail').innerText(), /Zorgelijk/);

  let question = '';
  page.once('dialog', (d) => {
    question = d.message();
    d.dismiss();
  });
  await page.getByRole('button', { name: 'Verwijderen' }).click();
  assert.match(question, /Schoolverzuim/i);
  assert.match(question, /nog niet verstuurd/);
  assert.ok((await listedIds(page)).includes(id), 'dismissing keeps it');

  await page.goto(`${env.server.url}/observaties/${id}`);
  await page.waitForSelector('.observation-detail dl');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Verwijderen' }).click();
  await page.waitForURL(`${env.server.url}/observaties`);
  assert.ok(!(await listedIds(page)).includes(id));
});

test('killing the browser right after "Opgeslagen", 20 times, loses nothing', async () => {
  const profile = newProfile();
  const saved = [];
  const rounds = 20;
  try {
    for (let round = 0; round < rounds; round += 1) {
      const b = await launchKillable(profile);
      try {
        const id = await recordQuickly(b.page);
        saved.push(id);
      } finally {
        await b.kill();
      }
    }
    const b = await launchKillable(profile);
    try {
      const stored = await listedIds(b.page);
      const lost = saved.filter((id) => !stored.includes(id));
      console.log(`# SIGKILL after "Opgeslagen": ${rounds} saved, ${lost.length} lost, ${stored.length} stored`);
      assert.deepEqual(lost, []);
    } finally {
      await b.close();
    }
  } finally {
    removeProfile(profile);
  }
});

test('the list and the settings show what waits, and "wis alles" names the count first', async () => {
  const { page } = env.browser;
  const ids = await listedIds(page);
  assert.ok(ids.length > 0);
  await page.goto(`${env.server.url}/instellingen`);
  await appReady(page);
  await page.waitForSelector('[data-testid="storage-persistent"]');
  assert.match(await page.locator('[data-testid="storage-waiting"]').innerText(), new RegExp(`${ids.length}`));
  await noViolations(page, 'settings with storage');
  await screenshot(page, 'settings-storage-390x844');

  await listedIds(page);
  await noViolations(page, 'observation list');
  await screenshot(page, 'observations-list-390x844');
  let question = '';
  page.once('dialog', (d) => {
    question = d.message();
    d.accept();
  });
  await page.getByRole('button', { name: 'Wis alles' }).click();
  assert.match(question, new RegExp(`aantal observaties: ${ids.length}\\)`));
  await page.waitForSelector('.notice:has-text("gewist")');
  assert.deepEqual(await listedIds(page), []);
});

test('a full device gives a clear Dutch message and loses nothing', async () => {
  const { page, context } = env.browser;
  const before = (await listedIds(page)).length;
  const cdp = await context.newCDPSession(page);
  const origin = new URL(env.server.url).origin;
  // Chromium's own quota override: the origin may store nothing more.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  try {
    await page.reload();
    await appReady(page);
    // The override reaches the storage backend asynchronously: wait (bounded)
    // until a probe write is refused, so the app's write meets the same wall.
    let refused = false;
    for (let attempt = 0; attempt < 50 && !refused; attempt += 1) {
      refused = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const open = indexedDB.open('zicht-quota-probe', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('s');
            open.onerror = () => resolve(false);
            open.onsuccess = () => {
              const tx = open.result.transaction('s', 'readwrite');
              tx.objectStore('s').put('x'.repeat(4096), 'k');
              tx.oncomplete = () => {
                open.result.close();
                resolve(false);
              };
              tx.onabort = () => {
                open.result.close();
                resolve(tx.error?.name === 'QuotaExceededError');
              };
            };
          }),
      );
      if (!refused) await page.waitForTimeout(100);
    }
    assert.ok(refused, 'the quota override took effect');
    await openForm(page);
    await pickSignal(page, 'schoolverzuim', 'truancy');
    await page.locator('input[name="worry"][value="twijfel"]').check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const error = page.locator('.notice-error[role="alert"]').first();
    await error.waitFor();
    assert.match(await error.innerText(), /opslagruimte/i);
    assert.ok(new URL(page.url()).pathname.endsWith('/nieuw'), 'the form stays open');
    await page.waitForFunction(() => document.activeElement?.classList.contains('notice-error'));
    const box = await error.boundingBox();
    const saveBar = await page.locator('.save-bar').boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= saveBar.y, `the message is in view above the save button (${box.y}..${box.y + box.height}, bar at ${saveBar.y})`);
    assert.equal(await page.locator('.chips .chip[data-signal="truancy"]').count(), 1, 'what was filled in stays');
    await noViolations(page, 'form with a storage error');
    await screenshot(page, 'observation-quota-390x844');
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  }
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForSelector('.saved-notice');
  assert.equal((await listedIds(page)).length, before + 1, 'saved once space is back, nothing half-written');
});

test('a browser that refuses IndexedDB (private window): a clear warning, and recording still works for this visit', async (t) => {
  const { server, browser, page } = await ownAppAndBrowser(t);
  // As some private windows do: opening a database throws.
  await browser.context.addInitScript(() => {
    IDBFactory.prototype.open = function open() {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  const warning = page.locator('.notice-error[role="alert"]');
  const id = await recordObservation(page, server.url);
  assert.match(await page.locator('.saved-notice').innerText(), /Opgeslagen/);

  // Within the app (no page load), the memory store still holds it.
  await page.locator('.bottom-nav a[href="/observaties"]').click();
  await page.waitForSelector(`.observation-card[data-observation="${id}"]`);
  await warning.waitFor();
  assert.match(await warning.innerText(), /staat opslag niet toe/);
  assert.match(await warning.innerText(), /gewoon venster/);
  assert.equal(await page.locator(`.observation-card[data-observation="${id}"]`).count(), 1, 'kept while the page is open');
  assert.equal(await page.locator('.result-count').innerText(), '1 observatie, waarvan 1 nog niet verstuurd');
  await noViolations(page, 'storage unavailable');
  await screenshot(page, 'observations-no-storage-390x844');

  // What the warning says: nothing lasts beyond this page.
  await page.reload();
  await appReady(page);
  await warning.waitFor();
  assert.equal(await page.locator('.observation-card').count(), 0);
});
