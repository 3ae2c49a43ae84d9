// The receiving organisation's screen (/ontvangen) against a real
// zicht-endpoint on 127.0.0.1 that announces the organisation's key:
// 200 observations sealed by zicht-core (crates/zicht-core/examples/
// receiver_fixture.rs) are posted through the endpoint's API, plus one whose
// ciphertext was changed. The screen must list, filter and count them as the
// plaintext says, name the tampered one and a wrong key, talk to nobody but
// the endpoint and never keep or send the private key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { appReady, cspViolations, launch, noViolations, screenshot, startServer } from './harness.mjs';
import { READER, buildEndpoint, connect, fixture, keyLine, seed, startEndpoint } from './receiver-helpers.mjs';

const COUNT = 200;

const count = async (page) => (await page.locator('[data-testid="rcv-count"]').textContent()).trim();
const tableRows = (page, chart) =>
  page.locator(`[data-testid="${chart}"] tbody tr`).evaluateAll((rows) =>
    rows.map((r) => [r.dataset.key, Number(r.cells[1].textContent), Number(r.cells[2].textContent)]),
  );

let server;
let endpoint;
let data;
let tamperedId;
// Building the endpoint and the fixture can take minutes on a cold target/.
before({ timeout: 1_200_000 }, async () => {
  buildEndpoint();
  // One more than COUNT: the last one's ciphertext is changed on the way
  // (one character, still valid base64url), as a broken disk or a meddling
  // host would.
  data = fixture(COUNT + 1);
  const last = data.items.pop();
  const tampered = { ...last.sealed };
  const at = Math.floor(tampered.ciphertext.length / 2);
  const c = tampered.ciphertext[at];
  tampered.ciphertext = tampered.ciphertext.slice(0, at) + (c === 'A' ? 'B' : 'A') + tampered.ciphertext.slice(at + 1);
  tamperedId = tampered.id;
  server = await startServer();
  endpoint = await startEndpoint(server.url, { publicKey: data.public_key, keyId: data.key_id });
  await seed(endpoint.url, [...data.items.map((i) => i.sealed), tampered]);
});
after(async () => {
  await endpoint?.stop();
  await server?.stop();
});

/** What the screen must show, computed from the plaintext. */
function expected(observations) {
  const acute = observations.filter((o) => o.worry === 'acuut').length;
  const months = {};
  for (const o of observations) {
    const m = o.observed_on.slice(0, 7);
    months[m] = months[m] || [0, 0];
    months[m][0] += 1;
    if (o.worry === 'acuut') months[m][1] += 1;
  }
  const forms = {};
  for (const o of observations) {
    for (const f of o.forms) {
      forms[f] = forms[f] || [0, 0];
      forms[f][0] += 1;
      if (o.worry === 'acuut') forms[f][1] += 1;
    }
  }
  return { total: observations.length, acute, months, forms };
}

