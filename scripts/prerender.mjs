// Prerenders the shell and Home into index.html, so the first paint needs no
// WebAssembly: header, bottom navigation and Home with its one-tap "Bel 112"
// (a plain tel:112 link) are in the HTML itself. Run by post-build.mjs after
// the module is split, before the service worker's version is computed.
//
// The HTML is the app's own: the built app is served on 127.0.0.1, opened in
// headless Debian chromium (playwright-core), and once it has set `app:ready`
// the children of its mount element (<div id="app">) are taken as they are,
// without Leptos' empty marker comments. Leptos' `ssr` feature would render
// the same components natively, but only from a second, native build of the
// UI crate (its browser-only dependencies behind features); a snapshot of the
// real module needs nothing new. What only the running app can know (online
// or not) is hidden by style/first-paint.css while the snapshot is shown.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/harness.mjs';

const MOUNT = /<div id="?app"?\s*><\/div>/;
// What the first paint must hold; the build fails without it.
const REQUIRED = ['header.app-header', 'nav.bottom-nav', 'main#main .page.home', 'a[href="tel:112"]', '.route-loading'];

/** The mount element's children as the app rendered them on `/`. */
async function snapshot(url) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block', locale: 'nl-NL' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/`);
    await page.waitForFunction(() => performance.getEntriesByName('app:ready').length > 0, null, { timeout: 60_000 });
    // Let effects that follow the mark settle (title, loading line).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    if (errors.length) throw new Error(`prerender: the app failed: ${errors.join('; ')}`);
    return await page.evaluate((required) => {
      const app = document.getElementById('app').cloneNode(true);
      const missing = required.filter((selector) => !app.querySelector(selector));
      const walker = document.createTreeWalker(app, NodeFilter.SHOW_COMMENT);
      const comments = [];
      while (walker.nextNode()) comments.push(walker.currentNode);
      comments.forEach((c) => c.remove());
      return { html: app.innerHTML, missing, lang: document.documentElement.lang };
    }, REQUIRED);
  } finally {
    await browser.close();
  }
}

export async function prerender(dir) {
  const indexPath = join(dir, 'index.html');
  const index = readFileSync(indexPath, 'utf8');
  if (!MOUNT.test(index)) throw new Error(`prerender: ${indexPath} has no empty <div id="app"> (prerendered already?)`);
  const server = await startServer(dir);
  let result;
  try {
    result = await snapshot(server.url);
  } finally {
    await server.stop();
  }
  if (result.missing.length) throw new Error(`prerender: the rendered Home lacks ${result.missing.join(', ')}`);
  if (result.lang !== 'nl') throw new Error(`prerender: rendered in "${result.lang}", expected nl`);
  const page = index
    .replace(MOUNT, () => `<div id="app" data-prerendered>${result.html}</div>`)
    // Trunk leaves its own <link data-trunk rel=rust> behind; it does nothing.
    .replace(/<link\b[^>]*\bdata-trunk\b[^>]*>/g, '');
  writeFileSync(indexPath, page);
  return result.html.length;
}
