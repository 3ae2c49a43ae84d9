// Shared by the receiver's browser test and its benchmark: sealed fixtures
// from zicht-core, an endpoint of their own that announces the key, seeding
// through the sending API, and the connect steps of the /ontvangen screen.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

export const ENDPOINT_BIN = join(ROOT, 'target/release/zicht-endpoint');
export const SENDER = 'e2e-sender-0123456789abcdef';
export const READER = 'e2e-reader-0123456789abcdef';

/** Sealed observations from the app's own code (see the example's docs). */
export function fixture(count, seed = 17) {
  const out = execFileSync(
    'cargo',
    ['run', '--quiet', '--release', '-p', 'zicht-core', '--example', 'receiver_fixture', '--', String(count), String(seed)],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 900_000, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out);
}

/** Builds the endpoint (a no-op when it is current), so a stale binary is never tested. */
export function buildEndpoint() {
  execFileSync('cargo', ['build', '-p', 'zicht-endpoint', '--release'], { cwd: ROOT, stdio: 'inherit', timeout: 900_000 });
}

/** An endpoint of its own: the app's origin may send and read; it announces `publicKey`. */
export async function startEndpoint(origin, { publicKey, keyId }) {
  const dir = mkdtempSync(join(tmpdir(), 'zicht-endpoint-'));
  const config = join(dir, 'endpoint.toml');
  writeFileSync(
    config,
    [
      `allowed_origins = ["${origin}"]`,
      `reader_origins = ["${origin}"]`,
      '[seal]',
      `public_key = "${publicKey}"`,
      `key_id = "${keyId}"`,
      '[[tokens]]',
      'name = "e2e"',
      `token = "${SENDER}"`,
      'rate_per_minute = 1000000',
      'burst = 1000000',
      '[[readers]]',
      'name = "e2e-reader"',
      `token = "${READER}"`,
      '',
    ].join('\n'),
  );
  const child = spawn(ENDPOINT_BIN, ['--db', join(dir, 'db.sqlite'), '--config', config, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('endpoint did not start within 10 s')), 10_000);
    let log = '';
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const match = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`endpoint exited with ${code}: ${log}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Posts sealed bodies through the sending API, a few at a time. */
export async function seed(endpointUrl, bodies) {
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const r = await fetch(`${endpointUrl}/v1/observations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${SENDER}`, 'idempotency-key': body.id },
        body: JSON.stringify(body),
      });
      if (r.status !== 201) throw new Error(`seeding ${body.id}: ${r.status} ${await r.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** The key line of a key file (what must never leave memory). */
export const keyLine = (file) => file.split('\n').find((l) => l.trim() && !l.startsWith('#')).trim();

/** Fills the connect form and loads a key by pasting; waits for the reading to end. */
export async function connect(page, endpointUrl, keyFile) {
  await page.locator('#rcv-url').fill(endpointUrl);
  await page.locator('#rcv-token').fill(READER);
  await page.locator('#rcv-key-paste').fill(keyFile);
  await page.getByRole('button', { name: /Geplakte sleutel laden|Load pasted key/ }).click();
  await page.waitForSelector('[data-testid="rcv-key-loaded"]');
  assert.equal(await page.locator('#rcv-key-paste').inputValue(), '', 'the pasted key is removed from the page');
  await page.locator('[data-testid="rcv-connect"]').click();
  await page.waitForFunction(
    () => /Alles opgehaald|Everything fetched/.test(document.querySelector('[data-testid="rcv-phase"]')?.textContent || ''),
    null,
    { timeout: 120_000 },
  );
}

