// Shared plumbing for the browser tests: the static server, headless Debian
// chromium through playwright-core, and the checks every page gets.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = new URL('../../', import.meta.url).pathname;
// ZICHT_DIST lets parallel work build and test its own copy.
export const DIST = process.env.ZICHT_DIST || join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'test-results');
export const PHONE = { width: 390, height: 844 };

/** The top-level paths, read from the one place they are defined. */
export function routePaths() {
  const source = readFileSync(join(ROOT, 'crates/zicht-core/src/paths.rs'), 'utf8');
  const block = source.slice(source.indexOf('pub fn path(self)'), source.indexOf('/// Label in the navigation'));
  const paths = [...block.matchAll(/Page::(\w+) => "([^"]+)"/g)].map((m) => ({ page: m[1], path: m[2] }));
  if (paths.length < 7) throw new Error(`expected 7 routes in paths.rs, found ${paths.length}`);
  return paths;
}

/** A copy of dist/ that a test may change (for the update test). */
export function copyOfDist() {
  const dir = mkdtempSync(join(tmpdir(), 'zicht-dist-'));
  cpSync(DIST, dir, { recursive: true });
  return dir;
}

/** Starts scripts/serve.py on a free port of 127.0.0.1. */
export async function startServer(dir = DIST) {
  const child = spawn('python3', [join(ROOT, 'scripts/serve.py'), '--dir', dir, '--port', '0'], {
    env: { ...process.env, ZICHT_SERVE_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 10 s')), 10_000);
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const match = buffer.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    },
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A browser with a profile on disk (service worker and storage survive
 * reloads), that records every request and every CSP violation.
 */
/** Removes a browser profile. A Chromium helper may still be writing to it
 * for a moment after the browser closed or was killed, so keep trying for up
 * to ten seconds. */
export function removeProfile(profile) {
  rmSync(profile, { recursive: true, force: true, maxRetries: 50, retryDelay: 200 });
}

export async function launch({ viewport = PHONE, serviceWorkers = 'allow' } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'zicht-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    serviceWorkers,
  });
  const requests = [];
  const consoleErrors = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return {
    context,
    page,
    requests,
    consoleErrors,
    async close() {
      await context.close();
      removeProfile(profile);
    },
  };
}

/** Waits until the app has mounted (it sets the `app:ready` mark). */
export async function appReady(page) {
  await page.waitForFunction(() => performance.getEntriesByName('app:ready').length > 0, null, { timeout: 20_000 });
}

/** Waits until the service worker controls the page, i.e. offline works. */
export async function swControls(page) {
  const controlled = () => navigator.serviceWorker && navigator.serviceWorker.controller !== null;
  // The worker registers after app:ready on each page load; an install cut
  // off (a busy machine, a navigation) is retried only by the next load, so
  // one reload is allowed before giving up.
  const first = await page.waitForFunction(controlled, null, { timeout: 15_000 }).then(() => true, () => false);
  if (first) return;
  await page.reload();
  await appReady(page);
  await page.waitForFunction(controlled, null, { timeout: 30_000 });
}

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core with the WCAG 2.1 A and AA rules; returns the violations. */
export async function axe(page) {
  // Evaluated through the DevTools protocol, so the page's CSP stays strict.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  });
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations || []);
}

/** Every request host that is not this machine. */
export function foreignRequests(requests) {
  return requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('chrome')) return false;
    try {
      return new URL(url).hostname !== '127.0.0.1';
    } catch {
      return true;
    }
  });
}

export async function screenshot(page, name) {
  const dir = join(ARTIFACTS, 'screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}

/**
 * Debian chromium as a separate process on a given profile, driven over the
 * DevTools protocol, so a test can kill it (SIGKILL) like a crash or a dead
 * battery and start it again on the same profile.
 */
export async function launchKillable(profile, { viewport = PHONE } = {}) {
  const child = spawn(
    '/usr/bin/chromium',
    [...CHROMIUM_ARGS, '--headless=new', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const wsUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('chromium did not start within 20 s')), 20_000);
    let buffer = '';
    child.stderr.on('data', (chunk) => {
      buffer += chunk;
      const match = buffer.match(/DevTools listening on (ws:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`chromium exited with ${code}`)));
  });
  const browser = await chromium.connectOverCDP(wsUrl);
  const context = browser.contexts()[0];
  const page = context.pages()[0] || (await context.newPage());
  await page.setViewportSize(viewport);
  return {
    browser,
    context,
    page,
    /** Kills the whole browser at once, without any chance to clean up. */
    async kill() {
      const gone = () => child.exitCode !== null || child.signalCode !== null;
      const exited = new Promise((resolve) => (gone() ? resolve() : child.once('exit', resolve)));
      child.kill('SIGKILL');
      await exited;
    },
    async close() {
      const gone = () => child.exitCode !== null || child.signalCode !== null;
      const exited = new Promise((resolve) => (gone() ? resolve() : child.once('exit', resolve)));
      await browser.close().catch(() => {});
      // Give it a bounded moment to exit by itself, so its helpers stop writing.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (!gone()) await this.kill();
    },
  };
}

/** A fresh, empty browser profile folder. */
export function newProfile() {
  return mkdtempSync(join(tmpdir(), 'zicht-profile-'));
}

/**
 * The static server and one browser for a whole test file: `env.server` and
 * `env.browser` are set before the first test and closed after the last.
 */
/**
 * A server (on `dir`, default the build) and a browser of one test's own,
 * both closed when that test ends.
 */
export async function ownAppAndBrowser(t, { dir = DIST, ...launchOptions } = {}) {
  const server = await startServer(dir);
  const browser = await launch(launchOptions);
  t.after(async () => {
    await browser.close();
    await server.stop();
  });
  return { server, browser, page: browser.page };
}

export function withAppAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** Fails with the list of axe violations, naming where they were found. */
export async function noViolations(page, where) {
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${where}: axe violations\n${JSON.stringify(violations, null, 2)}`);
}

/** Opens the observation form at `base` and waits until any draft is restored. */
export async function openObservationForm(page, base, query = '') {
  await page.goto(`${base}/observaties/nieuw${query}`);
  await appReady(page);
  await page.waitForSelector('.observation-form button[type="submit"]:not([disabled])');
}

/** Finds a signal by a word in the form's picker and chooses it. */
export async function pickSignal(page, word, id) {
  await page.locator('#signal-search').fill(word);
  await page.locator(`.signal-options input[value="${id}"]`).check();
  await page.waitForSelector(`.chips .chip[data-signal="${id}"]`);
}

/** The fast path: one signal, a worry level (and a note), save; returns the stored id. */
export async function recordObservation(page, base, { word = 'schoolverzuim', id = 'truancy', worry = 'zorgelijk', note } = {}) {
  await openObservationForm(page, base);
  await pickSignal(page, word, id);
  await page.locator(`input[name="worry"][value="${worry}"]`).check();
  if (note !== undefined) {
    if (!(await page.locator('details.more').evaluate((d) => d.open))) await page.locator('details.more > summary').click();
    await page.locator('#obs-note').fill(note);
  }
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForSelector('.saved-notice');
  return new URL(page.url()).pathname.split('/').pop();
}