test('200 sealed observations: listed, filtered and counted; tampered and wrong key named; the key stays in memory', async () => {
  const browser = await launch({ viewport: { width: 1366, height: 768 } });
  const requests = [];
  browser.context.on('request', (r) => requests.push({ url: r.url(), headers: r.headers(), body: r.postData() || '' }));
  try {
    const { page } = browser;
    // Reachable from the settings, not from the bottom navigation.
    await page.goto(`${server.url}/instellingen`);
    await appReady(page);
    assert.equal(await page.locator('.bottom-nav a[href="/ontvangen"]').count(), 0);
    await page.locator('[data-testid="receive-link"]').click();
    await page.waitForSelector('#rcv-url');
    await page.waitForSelector('[data-testid="rcv-key-memory"]');

    // A wrong key: every observation names the key it was sealed to.
    await connect(page, endpoint.url, data.other_key_file);
    const failedWrong = await page.locator('[data-testid="rcv-failed"]').count();
    assert.equal(failedWrong, COUNT + 1);
    assert.match(await page.locator('[data-testid="rcv-failed"]').first().textContent(), new RegExp(`sleutel ${data.key_id}`));
    assert.match(await page.locator('[data-testid="rcv-key-mismatch"]').textContent(), new RegExp(data.key_id));
    assert.equal(await page.locator('[data-testid="rcv-card"]').count(), 0);

    // The right key, loaded again after forgetting the wrong one.
    await page.getByRole('button', { name: /Sleutel vergeten|Forget key/ }).click();
    await page.waitForSelector('[data-testid="rcv-key-forgotten"]');
    await connect(page, endpoint.url, data.key_file);
    assert.match(
      await page.locator('[data-testid="rcv-progress"]').textContent(),
      new RegExp(`${COUNT + 1} opgehaald: ${COUNT} geopend, 1 niet te openen`),
    );
    const failed = page.locator('[data-testid="rcv-failed"]');
    assert.equal(await failed.count(), 1);
    assert.equal(await failed.getAttribute('data-id'), tamperedId);
    assert.match(await failed.textContent(), /Beschadigd of veranderd/);

    const observations = data.items.map((i) => i.observation);
    const want = expected(observations);
    assert.equal(await count(page), `${COUNT} van ${COUNT} geopende observaties`);
    assert.match(
      await page.locator('[data-testid="rcv-picture-totals"]').textContent(),
      new RegExp(`^${want.total} observaties bij deze filters, waarvan ${want.acute} acuut`),
    );
    const months = await tableRows(page, 'rcv-chart-month');
    for (const [m, [total, acute]] of Object.entries(want.months)) {
      assert.deepEqual(months.find((r) => r[0] === m), [m, total, acute], `month ${m}`);
    }
    assert.equal(months.reduce((s, r) => s + r[1], 0), COUNT);
    const forms = await tableRows(page, 'rcv-chart-form');
    for (const [f, [total, acute]] of Object.entries(want.forms)) {
      assert.deepEqual(forms.find((r) => r[0] === f), [f, total, acute], `form ${f}`);
    }

    // Newest first: the first card is the latest observed day.
    // The same total order as the screen: day observed, moment recorded, id; all descending.
    const key = (o) => `${o.observed_on}|${o.recorded_at}|${o.id}`;
    const newest = [...observations].sort((a, b) => (key(a) < key(b) ? 1 : -1))[0];
    assert.equal(await page.locator('[data-testid="rcv-card"]').first().getAttribute('data-id'), newest.id);
    // 50 cards, then "show more".
    assert.equal(await page.locator('[data-testid="rcv-card"]').count(), 50);

    const withPostcode = observations.find((o) => o.note.includes('2512 AB'));
    assert.ok(withPostcode, 'the fixture has a note with a postcode');

    // Filters: worry, form, period, category; the picture follows the filter.
    await page.locator('#rcv-worry-acuut').check();
    assert.equal(await count(page), `${want.acute} van ${COUNT} geopende observaties`);
    const acuteOnly = expected(observations.filter((o) => o.worry === 'acuut'));
    const acuteForms = await tableRows(page, 'rcv-chart-form');
    for (const [f, [total, acute]] of Object.entries(acuteOnly.forms)) {
      assert.deepEqual(acuteForms.find((r) => r[0] === f), [f, total, acute]);
    }
    await page.locator('[data-testid="rcv-filter-clear"]').click();
    const form = observations.find((o) => o.forms.length).forms[0];
    await page.locator('[data-testid="rcv-filter-form"]').selectOption(form);
    assert.equal(await count(page), `${observations.filter((o) => o.forms.includes(form)).length} van ${COUNT} geopende observaties`);
    await page.locator('[data-testid="rcv-filter-clear"]').click();
    await page.locator('[data-testid="rcv-filter-from"]').fill('2026-03-01');
    await page.locator('[data-testid="rcv-filter-to"]').fill('2026-05-31');
    const inPeriod = observations.filter((o) => o.observed_on >= '2026-03-01' && o.observed_on <= '2026-05-31');
    assert.equal(await count(page), `${inPeriod.length} van ${COUNT} geopende observaties`);
    await page.locator('[data-testid="rcv-filter-clear"]').click();
    const category = data.signal_categories[observations[0].signals[0]];
    await page.locator('[data-testid="rcv-filter-category"]').selectOption(category);
    const inCategory = observations.filter((o) => o.signals.some((s) => data.signal_categories[s] === category));
    assert.equal(await count(page), `${inCategory.length} van ${COUNT} geopende observaties`);
    const categoryRow = (await tableRows(page, 'rcv-chart-category')).find((r) => r[0] === category);
    assert.equal(categoryRow[1], inCategory.length);
    await page.locator('[data-testid="rcv-filter-area"]').selectOption('den-haag');
    assert.equal(await count(page), `${inCategory.length} van ${COUNT} geopende observaties`);
    await page.locator('[data-testid="rcv-filter-clear"]').click();

    // Marks by keyboard: Space on "Gezien" of the first card, then the "not seen" filter.
    const first = page.locator('[data-testid="rcv-card"]').first();
    const firstId = await first.getAttribute('data-id');
    await first.locator('[data-testid="rcv-mark-seen"]').focus();
    await page.keyboard.press('Space');
    assert.equal(await first.locator('[data-testid="rcv-mark-seen"]').isChecked(), true);
    await page.locator('[data-testid="rcv-filter-marks"]').selectOption('unseen');
    assert.equal(await count(page), `${COUNT - 1} van ${COUNT} geopende observaties`);
    assert.equal(await page.locator(`[data-testid="rcv-card"][data-id="${firstId}"]`).count(), 0);

    // CSV of the filtered set.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="rcv-export"]').click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    assert.equal(lines.length, COUNT - 1 + 1, 'header plus one line per filtered observation');
    assert.ok(!csv.includes(firstId), 'the seen one is filtered out');
    assert.ok(lines[0].startsWith('id,observed_on,'));
    await page.locator('[data-testid="rcv-filter-clear"]').click();

    // The privacy guard's finding is marked in a note that holds a postcode.
    await page.locator('[data-testid="rcv-filter-from"]').fill(withPostcode.observed_on);
    await page.locator('[data-testid="rcv-filter-to"]').fill(withPostcode.observed_on);
    const card = page.locator(`[data-testid="rcv-card"][data-id="${withPostcode.id}"]`);
    await card.waitFor();
    assert.match(await card.locator('mark.rcv-mark').textContent(), /2512 AB/);
    assert.equal(await card.locator('[data-testid="rcv-finding"]').count(), 1);
    await page.locator('[data-testid="rcv-filter-clear"]').click();

    await screenshot(page, 'receiver-1366');
    await noViolations(page, '/ontvangen at 1366x768 with 200 observations');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 1366 px (${overflow} px)`);
    await page.setViewportSize({ width: 768, height: 1024 });
    const tabletOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(tabletOverflow <= 0, `no horizontal scrolling on a tablet (${tabletOverflow} px)`);
    await screenshot(page, 'receiver-tablet');
    await noViolations(page, '/ontvangen on a tablet');
    assert.deepEqual(await cspViolations(page), []);

    // Marks stay on this device; the key does not.
    const line = keyLine(data.key_file);
    const stored = await page.evaluate(async () => {
      const local = Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`).join('\n');
      const dbs = await indexedDB.databases();
      const parts = [];
      for (const info of dbs) {
        const db = await new Promise((resolve, reject) => {
          const r = indexedDB.open(info.name);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (const name of db.objectStoreNames) {
          const all = await new Promise((resolve) => {
            const req = db.transaction(name).objectStore(name).getAll();
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => resolve([]);
          });
          parts.push(JSON.stringify(all));
        }
        db.close();
      }
      return { local, idb: parts.join('\n') };
    });
    assert.ok(stored.local.includes(firstId), 'the mark is kept on the device');
    assert.ok(!stored.local.includes(line) && !stored.idb.includes(line), 'the private key is in no storage');
    assert.ok(!stored.local.includes(READER), 'the reader token is not stored');

    // Requests: the app's own files and the configured endpoint, nothing else;
    // the key in none of them.
    const origins = new Set(requests.filter((r) => /^https?:/.test(r.url)).map((r) => new URL(r.url).origin));
    origins.delete(server.url);
    assert.deepEqual([...origins], [endpoint.url]);
    const leaked = requests.filter((r) => [r.url, JSON.stringify(r.headers), r.body].some((s) => s.includes(line)));
    assert.deepEqual(leaked, []);

    // After a reload the marks are back, the key must be loaded again.
    await page.reload();
    await page.waitForSelector('#rcv-url');
    assert.equal(await page.locator('[data-testid="rcv-key-loaded"]').count(), 0);
  } finally {
    await browser.close();
  }
});

