// The meldroute per role and the contact directory, online and offline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, noViolations, screenshot, swControls, withAppAndBrowser } from './harness.mjs';

const env = withAppAndBrowser();

/** Clicks a link or button by its visible text and waits for the next step. */
async function choose(page, text) {
  const before = await page.locator('.route-step').getAttribute('data-step').catch(() => null);
  await page.locator('main').getByRole('link', { name: text, exact: true }).first().click();
  await page.waitForFunction((prev) => {
    const step = document.querySelector('.route-step');
    return step && step.dataset.step !== prev;
  }, before);
  return page.locator('.route-step').getAttribute('data-step');
}

test('112 is one tap from Home and from the first route question', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/`);
  await appReady(page);
  assert.equal(await page.locator('main a[href="tel:112"]').first().getAttribute('href'), 'tel:112');

  await page.goto(`${env.server.url}/meldroute`);
  await appReady(page);
  await page.locator('main a.card-link').first().click();
  await page.waitForSelector('.route-step');
  assert.equal(await choose(page, 'Ja'), 'bel-112');
  assert.equal(await page.locator('.route-step a[href="tel:112"]').count(), 1);
  await noViolations(page, 'bel-112');
  // After 112 the route goes on to Veilig Thuis.
  assert.equal(await choose(page, 'Volgende stap'), 'na-112-veilig-thuis');
  assert.equal(await page.locator('.route-step [data-contact="veilig-thuis"] a.button-call').getAttribute('href'), 'tel:08002000');
});

test('a jongerenwerker walks the route to reporting to Veilig Thuis, and back works', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/meldroute`);
  await appReady(page);
  await noViolations(page, 'role picker');
  await screenshot(page, 'meldroute-roles-390x844');
  await page.getByRole('link', { name: /Jongerenwerk en sociaal werk/ }).click();
  await page.waitForSelector('.route-step[data-step="jongerenwerk-gevaar"]');
  await noViolations(page, 'jongerenwerk-gevaar');

  const walk = [
    ['Nee', 'jongerenwerk-meldcode'],
    ['Volgende stap', 'mc-1-signalen'],
    ['Volgende stap', 'mc-2-overleg'],
    ['Collega of aandachtsfunctionaris', 'mc-2-collega'],
    ['Volgende stap', 'mc-delen'],
    ['Volgende stap', 'mc-3-gesprek'],
    ['Volgende stap', 'mc-4-wegen'],
    ['Ja, of signalen van seksuele uitbuiting bij een minderjarige', 'mc-5-melden'],
  ];
  for (const [answer, expected] of walk) {
    assert.equal(await choose(page, answer), expected);
    await noViolations(page, expected);
  }
  assert.match(await page.locator('.route-step .outcome').innerText(), /melden bij Veilig Thuis/);
  const call = page.locator('.route-step [data-contact="veilig-thuis"] a.button-call');
  assert.equal(await call.getAttribute('href'), 'tel:08002000');
  assert.ok((await page.locator('.route-step .source').first().innerText()).startsWith('Bron:'));
  await screenshot(page, 'meldroute-veilig-thuis-390x844');

  await page.goBack();
  await page.waitForSelector('.route-step[data-step="mc-4-wegen"]');
  await page.goForward();
  await page.waitForSelector('.route-step[data-step="mc-5-melden"]');
  await page.locator('button', { hasText: 'Vorige stap' }).click();
  await page.waitForSelector('.route-step[data-step="mc-4-wegen"]');

  // The role is remembered and offered first.
  await page.goto(`${env.server.url}/meldroute`);
  await appReady(page);
  assert.match(await page.locator('main .card-link').first().innerText(), /Jongerenwerk[\s\S]*Jouw rol/);
});

