// The receiving organisation's screen (/ontvangen) against the reference
// endpoint (crates/zicht-endpoint) with a key: 200 observations sealed by the
// app's own code (crates/zicht-core/examples/receiver_fixture.rs), seeded
// through the endpoint's sending API, plus one body with a flipped byte in its
// ciphertext. Every expected figure is computed here from the fixture's
// plaintext; the screen must show the same: the inbox (newest first), the
// counts, the picture's tables, the filters, the marks over a reload, the
// privacy finding in the note, the CSV download. A wrong key gives a message
// per observation; the page talks only to the app's own server and the
// endpoint; the private key is never stored or sent. Axe and screenshots at
// 1366x768 and at a tablet size, and one keyboard-only path.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, appReady, cspViolations, foreignRequests, launch, noViolations, screenshot, startServer } from './harness.mjs';
import { ensureEndpoint } from './endpoint.mjs';
import { READER, connect, fixture, keyLine, seed, startEndpoint } from './receiver-helpers.mjs';

const DESKTOP = { width: 1366, height: 768 };
const TABLET = { width: 820, height: 1180 };
const SEEDED = 200;

// ---- Dutch texts, read from the content (not expectations of counts) ------

function nlTexts(file) {
  const texts = {};
  for (const m of readFileSync(join(ROOT, 'content/i18n', file), 'utf8').matchAll(/^(\w+) = \{ nl = "((?:[^"\\]|\\.)*)"/gm)) {
    texts[m[1]] = m[2];
  }
  return texts;
}
const RECORD = nlTexts('record.toml');
const RCV = nlTexts('receiver.toml');
const WORRY_NL = { acuut: RECORD.obs_worry_acuut, zorgelijk: RECORD.obs_worry_zorgelijk, twijfel: RECORD.obs_worry_twijfel };
const DAY_PART_NL = {
  ochtend: RECORD.obs_day_part_ochtend,
  middag: RECORD.obs_day_part_middag,
  avond: RECORD.obs_day_part_avond,
  nacht: RECORD.obs_day_part_nacht,
};
/** A receiver.toml text with its `{placeholders}` filled in. */
const rcv = (key, args = {}) => RCV[key].replace(/\{(\w+)\}/g, (_, name) => String(args[name]));

// ---- the fixture and what the screen must show, computed from its plaintext

let data; // the fixture
let plain; // the 200 plaintext observations
let tampered; // the extra body with a flipped byte
let server;
let endpoint;
const browsers = [];
const allRequests = []; // every request of every page of this file: {url, request}
const pageErrors = [];

/** Newest first, as the inbox orders: day observed, moment recorded, id. */
function newestFirst(list) {
  const key = (o) => [o.observed_on, o.recorded_at, o.id];
  return [...list].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let n = 0; n < 3; n++) if (x[n] !== y[n]) return x[n] < y[n] ? 1 : -1;
    return 0;
  });
}

/** The categories of an observation's signals, once each. */
function categoriesOf(o) {
  return [...new Set(o.signals.map((s) => data.signal_categories[s]).filter(Boolean))];
}

/** Expected picture of a set: totals and {key: [total, acute]} per month, category, form. */
function expectedPicture(list) {
  const bump = (map, key, acute) => {
    const [t, a] = map.get(key) || [0, 0];
    map.set(key, [t + 1, a + (acute ? 1 : 0)]);
  };
  const months = new Map();
  const categories = new Map();
  const forms = new Map();
  let acute = 0;
  for (const o of list) {
    const isAcute = o.worry === 'acuut';
    acute += isAcute ? 1 : 0;
    bump(months, o.observed_on.slice(0, 7), isAcute);
    for (const c of categoriesOf(o)) bump(categories, c, isAcute);
    for (const f of o.forms) bump(forms, f, isAcute);
  }
  // Every month from the first to the last, empty ones included.
  const monthRows = [];
  const keys = [...months.keys()].sort();
  if (keys.length) {
    let [y, m] = keys[0].split('-').map(Number);
    const last = keys[keys.length - 1];
    for (let n = 0; n < 1200; n++) {
      const k = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
      monthRows.push([k, ...(months.get(k) || [0, 0])]);
      if (k >= last) break;
      m += 1;
      if (m > 12) [y, m] = [y + 1, 1];
    }
  }
  return { total: list.length, acute, months: monthRows, categories, forms };
}

// ---- page helpers ----------------------------------------------------------

/** A browser of this file: its requests and uncaught errors are recorded. */
async function newBrowser(viewport) {
  const browser = await launch({ viewport });
  browsers.push(browser);
  browser.context.on('request', (request) => allRequests.push({ url: request.url(), request }));
  browser.page.on('pageerror', (e) => pageErrors.push(String(e)));
  browser.page.on('crash', () => pageErrors.push('page crashed'));
  return browser;
}