test('keyboard only: connect, filter and mark without a mouse', async () => {
  const browser = await launch({ viewport: { width: 1366, height: 768 } });
  try {
    const { page } = browser;
    await page.goto(`${server.url}/ontvangen`);
    await appReady(page);
    await page.waitForSelector('#rcv-url');
    /** Tabs until `selector` has the focus (bounded). */
    const tabTo = async (selector) => {
      for (let n = 0; n < 80; n++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`${selector} not reachable by Tab`);
    };
    await tabTo('#rcv-url');
    await page.keyboard.type(endpoint.url);
    await tabTo('#rcv-token');
    await page.keyboard.type(READER);
    await tabTo('#rcv-key-paste');
    await page.keyboard.insertText(data.key_file);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="rcv-key-loaded"]');
    await tabTo('[data-testid="rcv-connect"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => /Alles opgehaald/.test(document.querySelector('[data-testid="rcv-phase"]')?.textContent || ''),
      null,
      { timeout: 120_000 },
    );
    await tabTo('#rcv-worry-acuut');
    await page.keyboard.press('Space');
    const acute = data.items.filter((i) => i.observation.worry === 'acuut').length;
    assert.equal(await count(page), `${acute} van ${COUNT} geopende observaties`);
    await tabTo('[data-testid="rcv-mark-picked-up"]');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('[data-testid="rcv-mark-picked-up"]').first().isChecked(), true);
    assert.equal(await page.locator('[data-testid="rcv-mark-seen"]').first().isChecked(), true, 'picked up implies seen');
    const focusVisible = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle !== 'none');
    assert.ok(focusVisible, 'the focus is visible');
  } finally {
    await browser.close();
  }
});
