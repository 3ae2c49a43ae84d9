// The reference endpoint (crates/zicht-endpoint, release build) as the browser
// tests and benchmarks use it: a fresh one on a loopback port with its own
// SQLite file, optionally with faults, a body limit, readers and a sealing key;
// restartable on the same port and database (a key change); its export and its
// logged answers. Also the app-side steps every sending test shares.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, appReady } from './harness.mjs';

export const ENDPOINT_BIN = join(ROOT, 'target/release/zicht-endpoint');
export const SENDER = 'e2e-token-0123456789abcdef';
export const READER = 'e2e-reader-0123456789abcdef';

/** Builds the endpoint (a no-op when it is current), so a stale binary is never tested. */
export function buildEndpoint() {
  execFileSync('cargo', ['build', '-p', 'zicht-endpoint', '--release'], { cwd: ROOT, stdio: 'inherit', timeout: 900_000 });
}

/** Builds the endpoint only when there is none (the test command builds it first). */
export function ensureEndpoint() {
  if (!existsSync(ENDPOINT_BIN)) buildEndpoint();
}

/** Bounded polling: `check` until it returns a truthy value. */
export async function until(what, check, { timeout = 30_000, every = 250 } = {}) {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** A new key pair from `zicht-endpoint keygen` in `dir`: the key file and what it printed. */
export function keygen(dir, name = 'receiver.key') {
  const file = join(dir, name);
  const out = execFileSync(ENDPOINT_BIN, ['keygen', '--out', file], { encoding: 'utf8' });
  const field = (key) => out.match(new RegExp(`^${key}\\s+(\\S.*)$`, 'm'))?.[1].trim();
  return { file, text: readFileSync(file, 'utf8'), publicKey: field('public_key'), keyId: field('key_id'), fingerprint: field('fingerprint') };
}

function configText(origin, { maxBodyBytes, seal, readers }) {
  const lines = [`allowed_origins = ["${origin}"]`];
  if (readers) lines.push(`reader_origins = ["${origin}"]`);
  if (maxBodyBytes) lines.push(`max_body_bytes = ${maxBodyBytes}`);
  if (seal) {
    const previous = (seal.previous || []).map((k) => `"${k}"`).join(', ');
    lines.push('[seal]', `public_key = "${seal.publicKey}"`, `key_id = "${seal.keyId}"`, `previous = [${previous}]`);
  }
  lines.push('[[tokens]]', 'name = "e2e"', `token = "${SENDER}"`, 'rate_per_minute = 1000000', 'burst = 1000000');
  if (readers) lines.push('[[readers]]', 'name = "e2e-reader"', `token = "${READER}"`);
  return [...lines, ''].join('\n');
}

/**
 * A fresh endpoint for pages from `origin`. Options: `faults`, `seed`,
 * `stallMs`, `maxBodyBytes`, `readers` (a reader token, READER), `seal`
 * (`{publicKey, keyId, previous: [publicKey…]}`).
 */
export async function startEndpoint(origin, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'zicht-endpoint-'));
  const db = join(dir, 'observations.sqlite');
  const config = join(dir, 'endpoint.toml');
  const log = [];
  let child;
  let listen = '127.0.0.1:0';

  async function start(opts) {
    writeFileSync(config, configText(origin, opts));
    const args = ['--db', db, '--config', config, '--listen', listen];
    if (opts.faults) args.push('--faults', opts.faults, '--fault-seed', String(opts.seed ?? 7));
    if (opts.stallMs) args.push('--fault-stall-ms', String(opts.stallMs));
    child = spawn(ENDPOINT_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const from = log.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('endpoint did not start within 10 s')), 10_000);
      let buffer = '';
      child.stderr.on('data', (chunk) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop();
        log.push(...lines);
        const match = log.slice(from).join('\n').match(/listening on (http:\/\/127\.0\.0\.1:(\d+))/);
        if (match) {
          clearTimeout(timer);
          listen = `127.0.0.1:${match[2]}`;
          resolve(match[1]);
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`endpoint exited with ${code}: ${log.slice(from).join('\n')}`));
      });
    });
  }

  async function stopChild() {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    }
  }

  const url = await start(options);
  return {
    url,
    db,
    dir,
    log,
    /** Rows as the receiving organisation exports them (opened with `key`, a key file path). */
    export({ key } = {}) {
      const args = ['export', '--db', db, '--format', 'json'];
      if (key) args.push('--key', key);
      return JSON.parse(execFileSync(ENDPOINT_BIN, args, { encoding: 'utf8' }));
    },
    /** Logged answers to POST /v1/observations, by status. */
    posts() {
      const counts = {};
      for (const line of log) {
        const m = line.match(/ POST \/v1\/observations (\d{3}) /);
        if (m) counts[m[1]] = (counts[m[1]] || 0) + 1;
      }
      return counts;
    },
    /** The same database and port with other options (e.g. a new key). */
    async restart(opts) {
      await stopChild();
      await start(opts);
    },
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sets the endpoint in Instellingen and saves. */
export async function configure(page, base, { url, token, label }) {
  await page.goto(`${base}/instellingen`);
  await appReady(page);
  await page.locator('#sync-url').fill(url);
  if (token !== undefined) await page.locator('#sync-token').fill(token);
  if (label !== undefined) await page.locator('#sync-label').fill(label);
  await page.locator('[data-testid="sync-save"]').click();
  await page.waitForSelector('[data-testid="sync-notice"] .notice-ok');
}

/** Every stored real observation, read straight from IndexedDB. */
export async function storedRecords(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('zicht');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = await new Promise((resolve, reject) => {
      const r = db.transaction('observations_real').objectStore('observations_real').getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return all.map((row) => JSON.parse(row.json));
  });
}

/**
 * Writes `count` pending observations straight into the app's store (the
 * IndexedDB layout documented in crates/zicht-idb), copied from the first
 * stored one with a new id and time; returns their ids.
 */
export async function seedStore(page, count, { note } = {}) {
  return page.evaluate(async ({ count, note }) => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('zicht');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const store = (mode) => db.transaction('observations_real', mode).objectStore('observations_real');
    const template = await new Promise((resolve) => {
      const r = store('readonly').getAll();
      r.onsuccess = () => resolve(JSON.parse(r.result[0].json));
    });
    const sortKey = (t) => {
      const body = t.slice(0, -1);
      const [whole, frac = ''] = body.split('.');
      return `${whole}.${frac.padEnd(9, '0')}`;
    };
    const ids = [];
    const tx = db.transaction('observations_real', 'readwrite');
    const base = Date.now() - 3_600_000;
    for (let n = 0; n < count; n++) {
      const id = crypto.randomUUID();
      const recorded = new Date(base + n * 1000).toISOString();
      const record = {
        ...template,
        observation: { ...template.observation, id, recorded_at: recorded, note: note ?? `chaos ${n}` },
        sync: { state: 'pending' },
        updated_at: recorded,
      };
      tx.objectStore('observations_real').put({ id, order: `${sortKey(recorded)}|${id}`, json: JSON.stringify(record) });
      ids.push(id);
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return ids;
  }, { count, note });
}

/** Ends a launchKillable browser the normal way (Browser.close), so it writes its storage. */
export async function gracefulClose(killable) {
  const cdp = await killable.browser.newBrowserCDPSession();
  await cdp.send('Browser.close').catch(() => {});
  await until('the browser to exit', () => !killable.browser.isConnected(), { timeout: 15_000, every: 100 });
  await killable.kill();
}

/** The waiting count the list shows. */
export async function waitingShown(page) {
  return page.locator('[data-testid="sync-waiting"]').first().getAttribute('data-n');
}

/** Spaces and case aside, the fingerprint a screen shows. */
export const bareFingerprint = (text) => text.replace(/\s+/g, '').toLowerCase();

/**
 * "Verbinding testen" in Instellingen, then the fingerprint the screen offers
 * checked against `key` (from keygen) and confirmed.
 */
export async function confirmKey(page, base, key) {
  await page.goto(`${base}/instellingen`);
  await appReady(page);
  await page.locator('[data-testid="sync-test"]').click();
  await page.waitForSelector('[data-testid="seal-confirm"]', { timeout: 15_000 });
  const offered = await page.locator('[data-testid="seal-fingerprint-new"]').innerText();
  if (bareFingerprint(offered) !== bareFingerprint(key.fingerprint)) {
    throw new Error(`the screen offers fingerprint ${offered}, keygen printed ${key.fingerprint}`);
  }
  await page.locator('[data-testid="seal-confirm"]').click();
  await page.waitForSelector('[data-testid="seal-confirmed"]', { timeout: 10_000 }).catch(async (error) => {
    const status = await page.locator('[data-testid="seal-status"]').innerText().catch(() => '?');
    throw new Error(`${error.message}\nseal status now: ${status}`);
  });
}

/**
 * The second endpoint (tests/e2e/mini-endpoint.py), written only from the
 * protocol page: the same shape as startEndpoint's, with `rows()` and
 * `posts()` async, and `script(answers)` to force the next answers.
 */
export async function startMiniEndpoint(origin, { token = SENDER, exposeRetryAfter = true, port } = {}) {
  const args = [join(ROOT, 'tests/e2e/mini-endpoint.py'), '--origin', origin, '--token', token];
  if (!exposeRetryAfter) args.push('--no-expose-retry-after');
  if (port) args.push('--port', String(port));
  const child = spawn('python3', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('mini endpoint did not start within 10 s')), 10_000);
    let log = '';
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const match = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mini endpoint exited with ${code}: ${log}`));
    });
  });
  const get = async (path) => (await fetch(`${url}${path}`)).json();
  return {
    kind: 'mini',
    url,
    rows: () => get('/_rows'),
    log: () => get('/_log'),
    async posts() {
      const counts = {};
      for (const entry of await get('/_log')) {
        if (entry.method === 'POST' && entry.path === '/v1/observations') counts[entry.status] = (counts[entry.status] || 0) + 1;
      }
      return counts;
    },
    async script(answers) {
      await fetch(`${url}/_script`, { method: 'POST', body: JSON.stringify({ answers }) });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));
      }
    },
  };
}

/** The reference endpoint with the same async `rows()`/`posts()` as the mini one. */
export async function startReferenceEndpoint(origin, options) {
  const endpoint = await startEndpoint(origin, options);
  return {
    ...endpoint,
    kind: 'reference',
    rows: async () => endpoint.export(),
    posts: async () => endpoint.posts(),
  };
}

/**
 * Runs a test file's cleanups, newest first, each bounded to 15 s so a stuck
 * browser or server cannot hold the file up; `report` hears of one that hung.
 */
export async function runCleanups(cleanups, report = (m) => process.stderr.write(`${m}\n`)) {
  for (const cleanup of cleanups.reverse()) {
    let timer;
    const limit = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), 15_000);
    });
    const result = await Promise.race([cleanup().catch(() => {}), limit]);
    clearTimeout(timer);
    if (result === 'timeout') report(`a cleanup took over 15 s: ${cleanup.toString().slice(0, 80)}`);
  }
}
