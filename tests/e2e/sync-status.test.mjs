// Sending that tells the truth (issue 15), against the reference endpoint and
// against a second endpoint written only from the protocol page
// (tests/e2e/mini-endpoint.py): the cards, the navigation badge and the status
// block agree at every step of a run with a 201, a 422, a refused token and an
// offline period, and follow the store live; "Verbinding testen" checks the
// token and says what it checked; Retry-After is honoured when the endpoint
// exposes it and the app's own back-off applies when it cannot be read; after a
// browser was killed mid-request, the observation is sent again only once
// that request's timeout has passed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { appReady, launch, launchKillable, newProfile, recordObservation, removeProfile, startServer, swControls } from './harness.mjs';
import * as ep from './endpoint.mjs';
import { SENDER, seedStore, storedRecords, until } from './endpoint.mjs';

const WRONG = 'wrong-token-0123456789abcdef';
let server;
const cleanups = [];
before(async () => {
  ep.ensureEndpoint();
  server = await startServer();
});
after(async () => {
  await ep.runCleanups(cleanups);
  await server?.stop();
});

async function endpointOf(kind, options = {}) {
  const endpoint = kind === 'mini' ? await ep.startMiniEndpoint(server.url, options) : await ep.startReferenceEndpoint(server.url, options);
  cleanups.push(() => endpoint.stop());
  return endpoint;
}

/** What the list page shows: every card's state, the badge, the status block. */
async function picture(page) {
  return page.evaluate(() => {
    const states = [...document.querySelectorAll('.observation-card .badge')].map((b) => b.dataset.state);
    const count = (s) => states.filter((c) => c === s).length;
    const badge = document.querySelector('[data-testid="waiting-count"]');
    const waiting = document.querySelector('[data-testid="sync-waiting"]');
    return {
      cards: Object.fromEntries(['local', 'waiting', 'sending', 'sent', 'rejected', 'paused'].map((s) => [s, count(s)])),
      total: states.length,
      badge: badge ? { n: Number(badge.dataset.n), needsUser: Number(badge.dataset.needsUser) } : { n: 0, needsUser: 0 },
      status: { n: waiting ? Number(waiting.dataset.n) : null, headline: waiting?.dataset.headline, text: waiting?.textContent.trim() },
      rejectedLine: document.querySelector('[data-testid="sync-rejected"]')?.textContent.trim() ?? '',
      count: document.querySelector('.result-count')?.textContent.trim() ?? '',
    };
  });
}

/** Waits for `expected` card counts, then asserts the badge and the status say the same. */
async function agreeOn(page, expected, step, endpoint) {
  process.stderr.write(`[agree ${endpoint?.kind} ${new Date().toISOString().slice(11, 19)}] ${step}: waiting for ${JSON.stringify(expected)}\n`);
  let last;
  await until(`${step}: cards ${JSON.stringify(expected)}`, async () => {
    last = await picture(page);
    return last.status.n !== null && Object.entries(expected).every(([state, n]) => last.cards[state] === n);
  }, { timeout: 45_000 }).catch(async (error) => {
    const posts = endpoint ? JSON.stringify(await endpoint.posts()) : '';
    const stored = JSON.stringify((await storedRecords(page)).map((r) => r.sync));
    throw new Error(`${error.message}; page shows ${JSON.stringify(last)}; endpoint POST answers ${posts}; stored ${stored}`);
  });
  const p = last;
  const unsent = p.cards.local + p.cards.waiting + p.cards.sending + p.cards.paused;
  assert.equal(p.badge.n, unsent, `${step}: badge ${JSON.stringify(p)}`);
  assert.equal(p.status.n, unsent, `${step}: status ${JSON.stringify(p)}`);
  assert.equal(p.badge.needsUser, p.cards.rejected + p.cards.paused, `${step}: badge needs-user ${JSON.stringify(p)}`);
  assert.match(p.count, new RegExp(`${unsent} niet verstuurd|${unsent} nog niet`), `${step}: list count ${p.count}`);
  if (p.cards.rejected > 0) assert.match(p.rejectedLine, new RegExp(`^${p.cards.rejected} geweigerd`), step);
  else assert.equal(p.rejectedLine, '', step);
  if (unsent === 0 && p.cards.rejected === 0) assert.equal(p.status.headline, 'all-sent', step);
  else assert.doesNotMatch(p.status.text, /Alles is verstuurd/, `${step}: ${p.status.text}`);
  return p;
}

