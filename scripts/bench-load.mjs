// Load figures for the release build (a benchmark, not a pass/fail test):
//  - bytes of every shipped file, raw and brotli, and the first-load total
//    against the 150 KB brotli budget. "First load" is measured, not listed:
//    the files the page itself requested (not the service worker's background
//    precache) before `app:ready` on Home, in a cold load;
//  - cold load to the `app:ready` mark under 4x CPU throttling and Slow 4G
//    (through the DevTools protocol), median of 5;
//  - offline reload (server stopped, service worker answering) to `app:ready`;
//  - first paint against a static twin: the prerendered page with its scripts
//    removed (static-home.html for `/`, static-screen.html for a deep link),
//    served by the same server from a copy of the build, measured in the same
//    run: first contentful paint, "112 visible" (Home) or "shell visible"
//    (header, navigation and "Scherm laden…" on a deep link), `app:ready`, and
//    the layout shift of the app's take-over.
// Usage: node scripts/bench-load.mjs [runs]   (after scripts/build)
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { DIST, copyOfDist, launch, startServer, swControls, appReady } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.argv[2] || 5);
// DevTools' "Slow 4G" preset.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.4 * 1024 * 1024) / 8 * 0.9, uploadThroughput: (675 * 1024) / 8 * 0.9 };
// Screens whose code is a chunk of its own: the cost of opening one cold.
const DEEP_LINKS = ['/signalen', '/observaties/nieuw'];

const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const rows = walk(DIST)
  .map((path) => {
    const data = readFileSync(path);
    const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    return { file: relative(DIST, path), raw: data.length, br };
  })
  .sort((a, b) => b.br - a.br);