/** Polls until `read()` gives `expected` (bounded), then asserts, so a mismatch names both. */
async function settle(read, expected, message, timeout = 5000) {
  const started = Date.now();
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() - started < timeout) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  assert.deepEqual(value, expected, message);
}

const text = async (page, testid) => (await page.locator(`[data-testid="${testid}"]`).first().innerText()).trim();
/** The progress line ("… opgehaald: … geopend, … niet te openen." and the phase). */
const progressLine = async (page) => (await page.locator('[data-testid="rcv-progress"] p').innerText()).replace(/\s+/g, ' ').trim();
const countText = (n) => rcv('rcv_count', { n, total: SEEDED });

/** /ontvangen, connected with `keyFile` (default the right one), everything fetched. */
async function openConnected(page, keyFile = data.key_file) {
  await page.goto(`${server.url}/ontvangen`);
  await appReady(page);
  await page.waitForSelector('#rcv-url');
  await connect(page, endpoint.url, keyFile);
}

/** Clicks "Meer tonen" until every card of the filtered set is shown; the card ids in order. */
async function shownIds(page) {
  for (let n = 0; n < 20; n++) {
    const more = page.locator('[data-testid="rcv-show-more"]');
    if ((await more.count()) === 0) break;
    const before = await page.locator('[data-testid="rcv-card"]').count();
    await more.click();
    await page.waitForFunction((b) => document.querySelectorAll('[data-testid="rcv-card"]').length > b, before, { timeout: 10_000 });
  }
  assert.equal(await page.locator('[data-testid="rcv-show-more"]').count(), 0, '"Meer tonen" gone after at most 20 clicks');
  return page.locator('[data-testid="rcv-card"]').evaluateAll((cards) => cards.map((c) => c.dataset.id));
}

