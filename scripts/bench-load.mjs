// Load figures for the release build (a benchmark, not a pass/fail test):
//  - bytes of every shipped file, raw and brotli, and the first-load total
//    against the 150 KB brotli budget. "First load" is measured, not listed:
//    the files the page itself requested (not the service worker's background
//    precache) before `app:ready` on Home, in a cold load;
//  - cold load to the `app:ready` mark under 4x CPU throttling and Slow 4G
//    (through the DevTools protocol), median of 5;
//  - offline reload (server stopped, service worker answering) to `app:ready`.
// Usage: node scripts/bench-load.mjs [runs]   (after scripts/build)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { DIST, launch, startServer, swControls, appReady } from '../tests/e2e/harness.mjs';

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
async function coldLoad(path = '/') {
  const server = await startServer();
  const browser = await launch();
  try {
    const cdp = await browser.context.newCDPSession(browser.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await browser.page.goto(`${server.url}${path}`, { waitUntil: 'commit' });
    await appReady(browser.page);
    const cold = await browser.page.evaluate(() => performance.getEntriesByName('app:ready')[0].startTime);
    // What the page fetched before the mark (resource timing: the service
    // worker's own precache fetches are not the page's).
    const requested = new Set([
      'index.html',
      ...(await browser.page.evaluate(() => {
        const ready = performance.getEntriesByName('app:ready')[0].startTime;
        return performance
          .getEntriesByType('resource')
          .filter((entry) => entry.startTime <= ready)
          .map((entry) => new URL(entry.name).pathname.slice(1));
      })),
    ]);
    if (path !== '/') return { cold, requested };
    // Offline: let the service worker take over, stop the server, reload.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await swControls(browser.page);
    await server.stop();
    await browser.page.reload({ waitUntil: 'commit' });
    await appReady(browser.page);
    const offline = await browser.page.evaluate(() => performance.getEntriesByName('app:ready')[0].startTime);
    return { cold, offline, requested };
  } finally {
    await browser.close();
    await server.stop();
  }
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await coldLoad());
const FIRST_LOAD = runs[0].requested;
const deep = [];
for (const path of DEEP_LINKS) {
  const r = [];
  for (let i = 0; i < RUNS; i++) r.push(await coldLoad(path));
  deep.push({ path, runs: r });
}
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
