// The app shell: every route, the language switch, accessibility, CSP and
// the rule that no request leaves this machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, cspViolations, foreignRequests, routePaths, screenshot, withAppAndBrowser } from './harness.mjs';

const env = withAppAndBrowser();

test('every route renders its screen, passes axe and stays within 320 px', async () => {
  const { page } = env.browser;
  for (const { page: name, path } of routePaths()) {
    await page.goto(env.server.url + path);
    await appReady(page);
    const heading = page.locator('main h1');
    await heading.waitFor();
    assert.ok((await heading.innerText()).trim().length > 0, `${path}: empty heading`);
    assert.equal(await page.locator('.bottom-nav a').count(), 5, `${path}: bottom navigation`);
    assert.equal(await page.locator('a[href="tel:112"]').count() >= (name === 'Home' ? 1 : 0), true);
    const violations = await axe(page);
    assert.deepEqual(violations, [], `${path}: axe violations\n${JSON.stringify(violations, null, 2)}`);
    await screenshot(page, `route-${name.toLowerCase()}-390x844`);

    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path}: horizontal scroll of ${overflow}px at 320 px`);
    await page.setViewportSize({ width: 390, height: 844 });
  }
});

test('unknown paths show a not-found screen with a way home', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/bestaat-niet`);
  await appReady(page);
  assert.match(await page.locator('main h1').innerText(), /niet gevonden/i);
  assert.equal(await page.locator('main a[href="/"]').count(), 1);
  assert.deepEqual(await axe(page), []);
});

test('the bottom navigation moves between screens and marks the current one', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/`);
  await appReady(page);
  await page.locator('.bottom-nav a[href="/contacten"]').click();
  await page.waitForURL(/\/contacten$/);
  assert.equal(await page.locator('.bottom-nav a[aria-current="page"]').getAttribute('href'), '/contacten');
  assert.match(await page.title(), /Contacten · Zicht/);
  await page.goBack();
  await page.waitForURL(/\/$/);
  assert.equal(await page.locator('.bottom-nav a[aria-current="page"]').getAttribute('href'), '/');
});

test('home offers 112 in one tap as a tel: link', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/`);
  await appReady(page);
  const call = page.locator('main a.acute-call');
  assert.equal(await call.getAttribute('href'), 'tel:112');
  assert.ok(await call.isVisible());
  const box = await call.boundingBox();
  assert.ok(box && box.height >= 48, 'the 112 action is a large target');
  assert.ok(box.y + box.height <= 844, 'the 112 action is visible without scrolling');
});

test('the language switch works and is remembered', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/signalen`);
  await appReady(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.equal(await page.locator('main h1').innerText(), 'Signalen');
  await page.locator('.lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.locator('main h1').innerText(), 'Signals');
  assert.equal(await page.locator('.bottom-nav a[href="/"]').innerText(), 'Home');

  await page.reload();
  await appReady(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('main h1').innerText(), 'Signals');
  await screenshot(page, 'route-signals-english-390x844');

  // Back to Dutch through the settings screen, with the keyboard only.
  await page.goto(`${env.server.url}/instellingen`);
  await appReady(page);
  await page.locator('input[name="lang"][value="nl"]').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.documentElement.lang === 'nl');
  await page.reload();
  await appReady(page);
  assert.equal(await page.locator('main h1').innerText(), 'Instellingen');
});

test('no request leaves 127.0.0.1 and nothing violates the CSP', async () => {
  const { page, requests, consoleErrors } = env.browser;
  await page.goto(`${env.server.url}/`);
  await appReady(page);
  assert.deepEqual(foreignRequests(requests), []);
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e)), []);
  const csp = (await page.request.get(`${env.server.url}/signalen`)).headers()['content-security-policy'];
  assert.match(csp, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'/);
});