/** A chart's table as {key: [total, acute]} plus the keys in order. */
async function chartTable(page, id) {
  const rows = await page.locator(`[data-testid="${id}"] table tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [tr.dataset.key, ...[...tr.querySelectorAll('td')].map((td) => Number(td.textContent.trim()))]),
  );
  return { rows, map: new Map(rows.map(([k, t, a]) => [k, [t, a]])) };
}

/** The picture on the screen equals the one computed from `list`. */
async function checkPicture(page, list, where) {
  const want = expectedPicture(list);
  await settle(
    () => text(page, 'rcv-picture-totals'),
    rcv('rcv_picture_totals', { total: want.total, acute: want.acute }),
    `${where}: picture totals`,
  );
  const months = await chartTable(page, 'rcv-chart-month');
  assert.deepEqual(months.rows, want.months, `${where}: per month (every month from first to last)`);
  const categories = await chartTable(page, 'rcv-chart-category');
  const allCategories = [...new Set(Object.values(data.signal_categories))].sort();
  assert.deepEqual([...categories.map.keys()].sort(), allCategories, `${where}: one row per category of the catalogue`);
  for (const c of allCategories) {
    assert.deepEqual(categories.map.get(c), want.categories.get(c) || [0, 0], `${where}: category ${c}`);
  }
  const forms = await chartTable(page, 'rcv-chart-form');
  for (const [f, counts] of want.forms) assert.deepEqual(forms.map.get(f), counts, `${where}: form ${f}`);
  for (const [f, counts] of forms.map) assert.deepEqual(counts, want.forms.get(f) || [0, 0], `${where}: form ${f} (not in the set)`);
  // The charts draw one bar per row of their table, hidden from screen readers.
  for (const id of ['rcv-chart-month', 'rcv-chart-category', 'rcv-chart-form']) {
    const svg = page.locator(`[data-testid="${id}"] svg`);
    assert.equal(await svg.getAttribute('aria-hidden'), 'true', `${where}: ${id} svg hidden from screen readers`);
    const bars = await svg.locator('rect.rcv-svg-total').count();
    const rows = await page.locator(`[data-testid="${id}"] table tbody tr`).count();
    assert.equal(bars, rows, `${where}: ${id} one bar per table row`);
  }
}

/** The filtered set on the screen (count, picture, cards in order) equals `list`. */
async function checkFiltered(page, list, where, { picture = false } = {}) {
  await settle(() => text(page, 'rcv-count'), countText(list.length), `${where}: inbox count`);
  assert.equal(await text(page, 'rcv-export'), rcv('rcv_export', { n: list.length }), `${where}: export button count`);
  assert.deepEqual(await shownIds(page), newestFirst(list).map((o) => o.id), `${where}: the cards, newest first`);
  if (list.length === 0) assert.equal(await page.getByText(RCV.rcv_empty).count(), 1, `${where}: says there are none`);
  if (picture) await checkPicture(page, list, where);
}

const clearFilters = async (page) => {
  await page.locator('[data-testid="rcv-filter-clear"]').click();
  await settle(() => text(page, 'rcv-count'), countText(SEEDED), 'filters cleared');
};

/** The base64url key of a key file, and the same bytes as hex and standard base64. */
function keyForms(file) {
  const line = keyLine(file);
  const bytes = Buffer.from(line, 'base64url');
  assert.equal(bytes.length, 32, 'a 32-byte private key');
  return [line, bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, '')];
}

/** localStorage, sessionStorage, every IndexedDB store (keys and values) and the Cache Storage URLs, as one string. */
async function storageDump(page) {
  return page.evaluate(async () => {
    const bytes = (v) => {
      const u8 = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      return { hex: [...u8].map((b) => b.toString(16).padStart(2, '0')).join(''), b64: btoa(String.fromCharCode(...u8)) };
    };
    const replacer = (_, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? bytes(v) : v);
    const out = { local: { ...localStorage }, session: { ...sessionStorage }, idb: {}, caches: {} };
    const dbs = await indexedDB.databases();
    for (const { name } of dbs) {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
        r.onblocked = () => reject(new Error(`open ${name} blocked`));
      });
      for (const store of db.objectStoreNames) {
        const get = (what) =>
          new Promise((resolve, reject) => {
            const r = db.transaction(store).objectStore(store)[what]();
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        out.idb[`${name}/${store}`] = { keys: await get('getAllKeys'), values: await get('getAll') };
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      out.caches[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    }
    return { databases: dbs.map((d) => d.name), json: JSON.stringify(out, replacer) };
  });
}

/** RFC 4180: rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(textIn) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < textIn.length; i++) {
    const ch = textIn[i];
    if (quoted) {
      if (ch === '"' && textIn[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && textIn[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Presses Tab until `selector` has the focus (bounded); returns how many. */
async function tabTo(page, selector, max = 150) {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return n;
  }
  throw new Error(`${selector} not reached with ${max} presses of Tab`);
}

// ---- setup -----------------------------------------------------------------

before(async () => {
  ensureEndpoint();
  data = fixture(SEEDED + 1);
  assert.equal(data.items.length, SEEDED + 1);
  plain = data.items.slice(0, SEEDED).map((i) => i.observation);
  // One extra body with a flipped byte in its ciphertext.
  const body = { ...data.items[SEEDED].sealed };
  const ct = Buffer.from(body.ciphertext, 'base64url');
  ct[Math.floor(ct.length / 2)] ^= 0x01;
  body.ciphertext = ct.toString('base64url');
  assert.notEqual(body.ciphertext, data.items[SEEDED].sealed.ciphertext);
  tampered = body;
  server = await startServer();
  endpoint = await startEndpoint(server.url, { publicKey: data.public_key, keyId: data.key_id });
  await seed(endpoint.url, [...data.items.slice(0, SEEDED).map((i) => i.sealed), tampered]);
});

after(async () => {
  for (const b of browsers.reverse()) {
    await Promise.race([b.close().catch(() => {}), new Promise((r) => setTimeout(r, 15_000))]);
  }
  await endpoint?.stop();
  await server?.stop();
});

// ---- tests -----------------------------------------------------------------

let desktop;

test('200 sealed observations are listed newest first and counted like the fixture; the tampered one has its message (1366x768, axe)', async () => {
  desktop = await newBrowser(DESKTOP);
  const { page } = desktop;
  await openConnected(page);
  assert.equal(
    await progressLine(page),
    `${rcv('rcv_progress', { fetched: SEEDED + 1, opened: SEEDED, failed: 1 })} ${RCV.rcv_caught_up}`,
    'progress: fetched, opened, failed',
  );
  assert.equal(await text(page, 'rcv-phase'), RCV.rcv_caught_up);
  assert.equal(await text(page, 'rcv-count'), countText(SEEDED), 'inbox count');
  assert.equal(await page.locator('[data-testid="rcv-key-loaded"]').innerText(), rcv('rcv_key_loaded', { key_id: data.key_id }));
  assert.equal(await page.locator('[data-testid="rcv-key-mismatch"]').count(), 0, 'the right key: no mismatch warning');

  // Every card, newest first, with what it must show.
  const ids = await shownIds(page);
  assert.deepEqual(ids, newestFirst(plain).map((o) => o.id), 'all 200, newest first');
  assert.ok(!ids.includes(tampered.id), 'the tampered one is not listed as opened');
  const cards = await page.locator('[data-testid="rcv-card"]').evaluateAll((els) =>
    els.map((c) => ({
      id: c.dataset.id,
      heading: c.querySelector('h3').textContent.trim(),
      worry: c.querySelector('[data-testid="rcv-worry"]').textContent.trim(),
      acute: c.classList.contains('rcv-card-acute'),
      signals: [...c.querySelectorAll('.rcv-signals li')].map((li) => ({ text: li.textContent.trim(), id: li.classList.contains('mono') })),
      finding: !!c.querySelector('[data-testid="rcv-finding"]'),
      marked: [...c.querySelectorAll('mark.rcv-mark')].map((m) => m.textContent),
      note: c.querySelector('.note-text')?.textContent || '',
      unknownVersion: !!c.querySelector('[data-testid="rcv-unknown-version"]'),
    })),
  );
  const byId = new Map(plain.map((o) => [o.id, o]));
  let withFinding = 0;
  for (const card of cards) {
    const o = byId.get(card.id);
    assert.equal(card.heading, `${o.observed_on} · ${DAY_PART_NL[o.day_part]}`, `${o.id}: day and day part`);
    assert.equal(card.worry, WORRY_NL[o.worry], `${o.id}: worry`);
    assert.equal(card.acute, o.worry === 'acuut', `${o.id}: acute highlighted`);
    assert.equal(card.signals.length, o.signals.length, `${o.id}: one line per signal`);
    assert.ok(card.signals.every((s) => !s.id && s.text), `${o.id}: signals by their title (known content version)`);
    assert.equal(card.unknownVersion, false, `${o.id}: content version known`);
    // The note with the postcode has the privacy finding marked; the others none.
    const postcode = /\b\d{4} ?[A-Z]{2}\b/.exec(o.note);
    if (postcode) {
      withFinding += 1;
      assert.equal(card.finding, true, `${o.id}: the note's privacy finding is marked`);
      assert.ok(card.marked.some((m) => m.includes(postcode[0])), `${o.id}: the postcode is in a <mark>: ${card.marked}`);
    } else {
      assert.equal(card.finding, false, `${o.id}: no finding in "${o.note}"`);
    }
    if (o.note) assert.ok(card.note.includes(postcode ? o.note.slice(0, postcode.index) : o.note), `${o.id}: the note is shown`);
  }
  assert.ok(withFinding > 0, 'the fixture has notes with a postcode');
  console.log(`# ${cards.length} cards checked, ${withFinding} with the postcode marked`);

  // The tampered ciphertext: its own message, the rest opened.
  const failed = page.locator('[data-testid="rcv-failed"]');
  assert.equal(await failed.count(), 1);
  assert.equal(await failed.getAttribute('data-id'), tampered.id);
  assert.ok((await failed.innerText()).includes(RCV.rcv_outcome_tampered), 'the tampered message');
  assert.equal(await page.locator('#rcv-failed-title').innerText(), rcv('rcv_failed_title', { n: 1 }));

  // The picture beside the charts: per month, per category, per form.
  await checkPicture(page, plain, 'all 200');

  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'receiver-connected-1366x768');
  await page.locator('[data-testid="rcv-chart-month"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'receiver-picture-1366x768');
  await noViolations(page, '/ontvangen connected, 1366x768');
  assert.deepEqual(pageErrors, [], 'no uncaught error');
});

