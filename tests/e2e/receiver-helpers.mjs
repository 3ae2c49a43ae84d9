// Shared by the receiver's browser test and its benchmark: sealed fixtures
// from zicht-core, an endpoint of their own that announces the key, seeding
// through the sending API, and the connect steps of the /ontvangen screen.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ROOT } from './harness.mjs';
import * as ep from './endpoint.mjs';

export { READER, SENDER, buildEndpoint } from './endpoint.mjs';
const { READER, SENDER } = ep;

/** Sealed observations from the app's own code (see the example's docs). */
export function fixture(count, seed = 17) {
  const out = execFileSync(
    'cargo',
    ['run', '--quiet', '--release', '-p', 'zicht-core', '--example', 'receiver_fixture', '--', String(count), String(seed)],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 900_000, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out);
}

/** An endpoint of its own: the app's origin may send and read; it announces `publicKey`. */
export function startEndpoint(origin, { publicKey, keyId }) {
  return ep.startEndpoint(origin, { readers: true, seal: { publicKey, keyId } });
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