test('a wijkagent walks the police route: AVIM internally, Veilig Thuis, care coordination, casusoverleg', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/meldroute`);
  await appReady(page);
  await page.getByRole('link', { name: /Wijkagent en politie/ }).click();
  await page.waitForSelector('.route-step[data-step="politie-gevaar"]');
  assert.equal(await choose(page, 'Nee'), 'politie-slachtoffer');
  assert.equal(await choose(page, 'Volgende stap'), 'politie-avim');
  assert.match(await page.locator('.route-step .outcome').innerText(), /politie/);
  // AVIM is reached internally: no public number, and the screen says the sources do not say how.
  assert.equal(await page.locator('.route-step a[href^="tel:"]').count(), 0);
  assert.match(await page.locator('.route-step').innerText(), /staat niet in de bronnen/);
  await noViolations(page, 'politie-avim');
  assert.equal(await choose(page, 'Volgende stap'), 'politie-veilig-thuis-vraag');
  assert.equal(await choose(page, 'Ja, of signalen van seksuele uitbuiting bij een minderjarige'), 'politie-veilig-thuis');
  assert.match(await page.locator('.route-step .outcome').innerText(), /Veilig Thuis/);
  assert.equal(await choose(page, 'Volgende stap'), 'politie-zorgcoordinatie');
  assert.equal(await page.locator('.route-step [data-contact="shop-jeugd"]').count(), 1);
  assert.equal(await page.locator('.route-step [data-contact="shop"]').count(), 1);
  assert.equal(await choose(page, 'Volgende stap'), 'politie-casusoverleg');
  assert.match(await page.locator('.route-step').innerText(), /8 weken/);
  await noViolations(page, 'politie-casusoverleg');
});

test('in direct danger a wijkagent is not told to call 112, and the route goes on', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/meldroute`);
  await appReady(page);
  await page.getByRole('link', { name: /Wijkagent en politie/ }).click();
  await page.waitForSelector('.route-step[data-step="politie-gevaar"]');
  assert.equal(await choose(page, 'Ja'), 'politie-spoed');
  assert.equal(await page.locator('.route-step a[href="tel:112"]').count(), 0);
  assert.match(await page.locator('.route-step').innerText(), /meldkamer/);
  assert.equal(await page.locator('.route-step [data-contact="jeugdbescherming-west"]').count(), 1);
  assert.equal(await choose(page, 'Volgende stap'), 'politie-slachtoffer');
});

test('a route link that no longer fits the content says so', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/meldroute?w=politie:politie-gevaar.bestaat-niet`);
  await appReady(page);
  assert.match(await page.locator('main [role="alert"]').innerText(), /past niet/);
});

test('every contact passes axe, shows its source and check date, and the directory works offline', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/contacten`);
  await appReady(page);
  await noViolations(page, '/contacten');
  await screenshot(page, 'contacts-390x844');
  const ids = await page.locator('.contact-card').evaluateAll((cards) => cards.map((c) => c.dataset.contact));
  assert.ok(ids.length >= 12, `expected at least 12 contacts, found ${ids.length}`);
  for (const id of ['112', 'politie', 'veilig-thuis', 'shop', 'shop-jeugd', 'meld-misdaad-anoniem', 'arbeidsinspectie']) {
    assert.ok(ids.includes(id), `contact ${id} is listed`);
  }
  for (const id of ids) {
    await page.goto(`${env.server.url}/contacten/${id}`);
    await appReady(page);
    await page.waitForSelector('.contact-detail h1');
    assert.match(await page.locator('.contact-detail').innerText(), /Gecontroleerd op \d{4}-\d{2}-\d{2}/, id);
    assert.ok(await page.locator('.contact-detail .source').count() >= 2, `${id}: source`);
    await noViolations(page, `/contacten/${id}`);
  }
  await page.goto(`${env.server.url}/contacten/shop-jeugd`);
  await appReady(page);
  await screenshot(page, 'contact-shop-jeugd-390x844');

  await swControls(page);
  const origin = env.server.url;
  await env.server.stop();
  await page.goto(`${origin}/contacten/veilig-thuis`);
  await appReady(page);
  assert.equal(await page.locator('.contact-detail a.button-call').first().getAttribute('href'), 'tel:08002000');
  assert.match(await page.locator('.contact-detail .status').first().innerText(), /Dag en nacht/);
  await page.goto(`${origin}/contacten`);
  await appReady(page);
  assert.ok((await page.locator('.contact-card').count()) >= 12);
});
