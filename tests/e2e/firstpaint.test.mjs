// The first paint needs no WebAssembly: the build prerendered the shell and
// Home into index.html (scripts/prerender.mjs), the module mounts over it.
// These tests hold the module back (page.route) to look at the page before
// it runs, and compare what it shows with what the app renders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, PHONE, appReady, ownAppAndBrowser, screenshot, startServer } from './harness.mjs';

const WASM = /\/zicht_bg\.wasm$/;

/** Holds every request for the main module until `release()` is called. */
async function holdModule(page) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await page.route(WASM, async (route) => {
    await released;
    await route.continue().catch(() => {});
  });
  return release;
}

/** Tag, the attributes that carry meaning, own text and children of every
 * element below the mount element. The online state is left out: only the
 * running app knows it (the prerendered one is hidden until then). */
function structure() {
  const ATTRS = ['class', 'href', 'id', 'role', 'hidden', 'aria-current', 'aria-label', 'aria-labelledby', 'aria-hidden', 'lang', 'type', 'title'];
  const walk = (el) => {
    if (el.matches('.net-status')) return { tag: 'p', attrs: { class: 'net-status' } };
    const attrs = {};
    for (const name of ATTRS) if (el.hasAttribute(name)) attrs[name] = el.getAttribute(name);
    const text = [...el.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.data)
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
    return { tag: el.tagName.toLowerCase(), attrs, text, children: [...el.children].map(walk) };
  };
  return [...document.getElementById('app').children].map(walk);
}

const frames = (page, n = 2) =>
  page.evaluate((n) => new Promise((resolve) => {
    const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  }), n);

/** A browser without JavaScript, for the page as the HTML alone shows it. */
async function withoutJavaScript(t) {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, serviceWorkers: 'block' });
  t.after(async () => {
    await browser.close();
    await server.stop();
  });
  return { server, page: await context.newPage() };
}

test('without JavaScript Home shows the shell and a working one-tap 112 link', async (t) => {
  const { server, page } = await withoutJavaScript(t);
  for (const path of ['/', '/signalen']) {
    await page.goto(server.url + path);
    assert.ok(await page.locator('header.app-header').isVisible(), `${path}: header`);
    assert.equal(await page.locator('nav.bottom-nav a').count(), 5, `${path}: bottom navigation`);
    const call = page.locator('main a.acute-call');
    assert.equal(await call.getAttribute('href'), 'tel:112');
    assert.ok(await call.isVisible(), `${path}: 112 visible`);
    const box = await call.boundingBox();
    assert.ok(box && box.height >= 48 && box.y + box.height <= PHONE.height, `${path}: 112 large and above the fold`);
    // Nothing covers it: a tap at its centre lands on the link.
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href'), {
      x: box.x + box.width / 2,
      y: box.y + box.height / 2,
    });
    assert.equal(hit, 'tel:112', `${path}: a tap on 112 reaches the link`);
    await call.click({ trial: true });
  }
  await page.goto(`${server.url}/`);
  await screenshot(page, 'firstpaint-home-no-js-390x844');
});

test('the prerendered Home has the same text and structure as the mounted app', async (t) => {
  const { server, page: bare } = await withoutJavaScript(t);
  await bare.goto(`${server.url}/`);
  const prerendered = await bare.evaluate(structure);

  const { server: own, page } = await ownAppAndBrowser(t, { serviceWorkers: 'block' });
  const wasmRequests = [];
  page.on('request', (request) => WASM.test(new URL(request.url()).pathname) && wasmRequests.push(request.url()));
  await page.goto(`${own.url}/`);
  await appReady(page);
  await frames(page);
  assert.equal(wasmRequests.length, 1, 'one request for the main module: the preload is the one used');
  assert.equal(await page.locator('#app[data-prerendered]').count(), 0, 'the prerendered nodes are gone');
  const mounted = await page.evaluate(structure);
  assert.ok(JSON.stringify(prerendered).includes('tel:112'));
  assert.deepEqual(prerendered, mounted);
});