for (const kind of ['reference', 'mini']) {
  test(`${kind} endpoint: cards, badge and status agree at every step (201, 422, refused token, offline)`, async (t) => {
    const endpoint = await endpointOf(kind);
    const browser = await launch();
    t.after(() => browser.close());
    const { page, context } = browser;
    await ep.configure(page, server.url, { url: endpoint.url, token: SENDER });
    // 201.
    const first = await recordObservation(page, server.url);
    await page.goto(`${server.url}/observaties`);
    await appReady(page);
    await agreeOn(page, { sent: 1, waiting: 0, sending: 0 }, '201', endpoint);
    // Offline: two wait, and the page says why.
    await swControls(page);
    await context.setOffline(true);
    let waiting;
    try {
      waiting = [await recordObservation(page, server.url), await recordObservation(page, server.url)];
      await page.goto(`${server.url}/observaties`);
      await appReady(page);
      const p = await agreeOn(page, { sent: 1, waiting: 2 }, 'offline', endpoint);
      assert.equal(p.status.headline, 'waiting');
      // A 422 is coming: the mini endpoint is told so; the reference endpoint
      // refuses a note with a phone number (an older client could send one).
      if (kind === 'mini') await endpoint.script([{ status: 422, error: 'signals: unknown signal id' }]);
      else await seedStore(page, 1, { note: 'bel hem op 06-12345678' });
    } finally {
      await context.setOffline(false);
    }
    // Back online, on the same page: the cards follow the store live.
    await page.locator('[data-testid="sync-send-now"]').click();
    let p = await agreeOn(page, kind === 'mini' ? { sent: 2, waiting: 0, sending: 0, rejected: 1 } : { sent: 3, waiting: 0, sending: 0, rejected: 1 }, '422', endpoint);
    assert.equal(p.status.headline, 'rejected');
    assert.equal(p.status.text, 'Er wacht niets op verzending.');
    // A refused token: what waits is paused, everywhere.
    await ep.configure(page, server.url, { url: endpoint.url, token: WRONG });
    const paused = await recordObservation(page, server.url);
    await page.goto(`${server.url}/observaties`);
    await appReady(page);
    // (Leaving the form may cut off the request in flight; it then goes again
    // once its timeout has passed, so this step can take over 30 s.)
    p = await agreeOn(page, { paused: 1, waiting: 0, sending: 0, rejected: 1 }, 'refused token', endpoint);
    assert.equal(p.status.headline, 'paused');
    await page.waitForSelector('[data-testid="sync-paused"]');
    // Fixed: it goes, and only the refusal is left.
    await ep.configure(page, server.url, { url: endpoint.url, token: SENDER });
    await page.goto(`${server.url}/observaties`);
    await appReady(page);
    p = await agreeOn(page, { paused: 0, waiting: 0, sending: 0, rejected: 1 }, 'token fixed', endpoint);
    assert.equal(p.status.headline, 'rejected');
    const rows = await endpoint.rows();
    const ids = rows.map((r) => r.id);
    assert.ok(ids.includes(first) && ids.includes(paused), JSON.stringify(ids));
    assert.equal(new Set(ids).size, ids.length, 'none twice');
    if (kind === 'mini') assert.ok(!ids.includes(waiting[0]), 'the refused one is not stored');
    const posts = await endpoint.posts();
    assert.equal(posts['422'], 1, `one 422, not retried: ${JSON.stringify(posts)}`);
    assert.ok(posts['403'] >= 1 && posts['403'] <= 2, `paused after the refusal: ${JSON.stringify(posts)}`);
  });

  test(`${kind} endpoint: "Verbinding testen" checks the token and says what it checked`, async (t) => {
    const endpoint = await endpointOf(kind);
    const browser = await launch();
    t.after(() => browser.close());
    const { page } = browser;
    await page.goto(`${server.url}/instellingen`);
    await appReady(page);
    await page.locator('#sync-url').fill(endpoint.url);
    await page.locator('#sync-token').fill(WRONG);
    await page.locator('[data-testid="sync-test"]').click();
    await page.waitForSelector('[data-testid="sync-checks"]');
    assert.match(await page.locator('[data-testid="sync-notice"] .notice-error').innerText(), /toegangscode is geweigerd \(HTTP 40[13]\)/);
    const failed = await page.locator('[data-testid="sync-checks"] li').evaluateAll((lis) => lis.map((li) => li.dataset.passed));
    assert.deepEqual(failed, ['passed', 'unchecked', 'failed', 'unchecked']);
    await page.locator('#sync-token').fill(SENDER);
    await page.locator('[data-testid="sync-test"]').click();
    await page.waitForSelector('[data-testid="sync-notice"] .notice-ok');
    assert.match(await page.locator('[data-testid="sync-notice"]').innerText(), /Verbinding met het meldpunt werkt/);
    const lines = await page.locator('[data-testid="sync-checks"] li').allInnerTexts();
    assert.equal(lines.length, 4);
    assert.match(lines[0], /bereikbaar/);
    assert.match(lines[1], /protocol \(versie 1\)/);
    assert.match(lines[2], /toegangscode is geaccepteerd/);
    assert.match(lines[3], /Niet versleuteld/);
    assert.deepEqual(await endpoint.rows(), [], 'a test sends no observation');
  });
}