// The static twins: index.html without scripts or module preloads. The deep
// link's twin shows what boot.js makes of the page on any path but `/`.
const SITE = copyOfDist();
{
  const index = readFileSync(join(DIST, 'index.html'), 'utf8');
  const bare = index
    .replace(/<script\b[^>]*>\s*<\/script>/g, '')
    .replace(/<link\b[^>]*rel="?(modulepreload|preload)"?[^>]*>/g, '');
  if (/<script|modulepreload|rel="?preload/.test(bare)) throw new Error('bench-load: the twin still has scripts');
  writeFileSync(join(SITE, 'static-home.html'), bare);
  const screen = bare
    .replace(/<html\b/, '<html data-first-paint="screen"')
    .replace(/(<main\b[^>]*>)[\s\S]*?(<\/main>)/, '$1$2')
    .replace(/(<p class="?route-loading"?[^>]*?) hidden(=""|)/, '$1')
    .replace(/ aria-current="?page"?/, '');
  writeFileSync(join(SITE, 'static-screen.html'), screen);
}

// Watches, every frame, when what a first paint must show became visible.
function watchFirstPaint() {
  const wanted = {
    call112: ['main a.acute-call[href="tel:112"]'],
    shell: ['header.app-header .brand', 'nav.bottom-nav a[href="/"]', '.route-loading'],
  };
  const seen = (window.__seen = {});
  window.__cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const visible = (selector) => {
    const el = document.querySelector(selector);
    if (!el) return false;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.bottom <= 0 || box.top >= innerHeight) return false;
    const style = getComputedStyle(el);
    return style.visibility === 'visible' && style.display !== 'none' && style.opacity !== '0';
  };
  const tick = () => {
    const now = performance.now();
    for (const [name, selectors] of Object.entries(wanted)) {
      if (!(name in seen) && selectors.every(visible)) seen[name] = now;
    }
    if (Object.keys(seen).length < Object.keys(wanted).length) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function coldLoad(path = '/', { offline = false, twin = false } = {}) {
  const server = await startServer(SITE);
  const browser = await launch();
  try {
    await browser.context.addInitScript(watchFirstPaint);
    const cdp = await browser.context.newCDPSession(browser.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await browser.page.goto(`${server.url}${path}`, { waitUntil: twin ? 'load' : 'commit' });
    if (!twin) await appReady(browser.page);
    const want = path === '/' || path === '/static-home.html' ? 'call112' : 'shell';
    await browser.page.waitForFunction((want) => window.__seen && want in window.__seen && performance.getEntriesByName('first-contentful-paint').length > 0, want, { timeout: 30_000 });
    if (!twin) await browser.page.waitForTimeout(500);
    const paint = await browser.page.evaluate((want) => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
      visible: window.__seen[want],
      ready: performance.getEntriesByName('app:ready')[0]?.startTime,
      cls: window.__cls,
    }), want);
    if (twin) return paint;
    const cold = paint.ready;
    // What the page fetched before the mark (resource timing: the service
    // worker's own precache fetches are not the page's).
    const fetched = await browser.page.evaluate(() => {
      const ready = performance.getEntriesByName('app:ready')[0].startTime;
      return performance
        .getEntriesByType('resource')
        .filter((entry) => entry.startTime <= ready)
        .map((entry) => new URL(entry.name).pathname.slice(1));
    });
    const requested = new Set(['index.html', ...fetched]);
    const wasmFetches = fetched.filter((p) => p === 'zicht_bg.wasm').length;
    if (!offline) return { ...paint, cold, requested, wasmFetches };
    // Offline: let the service worker take over, stop the server, reload.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await swControls(browser.page);
    await server.stop();
    await browser.page.reload({ waitUntil: 'commit' });
    await appReady(browser.page);
    const offlineReady = await browser.page.evaluate(() => performance.getEntriesByName('app:ready')[0].startTime);
    return { ...paint, cold, offline: offlineReady, requested, wasmFetches };
  } finally {
    await browser.close();
    await server.stop();
  }
}

// App and twin alternate, so both see the same machine load.
const runs = [];
const twinHome = [];
const screenRuns = [];
const twinScreen = [];
for (let i = 0; i < RUNS; i++) {
  runs.push(await coldLoad('/', { offline: true }));
  twinHome.push(await coldLoad('/static-home.html', { twin: true }));
  screenRuns.push(await coldLoad(DEEP_LINKS[0]));
  twinScreen.push(await coldLoad('/static-screen.html', { twin: true }));
}
const FIRST_LOAD = runs[0].requested;
const deep = [{ path: DEEP_LINKS[0], runs: screenRuns }];
for (const path of DEEP_LINKS.slice(1)) {
  const r = [];
  for (let i = 0; i < RUNS; i++) r.push(await coldLoad(path));
  deep.push({ path, runs: r });
}
rmSync(SITE, { recursive: true, force: true });
const kb = (n) => (n / 1024).toFixed(1);
console.log('\n| file | raw KB | brotli KB | first load |');
console.log('| --- | ---: | ---: | :---: |');
for (const r of rows) console.log(`| ${r.file} | ${kb(r.raw)} | ${kb(r.br)} | ${FIRST_LOAD.has(r.file) ? 'yes' : ''} |`);
const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, br: a.br + r.br }), { raw: 0, br: 0 });
const first = rows.filter((r) => FIRST_LOAD.has(r.file)).reduce((a, r) => ({ raw: a.raw + r.raw, br: a.br + r.br }), { raw: 0, br: 0 });
console.log(`| **all files** | ${kb(total.raw)} | ${kb(total.br)} | |`);
console.log(`| **first load** | ${kb(first.raw)} | ${kb(first.br)} | budget 150 KB brotli: ${first.br <= 150 * 1024 ? 'within' : 'OVER'} |`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const ms = (x) => `${Math.round(x)} ms`;
console.log('\n| measure (4x CPU) | median | runs |');
console.log('| --- | ---: | --- |');
console.log(`| cold load, Slow 4G, to app:ready | ${ms(median(runs.map((r) => r.cold)))} | ${runs.map((r) => Math.round(r.cold)).join(', ')} |`);
console.log(`| offline reload to app:ready | ${ms(median(runs.map((r) => r.offline)))} | ${runs.map((r) => Math.round(r.offline)).join(', ')} |`);
for (const { path, runs: r } of deep) {
  const extra = rows.filter((row) => r[0].requested.has(row.file) && !FIRST_LOAD.has(row.file));
  const extraBr = extra.reduce((a, row) => a + row.br, 0);
  console.log(`| cold load of ${path}, Slow 4G, to app:ready (+${kb(extraBr)} KB brotli in ${extra.length} chunks) | ${ms(median(r.map((x) => x.cold)))} | ${r.map((x) => Math.round(x.cold)).join(', ')} |`);
}

console.log('\n| first paint (Slow 4G, 4x CPU) | app | static twin | app / twin | app runs | twin runs |');
console.log('| --- | ---: | ---: | ---: | --- | --- |');
const pair = (label, app, twin) => {
  const a = median(app);
  const b = median(twin);
  console.log(`| ${label} | ${ms(a)} | ${ms(b)} | ${(a / b).toFixed(2)}x | ${app.map(Math.round).join(', ')} | ${twin.map(Math.round).join(', ')} |`);
};
pair('/ first contentful paint', runs.map((r) => r.fcp), twinHome.map((r) => r.fcp));
pair('/ "Bel 112" visible', runs.map((r) => r.visible), twinHome.map((r) => r.visible));
pair(`${DEEP_LINKS[0]} first contentful paint`, screenRuns.map((r) => r.fcp), twinScreen.map((r) => r.fcp));
pair(`${DEEP_LINKS[0]} header, navigation and "Scherm laden…" visible`, screenRuns.map((r) => r.visible), twinScreen.map((r) => r.visible));
console.log(`| / app:ready | ${ms(median(runs.map((r) => r.cold)))} | (no app) | | ${runs.map((r) => Math.round(r.cold)).join(', ')} | |`);
console.log(`| ${DEEP_LINKS[0]} app:ready | ${ms(median(screenRuns.map((r) => r.cold)))} | (no app) | | ${screenRuns.map((r) => Math.round(r.cold)).join(', ')} | |`);
const maxCls = (xs) => Math.max(...xs.map((r) => r.cls)).toFixed(4);
console.log(`\nlayout shift of the take-over (largest of ${RUNS}): / ${maxCls(runs)}, ${DEEP_LINKS[0]} ${maxCls(screenRuns)}`);
console.log(`main module fetches per cold load of /: ${runs.map((r) => r.wasmFetches).join(', ')}`);