test('before the module runs, / shows Home and a deep link the shell with "Scherm laden…"', async (t) => {
  const { server, page } = await ownAppAndBrowser(t, { serviceWorkers: 'block' });
  const release = await holdModule(page);
  await page.goto(`${server.url}/`, { waitUntil: 'domcontentloaded' });
  await frames(page);
  assert.equal(await page.locator('#app[data-prerendered]').count(), 1);
  assert.ok(await page.locator('main a.acute-call[href="tel:112"]').isVisible());
  assert.equal(await page.locator('.route-loading').isVisible(), false);
  await screenshot(page, 'firstpaint-home-before-wasm-390x844');

  await page.goto(`${server.url}/signalen`, { waitUntil: 'domcontentloaded' });
  await frames(page);
  assert.equal(await page.locator('#app[data-prerendered]').count(), 1, 'the module has not run');
  assert.ok(await page.locator('header.app-header .brand').isVisible(), 'header');
  assert.equal(await page.locator('nav.bottom-nav a').count(), 5);
  assert.ok(await page.locator('nav.bottom-nav').isVisible(), 'navigation');
  const loading = page.locator('.route-loading');
  assert.ok(await loading.isVisible(), 'the loading line');
  assert.equal((await loading.innerText()).trim(), 'Scherm laden…');
  assert.equal(await page.locator('main h1').count(), 0, 'no Home content on /signalen');
  assert.equal(await page.locator('.bottom-nav a[aria-current="page"]').getAttribute('href'), '/signalen');
  await screenshot(page, 'firstpaint-signalen-before-wasm-390x844');

  // Then the module runs, and the screen arrives where the loading line was.
  release();
  await appReady(page);
  await page.waitForSelector('#signal-search');
  assert.equal(await loading.isVisible(), false);
  assert.equal(await page.locator('#app[data-prerendered]').count(), 0);
});

test('the take-over shifts nothing (CLS ≤ 0.05) and keeps focus and scroll', async (t) => {
  const { server, page } = await ownAppAndBrowser(t, { serviceWorkers: 'block' });
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const release = await holdModule(page);
  await page.goto(`${server.url}/`, { waitUntil: 'domcontentloaded' });
  await frames(page);
  // Focus a card and scroll, as someone would while the module loads.
  const before = await page.evaluate(() => {
    document.querySelector('a.card-link[href="/meldroute"]').focus({ preventScroll: true });
    window.scrollTo(0, 240);
    return { y: window.scrollY, height: document.documentElement.scrollHeight };
  });
  assert.equal(before.y, 240, `the page scrolls (height ${before.height})`);
  await frames(page);

  release();
  await appReady(page);
  await frames(page, 4);
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => ({
    y: window.scrollY,
    prerendered: document.querySelectorAll('#app[data-prerendered]').length,
    focused: document.activeElement?.getAttribute('href'),
    connected: document.activeElement?.isConnected && document.getElementById('app').contains(document.activeElement),
    cls: window.__cls,
  }));
  assert.equal(after.prerendered, 0, 'the app took over');
  assert.equal(after.y, 240, 'scroll position survives');
  assert.equal(after.focused, '/meldroute', 'focus survives');
  assert.ok(after.connected, 'focus is on the mounted element');
  assert.ok(after.cls <= 0.05, `CLS ${after.cls}`);
});

test('the module is fetched once (the preload is used) and the service worker registers after app:ready', async (t) => {
  const { server, page } = await ownAppAndBrowser(t);
  await page.addInitScript(() => {
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (...args) {
      window.__swRegisteredAt = performance.now();
      return register.apply(this, args);
    };
  });
  const warnings = [];
  page.on('console', (m) => warnings.push(m.text()));
  await page.goto(`${server.url}/`);
  await appReady(page);
  await page.waitForFunction(() => window.__swRegisteredAt !== undefined);
  const timing = await page.evaluate(() => ({
    ready: performance.getEntriesByName('app:ready')[0].startTime,
    registered: window.__swRegisteredAt,
    wasm: performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/zicht_bg.wasm').length,
    glue: performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/zicht.js').length,
  }));
  assert.ok(timing.registered >= timing.ready, `service worker registered at ${timing.registered} ms, app:ready at ${timing.ready} ms`);
  assert.equal(timing.wasm, 1, 'the page fetched the main module once');
  assert.equal(timing.glue, 1, 'the page fetched the glue once');
  assert.deepEqual(warnings.filter((w) => /preload/i.test(w)), [], 'no unused preload');
});