test('filters for worry, category, form, area and period give the fixture\'s sets', async () => {
  const { page } = desktop || (desktop = await newBrowser(DESKTOP));
  await openConnected(page);

  // Worry: one level, then two.
  for (const w of ['acuut', 'zorgelijk', 'twijfel']) {
    await page.locator(`#rcv-worry-${w}`).check();
    await checkFiltered(page, plain.filter((o) => o.worry === w), `worry ${w}`, { picture: w === 'acuut' });
    await page.locator(`#rcv-worry-${w}`).uncheck();
  }
  await page.locator('#rcv-worry-acuut').check();
  await page.locator('#rcv-worry-twijfel').check();
  await checkFiltered(page, plain.filter((o) => o.worry !== 'zorgelijk'), 'worry acuut + twijfel');
  await clearFilters(page);

  // Category: every one the menu offers.
  const categorySelect = page.locator('[data-testid="rcv-filter-category"]');
  const categories = (await categorySelect.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
  assert.deepEqual([...categories].sort(), [...new Set(Object.values(data.signal_categories))].sort(), 'the menu offers every category');
  let largest = null;
  for (const c of categories) {
    await categorySelect.selectOption(c);
    const want = plain.filter((o) => categoriesOf(o).includes(c));
    if (!largest || want.length > largest.want.length) largest = { c, want };
    await checkFiltered(page, want, `category ${c}`);
  }
  await categorySelect.selectOption(largest.c);
  await checkPicture(page, largest.want, `category ${largest.c}`);
  await clearFilters(page);

  // Form: every one the menu offers (forms the fixture never names give none).
  const formSelect = page.locator('[data-testid="rcv-filter-form"]');
  const forms = (await formSelect.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
  const fixtureForms = [...new Set(plain.flatMap((o) => o.forms))];
  assert.ok(fixtureForms.every((f) => forms.includes(f)), 'the menu offers every form in the inbox');
  for (const f of forms) {
    await formSelect.selectOption(f);
    await checkFiltered(page, plain.filter((o) => o.forms.includes(f)), `form ${f}`, { picture: f === fixtureForms[0] });
  }
  await clearFilters(page);

  // Area: every gemeente the menu offers.
  const areaSelect = page.locator('[data-testid="rcv-filter-area"]');
  const areas = (await areaSelect.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
  const fixtureAreas = [...new Set(plain.map((o) => o.area?.gemeente).filter(Boolean))];
  assert.ok(fixtureAreas.every((a) => areas.includes(a)), `the menu offers every area in the inbox: ${areas}`);
  for (const a of areas) {
    await areaSelect.selectOption(a);
    await checkFiltered(page, plain.filter((o) => o.area?.gemeente === a), `area ${a}`);
  }
  await clearFilters(page);

  // Period: from and until (inclusive), alone and together.
  const days = [...new Set(plain.map((o) => o.observed_on))].sort();
  const from = days[Math.floor(days.length / 3)];
  const to = days[Math.floor((2 * days.length) / 3)];
  await page.locator('[data-testid="rcv-filter-from"]').fill(from);
  await checkFiltered(page, plain.filter((o) => o.observed_on >= from), `from ${from}`);
  await page.locator('[data-testid="rcv-filter-to"]').fill(to);
  const period = plain.filter((o) => o.observed_on >= from && o.observed_on <= to);
  await checkFiltered(page, period, `${from} to ${to}`, { picture: true });
  await page.locator('[data-testid="rcv-filter-from"]').fill('');
  await checkFiltered(page, plain.filter((o) => o.observed_on <= to), `until ${to}`);
  await clearFilters(page);

  // Combined: worry, category and period together.
  await page.locator('#rcv-worry-zorgelijk').check();
  await categorySelect.selectOption(largest.c);
  await page.locator('[data-testid="rcv-filter-from"]').fill(from);
  await checkFiltered(
    page,
    plain.filter((o) => o.worry === 'zorgelijk' && categoriesOf(o).includes(largest.c) && o.observed_on >= from),
    'zorgelijk + category + from',
    { picture: true },
  );
  await clearFilters(page);
  assert.deepEqual(pageErrors, [], 'no uncaught error');
});

test('"gezien" and "opgepakt" are kept on this device over a reload, and the mark filters count them', async () => {
  const { page } = desktop || (desktop = await newBrowser(DESKTOP));
  await page.goto(`${server.url}/ontvangen`);
  await appReady(page);
  await page.evaluate(() => localStorage.removeItem('zicht.receiver.marks'));
  await openConnected(page);
  const order = newestFirst(plain).map((o) => o.id);
  const seen = order.slice(0, 3);
  const picked = [order[5], order[7]];
  for (const id of seen) await page.locator(`[data-testid="rcv-card"][data-id="${id}"] [data-testid="rcv-mark-seen"]`).check();
  for (const id of picked) await page.locator(`[data-testid="rcv-card"][data-id="${id}"] [data-testid="rcv-mark-picked-up"]`).check();
  const allSeen = [...seen, ...picked];

  const checkMarks = async (where) => {
    for (const id of order.slice(0, 10)) {
      const card = page.locator(`[data-testid="rcv-card"][data-id="${id}"]`);
      assert.equal(await card.locator('[data-testid="rcv-mark-seen"]').isChecked(), allSeen.includes(id), `${where}: ${id} gezien`);
      assert.equal(await card.locator('[data-testid="rcv-mark-picked-up"]').isChecked(), picked.includes(id), `${where}: ${id} opgepakt`);
    }
    const marks = page.locator('[data-testid="rcv-filter-marks"]');
    await marks.selectOption('unseen');
    await checkFiltered(page, plain.filter((o) => !allSeen.includes(o.id)), `${where}: not seen yet`);
    await marks.selectOption('not_picked_up');
    await checkFiltered(page, plain.filter((o) => !picked.includes(o.id)), `${where}: not picked up yet`);
    await clearFilters(page);
  };
  await checkMarks('before the reload');
  // Kept as ids only.
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('zicht.receiver.marks')));
  assert.deepEqual([...stored.seen].sort(), [...allSeen].sort(), 'stored: seen (picking up implies seen)');
  assert.deepEqual([...stored.picked_up].sort(), [...picked].sort(), 'stored: picked up');

  await page.reload();
  await appReady(page);
  await page.waitForSelector('#rcv-url');
  // The key went with the reload; the address is remembered, the token is not.
  assert.equal(await page.locator('[data-testid="rcv-key-loaded"]').count(), 0, 'no key after a reload');
  assert.equal(await page.locator('#rcv-url').inputValue(), endpoint.url, 'the address is remembered');
  assert.equal(await page.locator('#rcv-token').inputValue(), '', 'the token is not');
  await connect(page, endpoint.url, data.key_file);
  await checkMarks('after the reload');
  assert.deepEqual(pageErrors, [], 'no uncaught error');
});

test('the CSV download holds exactly the filtered set', async () => {
  const { page } = desktop || (desktop = await newBrowser(DESKTOP));
  await openConnected(page);
  const marks = JSON.parse((await page.evaluate(() => localStorage.getItem('zicht.receiver.marks'))) || '{"seen":[],"picked_up":[]}');
  const days = [...new Set(plain.map((o) => o.observed_on))].sort();
  const from = days[Math.floor(days.length / 4)];
  await page.locator('#rcv-worry-acuut').check();
  await page.locator('#rcv-worry-zorgelijk').check();
  await page.locator('[data-testid="rcv-filter-from"]').fill(from);
  const want = newestFirst(plain.filter((o) => o.worry !== 'twijfel' && o.observed_on >= from));
  await checkFiltered(page, want, 'the set to export');

  const downloaded = async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.locator('[data-testid="rcv-export"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'zicht-observaties.csv');
    return readFileSync(await download.path(), 'utf8');
  };
  const csv = await downloaded();
  for (const forms of keyForms(data.key_file)) assert.ok(!csv.includes(forms), 'no key in the CSV');
  const [header, ...rows] = parseCsv(csv);
  const col = Object.fromEntries(header.map((h, n) => [h, n]));
  for (const name of ['id', 'observed_on', 'day_part', 'recorded_at', 'worry', 'gemeente', 'signals', 'forms', 'note', 'content_version', 'marks']) {
    assert.ok(name in col, `column ${name}`);
  }
  assert.ok(rows.every((r) => r.length === header.length), 'every row has every column');
  assert.deepEqual(rows.map((r) => r[col.id]), want.map((o) => o.id), 'the rows are the filtered set, newest first');
  const markLabel = (id) =>
    [marks.seen.includes(id) && RCV.rcv_mark_seen, marks.picked_up.includes(id) && RCV.rcv_mark_picked_up].filter(Boolean).join('; ');
  rows.forEach((r, n) => {
    const o = want[n];
    assert.equal(r[col.observed_on], o.observed_on, `${o.id} observed_on`);
    assert.equal(r[col.day_part], o.day_part, `${o.id} day_part`);
    assert.equal(r[col.recorded_at], o.recorded_at, `${o.id} recorded_at`);
    assert.equal(r[col.worry].split(' ')[0], o.worry, `${o.id} worry`);
    assert.equal(r[col.gemeente], o.area.gemeente, `${o.id} gemeente`);
    assert.equal(r[col.signals], o.signals.join('; '), `${o.id} signals`);
    assert.equal(r[col.forms], o.forms.join('; '), `${o.id} forms`);
    assert.equal(r[col.note], o.note, `${o.id} note`);
    assert.equal(r[col.content_version], o.content_version, `${o.id} content_version`);
    assert.equal(r[col.marks], markLabel(o.id), `${o.id} marks`);
  });
  console.log(`# CSV: ${rows.length} rows = the filtered set (acuut + zorgelijk from ${from})`);

  // Another filter, another file.
  await clearFilters(page);
  const form = plain.find((o) => o.forms.length)?.forms[0];
  await page.locator('[data-testid="rcv-filter-form"]').selectOption(form);
  const wantForm = newestFirst(plain.filter((o) => o.forms.includes(form)));
  await checkFiltered(page, wantForm, `form ${form}`);
  const [, ...formRows] = parseCsv(await downloaded());
  assert.deepEqual(formRows.map((r) => r[col.id]), wantForm.map((o) => o.id), `CSV for form ${form}`);
  await clearFilters(page);
  assert.deepEqual(pageErrors, [], 'no uncaught error');
});

test('a wrong key gives its message per observation without a crash; the right key then opens the rest', async () => {
  const { page } = desktop || (desktop = await newBrowser(DESKTOP));
  await openConnected(page, data.other_key_file);
  const otherId = (await page.locator('[data-testid="rcv-key-loaded"]').innerText()).split(': ').pop().trim();
  assert.notEqual(otherId, data.key_id);
  assert.equal(
    await page.locator('[data-testid="rcv-key-mismatch"]').innerText(),
    rcv('rcv_key_other_than_announced', { announced: data.key_id, loaded: otherId }),
    'the screen warns that the endpoint names another key',
  );
  assert.equal(
    await progressLine(page),
    `${rcv('rcv_progress', { fetched: SEEDED + 1, opened: 0, failed: SEEDED + 1 })} ${RCV.rcv_caught_up}`,
    'progress with a wrong key',
  );
  assert.equal(await text(page, 'rcv-count'), rcv('rcv_count', { n: 0, total: 0 }));
  assert.equal(await page.locator('[data-testid="rcv-card"]').count(), 0, 'nothing opened');
  assert.equal(await page.locator('#rcv-failed-title').innerText(), rcv('rcv_failed_title', { n: SEEDED + 1 }));
  // Every one gets its message: the list grows with "Meer tonen" (bounded).
  for (let n = 0; n < 20 && (await page.locator('[data-testid="rcv-failed-more"]').count()) > 0; n++) {
    await page.locator('[data-testid="rcv-failed-more"]').click();
  }
  const failed = await page.locator('[data-testid="rcv-failed"]').evaluateAll((els) => els.map((e) => ({ id: e.dataset.id, text: e.innerText })));
  const message = rcv('rcv_outcome_wrong_key', { key_id: data.key_id, loaded: otherId });
  const allIds = new Set([...plain.map((o) => o.id), tampered.id]);
  assert.equal(failed.length, SEEDED + 1, `a message for each (shown: ${failed.length})`);
  console.log(`# wrong key: ${SEEDED + 1} could not be opened, ${failed.length} messages listed`);
  for (const f of failed) {
    assert.ok(allIds.has(f.id), f.id);
    assert.ok(f.text.includes(message), `${f.id}: ${f.text}`);
  }
  await noViolations(page, '/ontvangen with a wrong key, 1366x768');
  await screenshot(page, 'receiver-wrong-key-1366x768');
  assert.deepEqual(pageErrors, [], 'no uncaught error with a wrong key');

  // "Sleutel vergeten", then the right key: everything but the tampered one opens.
  await page.getByRole('button', { name: RCV.rcv_key_forget }).click();
  await page.waitForSelector('[data-testid="rcv-key-forgotten"]');
  assert.equal(await page.locator('[data-testid="rcv-card"], [data-testid="rcv-failed"]').count(), 0, 'decrypted state wiped');
  await connect(page, endpoint.url, data.key_file);
  await settle(() => text(page, 'rcv-count'), countText(SEEDED), 'the right key opens all 200');
  assert.equal(await page.locator('[data-testid="rcv-failed"]').count(), 1);
  assert.equal(await page.locator('[data-testid="rcv-failed"]').getAttribute('data-id'), tampered.id);
  assert.equal(await page.locator('[data-testid="rcv-key-mismatch"]').count(), 0);
  assert.deepEqual(pageErrors, [], 'no uncaught error');
});

test('keyboard only at a tablet size: from Instellingen, connect and filter (axe, screenshots)', async () => {
  const tablet = await newBrowser(TABLET);
  const { page } = tablet;
  await page.goto(`${server.url}/instellingen`);
  await appReady(page);
  await page.waitForSelector('[data-testid="receive-link"]');
  await tabTo(page, '[data-testid="receive-link"]', 200);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#rcv-url');
  assert.equal(new URL(page.url()).pathname, '/ontvangen');
  await noViolations(page, '/ontvangen before connecting, tablet');
  await screenshot(page, `receiver-connect-${TABLET.width}x${TABLET.height}`);

  await tabTo(page, '#rcv-url');
  await page.keyboard.type(endpoint.url);
  await tabTo(page, '#rcv-token', 3);
  await page.keyboard.type(READER);
  await tabTo(page, '#rcv-key-paste', 5);
  await page.keyboard.type(data.key_file);
  await tabTo(page, '.rcv-key button', 2);
  assert.equal((await page.evaluate(() => document.activeElement.textContent)).trim(), RCV.rcv_key_load);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="rcv-key-loaded"]');
  assert.equal(await page.locator('#rcv-key-paste').inputValue(), '', 'the pasted key is removed from the page');
  await tabTo(page, '[data-testid="rcv-connect"]', 10);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (done) => (document.querySelector('[data-testid="rcv-phase"]')?.textContent || '').includes(done),
    RCV.rcv_caught_up,
    { timeout: 120_000 },
  );
  assert.equal(await text(page, 'rcv-count'), countText(SEEDED));

  // Filter with Space on a worry box, then clear with Enter.
  await tabTo(page, '#rcv-worry-acuut', 30);
  await page.keyboard.press('Space');
  const acute = plain.filter((o) => o.worry === 'acuut');
  await settle(() => text(page, 'rcv-count'), countText(acute.length), 'keyboard: worry acuut');
  await tabTo(page, '#rcv-worry-twijfel', 3);
  await page.keyboard.press('Space');
  await settle(() => text(page, 'rcv-count'), countText(plain.filter((o) => o.worry !== 'zorgelijk').length), 'keyboard: acuut + twijfel');
  await tabTo(page, '[data-testid="rcv-filter-clear"]', 40);
  await page.keyboard.press('Enter');
  await settle(() => text(page, 'rcv-count'), countText(SEEDED), 'keyboard: filters cleared');
  // A mark by keyboard too.
  const newest = newestFirst(plain)[0].id;
  await tabTo(page, `[data-testid="rcv-card"][data-id="${newest}"] [data-testid="rcv-mark-seen"]`, 80);
  await page.keyboard.press('Space');
  assert.equal(await page.locator(`[data-testid="rcv-card"][data-id="${newest}"] [data-testid="rcv-mark-seen"]`).isChecked(), true);

  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `receiver-connected-${TABLET.width}x${TABLET.height}`);
  await page.locator('[data-testid="rcv-chart-category"]').scrollIntoViewIfNeeded();
  await screenshot(page, `receiver-picture-${TABLET.width}x${TABLET.height}`);
  await noViolations(page, '/ontvangen connected, tablet');
  assert.deepEqual(pageErrors, [], 'no uncaught error');
});

