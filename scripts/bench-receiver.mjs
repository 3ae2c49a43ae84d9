// Receiver figures (a benchmark, not a pass/fail test), after scripts/build:
//  - time to fetch and decrypt 1,000 and 10,000 sealed observations on the
//    /ontvangen screen at 4x CPU throttling, from "Verbinden en ophalen" to
//    "Alles opgehaald" (and to the first card), against a real zicht-endpoint
//    on 127.0.0.1 seeded through its API with bodies sealed by zicht-core;
//  - what opening /ontvangen fetches after Home: the files and their size,
//    raw and brotli (the screen's own chunk and any shared chunk it needs).
// Usage: node scripts/bench-receiver.mjs [counts…]   (default 1000 10000)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { DIST, appReady, launch, startServer } from '../tests/e2e/harness.mjs';
import { READER, buildEndpoint, fixture, seed, startEndpoint } from '../tests/e2e/receiver-helpers.mjs';

const COUNTS = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (!COUNTS.length) COUNTS.push(1000, 10000);

buildEndpoint();
const largest = Math.max(...COUNTS);
process.stderr.write(`sealing ${largest} observations with zicht-core…\n`);
const data = fixture(largest);
const server = await startServer();
const brotli = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const results = [];
let chunkRows = [];
try {
  for (const n of COUNTS) {
    const endpoint = await startEndpoint(server.url, { publicKey: data.public_key, keyId: data.key_id });
    const browser = await launch({ viewport: { width: 1366, height: 768 } });
    try {
      const started = Date.now();
      await seed(endpoint.url, data.items.slice(0, n).map((i) => i.sealed));
      process.stderr.write(`seeded ${n} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      const { page } = browser;
      await page.goto(server.url);
      await appReady(page);
      const before = await page.evaluate(() => performance.getEntriesByType('resource').length);
      // In-app navigation, as from the settings link: only the screen's own files load.
      await page.evaluate(() => {
        history.pushState({}, '', '/ontvangen');
        window.dispatchEvent(new PopStateEvent('popstate'));
      });
      await page.waitForSelector('#rcv-url');
      if (!chunkRows.length) {
        const files = await page.evaluate(
          (from) => performance.getEntriesByType('resource').slice(from).map((e) => new URL(e.name).pathname.slice(1)),
          before,
        );
        chunkRows = files.map((file) => {
          const buf = readFileSync(join(DIST, file));
          return { file, raw: buf.length, br: brotli(buf) };
        });
      }
      await page.locator('#rcv-url').fill(endpoint.url);
      await page.locator('#rcv-token').fill(READER);
      await page.locator('#rcv-key-paste').fill(data.key_file);
      await page.getByRole('button', { name: /Geplakte sleutel laden/ }).click();
      await page.waitForSelector('[data-testid="rcv-key-loaded"]');
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const t0 = Date.now();
      await page.locator('[data-testid="rcv-connect"]').click();
      await page.waitForSelector('[data-testid="rcv-card"]', { timeout: 600_000 });
      const firstCard = Date.now() - t0;
      await page.waitForFunction(
        () => /Alles opgehaald/.test(document.querySelector('[data-testid="rcv-phase"]')?.textContent || ''),
        null,
        { timeout: 1_200_000, polling: 50 },
      );
      const all = Date.now() - t0;
      const progress = (await page.locator('[data-testid="rcv-progress"]').textContent()).trim();
      // Filter response on the full set: one worry level on, until the count changes.
      const countBefore = await page.locator('[data-testid="rcv-count"]').textContent();
      const t1 = Date.now();
      await page.locator('#rcv-worry-acuut').check();
      await page.waitForFunction((c) => document.querySelector('[data-testid="rcv-count"]').textContent !== c, countBefore, {
        polling: 'raf',
      });
      const filter = Date.now() - t1;
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      results.push({ n, firstCard, all, filter, progress });
    } finally {
      await browser.close();
      await endpoint.stop();
    }
  }
} finally {
  await server.stop();
}

console.log('\n/ontvangen at 4x CPU (1366x768), fetch + decrypt + list, against zicht-endpoint on 127.0.0.1');
console.log('observations | first card | all fetched and opened | per 1,000 | filter (acuut) | screen says');
for (const r of results) {
  console.log(
    `${String(r.n).padStart(12)} | ${String(r.firstCard).padStart(7)} ms | ${String(r.all).padStart(18)} ms | ${String(Math.round((r.all / r.n) * 1000)).padStart(6)} ms | ${String(r.filter).padStart(11)} ms | ${r.progress}`,
  );
}
console.log('\nFiles fetched when opening /ontvangen after Home (bytes):');
let raw = 0;
let br = 0;
for (const r of chunkRows) {
  raw += r.raw;
  br += r.br;
  console.log(`${r.file.padEnd(48)} ${String(r.raw).padStart(9)} raw ${String(r.br).padStart(8)} brotli`);
}
console.log(`${'total'.padEnd(48)} ${String(raw).padStart(9)} raw ${String(br).padStart(8)} brotli`);