for (const exposeRetryAfter of [true, false]) {
  test(`Retry-After ${exposeRetryAfter ? 'exposed across origins is honoured' : 'hidden by CORS: the app falls back to its own back-off'}`, async (t) => {
    const endpoint = await endpointOf('mini', { exposeRetryAfter });
    const browser = await launch();
    t.after(() => browser.close());
    const { page } = browser;
    const step = (what) => process.stderr.write(`[retry-after ${exposeRetryAfter ? 'exposed' : 'hidden'}] ${what}\n`);
    await endpoint.script([{ status: 503, retry_after: '120' }]);
    step('scripted');
    await ep.configure(page, server.url, { url: endpoint.url, token: SENDER });
    step('configured');
    const id = await recordObservation(page, server.url);
    step('recorded');
    const record = await until('the 503 is stored', async () => {
      const r = (await storedRecords(page)).find((x) => x.observation.id === id);
      return r?.sync.state === 'retry_later' && r;
    });
    const failedAt = (await endpoint.log()).find((e) => e.method === 'POST' && e.status === 503).ended;
    const wait = record.sync.next_attempt_ms - failedAt;
    if (exposeRetryAfter) assert.ok(wait >= 115_000, `waits the 120 s the server asked: ${wait} ms`);
    else assert.ok(wait <= 5_000, `its own first back-off (1–2 s): ${wait} ms`);
    if (!exposeRetryAfter) {
      await until('sent after the back-off', async () => (await endpoint.rows()).length === 1);
    }
    console.log(`# Retry-After ${exposeRetryAfter ? 'exposed' : 'hidden'}: next attempt ${wait} ms after the 503`);
  });
}


test('after a browser was killed mid-request, the observation goes again only after that request\'s timeout, and once', async (t) => {
  const endpoint = await endpointOf('mini');
  const profile = newProfile();
  cleanups.push(async () => removeProfile(profile));
  let browser = await launchKillable(profile);
  cleanups.push(() => browser.kill());
  await ep.configure(browser.page, server.url, { url: endpoint.url, token: SENDER });
  // Chromium writes localStorage (where the settings live) to disk lazily: a
  // kill moments after saving them can lose them, so this browser closes
  // properly once before the kill that matters.
  await ep.gracefulClose(browser);
  browser = await launchKillable(profile);
  // The endpoint stores it, but answers only after 12 s.
  await endpoint.script([{ status: 201, store: true, delay_ms: 12_000 }]);
  const id = await recordObservation(browser.page, server.url);
  const sending = await until('the request is in flight', async () => {
    const r = (await storedRecords(browser.page)).find((x) => x.observation.id === id);
    return r?.sync.state === 'sending' && r.sync;
  }, { every: 50 });
  await browser.kill();
  browser = await launchKillable(profile);
  await browser.page.goto(`${server.url}/observaties`);
  await appReady(browser.page);
  let seen;
  const recovered = await until('recovered after the restart', async () => {
    const r = (await storedRecords(browser.page)).find((x) => x.observation.id === id);
    seen = r?.sync;
    return r?.sync.state !== 'sending' && r.sync;
  }).catch(async (error) => {
    throw new Error(`${error.message}; stored ${JSON.stringify(seen)}; endpoint log ${JSON.stringify(await endpoint.log())}; app ${JSON.stringify(await browser.page.evaluate(() => ({ url: location.href, sw: !!navigator.serviceWorker?.controller, locks: !!navigator.locks, lease: localStorage.getItem('zicht.sync.lease') })))}`);
  });
  assert.equal(recovered.state, 'retry_later');
  assert.equal(recovered.next_attempt_ms, sending.since_ms + 30_000, 'due when the first request has timed out');
  const rows = await until('stored once', async () => {
    const r = await endpoint.rows();
    const log = (await endpoint.log()).filter((e) => e.method === 'POST' && e.path === '/v1/observations');
    return r.length === 1 && log.length >= 2 && { r, log };
  }, { timeout: 60_000, every: 500 });
  const [firstPost, secondPost] = rows.log;
  assert.ok(secondPost.started - firstPost.started >= 29_000, `resent ${secondPost.started - firstPost.started} ms after the first request began`);
  assert.deepEqual(rows.log.map((e) => e.status), [201, 200]);
  assert.equal(rows.r[0].id, id);
  console.log(`# resend after restart: ${secondPost.started - firstPost.started} ms after the interrupted request began (its timeout: 30000 ms)`);
});
