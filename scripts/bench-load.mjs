// Load figures for the release build (a benchmark, not a pass/fail test):
//  - bytes of every shipped file, raw and brotli, and the first-load total
//    against the 150 KB brotli budget;
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
const FIRST_LOAD = new Set(['index.html', 'boot.js', 'zicht.js', 'zicht_bg.wasm', 'tokens.css', 'main.css', 'training.css', 'build.json', 'manifest.webmanifest', 'icons/icon.svg']);

const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const rows = walk(DIST)
  .map((path) => {
    const data = readFileSync(path);
    const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    return { file: relative(DIST, path), raw: data.length, br };
  })
  .sort((a, b) => b.br - a.br);
const kb = (n) => (n / 1024).toFixed(1);
console.log('\n| file | raw KB | brotli KB | first load |');
console.log('| --- | ---: | ---: | :---: |');
for (const r of rows) console.log(`| ${r.file} | ${kb(r.raw)} | ${kb(r.br)} | ${FIRST_LOAD.has(r.file) ? 'yes' : ''} |`);
const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, br: a.br + r.br }), { raw: 0, br: 0 });
const first = rows.filter((r) => FIRST_LOAD.has(r.file)).reduce((a, r) => ({ raw: a.raw + r.raw, br: a.br + r.br }), { raw: 0, br: 0 });
console.log(`| **all files** | ${kb(total.raw)} | ${kb(total.br)} | |`);
console.log(`| **first load** | ${kb(first.raw)} | ${kb(first.br)} | budget 150 KB brotli: ${first.br <= 150 * 1024 ? 'within' : 'OVER'} |`);

async function coldLoad() {
  const server = await startServer();
  const browser = await launch();
  try {
    const cdp = await browser.context.newCDPSession(browser.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await browser.page.goto(`${server.url}/`, { waitUntil: 'commit' });
    await appReady(browser.page);
    const cold = await browser.page.evaluate(() => performance.getEntriesByName('app:ready')[0].startTime);
    // Offline: let the service worker take over, stop the server, reload.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await swControls(browser.page);
    await server.stop();
    await browser.page.reload({ waitUntil: 'commit' });
    await appReady(browser.page);
    const offline = await browser.page.evaluate(() => performance.getEntriesByName('app:ready')[0].startTime);
    return { cold, offline };
  } finally {
    await browser.close();
    await server.stop();
  }
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await coldLoad());
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const ms = (x) => `${Math.round(x)} ms`;
console.log('\n| measure (4x CPU) | median | runs |');
console.log('| --- | ---: | --- |');
console.log(`| cold load, Slow 4G, to app:ready | ${ms(median(runs.map((r) => r.cold)))} | ${runs.map((r) => Math.round(r.cold)).join(', ')} |`);
console.log(`| offline reload to app:ready | ${ms(median(runs.map((r) => r.offline)))} | ${runs.map((r) => Math.round(r.offline)).join(', ')} |`);