test('requests go only to the app\'s server and the endpoint; the private key is never stored, in the page or sent', async () => {
  const secrets = [...keyForms(data.key_file), ...keyForms(data.other_key_file)];
  // While the key is loaded: not in storage, not in the page.
  const { page } = desktop || (desktop = await newBrowser(DESKTOP));
  await openConnected(page);
  const loaded = await storageDump(page);
  for (const s of secrets) assert.ok(!loaded.json.includes(s), `the key is in storage while loaded: ${loaded.json.slice(0, 400)}`);
  const loadedHtml = await page.content();
  for (const s of secrets) assert.ok(!loadedHtml.includes(s), 'the key is in the page while loaded');

  // After every session of this file (keys loaded, reloads, a wrong key, forgetting).
  for (const b of browsers) {
    const dump = await storageDump(b.page);
    for (const s of secrets) assert.ok(!dump.json.includes(s), `the key is in storage: ${dump.json.slice(0, 400)}`);
    const html = await b.page.content();
    for (const s of secrets) assert.ok(!html.includes(s), 'the key is in the page');
    assert.deepEqual(foreignRequests(b.requests), [], 'no request off this machine');
    assert.deepEqual(await cspViolations(b.page), [], 'no CSP violation');
    assert.deepEqual(b.consoleErrors, [], 'no console error');
    console.log(`# storage checked (localStorage, sessionStorage, IndexedDB ${dump.databases.join(', ') || '(none)'}, cache URLs): no key`);
  }

  // Every request of every page: only the app's origin and the endpoint's; no key in any URL, header or body.
  const app = new URL(server.url).origin;
  const ep = new URL(endpoint.url).origin;
  const foreign = [];
  let toEndpoint = 0;
  for (const { url, request } of allRequests) {
    if (/^(data|blob):/.test(url)) continue;
    const origin = new URL(url).origin;
    if (origin !== app && origin !== ep) foreign.push(url);
    if (origin === ep) {
      toEndpoint += 1;
      const path = new URL(url).pathname;
      assert.ok(['/v1/health', '/v1/observations'].includes(path), `only the reading API: ${request.method()} ${url}`);
      assert.ok(['GET', 'OPTIONS'].includes(request.method()), `only reading: ${request.method()} ${url}`);
    }
    const headers = await request.allHeaders().catch(() => request.headers());
    const body = request.postData() || '';
    const all = `${url}\n${JSON.stringify(headers)}\n${body}`;
    for (const s of secrets) assert.ok(!all.includes(s), `the key is in a request: ${request.method()} ${url}`);
  }
  assert.deepEqual(foreign, [], 'no request to any other origin');
  assert.ok(toEndpoint > 0, 'the endpoint was asked');
  console.log(`# ${allRequests.length} requests checked, ${toEndpoint} to the endpoint, none elsewhere, no key in any`);
  assert.deepEqual(pageErrors, [], 'no uncaught error');
});
