// The signal guide: search in both languages, filters in the URL, the detail
// page with its two actions, the background page, offline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, noViolations, screenshot, swControls, withAppAndBrowser } from './harness.mjs';

const env = withAppAndBrowser();

/** The signal ids of the result list, in order. */
async function resultIds(page) {
  return page.locator('.signal-list .signal-card').evaluateAll((cards) => cards.map((c) => c.dataset.signal));
}

async function typeQuery(page, text) {
  const field = page.getByRole('searchbox');
  await field.fill('');
  await field.pressSequentially(text);
  await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q, text);
}

async function setLanguage(page, code) {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current !== code) {
    await page.locator('.lang-switch').click();
    await page.waitForFunction((c) => document.documentElement.lang === c, code);
  }
}

test('the list shows categories with counts and the caveat', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/signalen`);
  await appReady(page);
  await setLanguage(page, 'nl');
  const cards = page.locator('main .card-list .card-link');
  assert.ok((await cards.count()) >= 8, 'at least eight categories');
  const counts = await page.locator('main .card-list .badge').allTextContents();
  const total = counts.map((t) => Number(t.match(/\d+/)?.[0] ?? 0)).reduce((a, b) => a + b, 0);
  assert.ok(total >= 100, `categories hold ${total} signals`);
  assert.match(await page.locator('.caveat').innerText(), /Eén signaal bewijst niets/i);
  await noViolations(page, 'signal list');
  await screenshot(page, 'signals-list-390x844');
});

test('search finds synonyms in Dutch and English, keeps query and filters in the URL', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/signalen`);
  await appReady(page);
  await setLanguage(page, 'nl');

  await typeQuery(page, 'geldezel');
  assert.ok((await resultIds(page)).includes('money-in-and-out'), 'geldezel finds the money mule signal');
  await typeQuery(page, 'geld ezel');
  assert.ok((await resultIds(page)).includes('money-in-and-out'), '"geld ezel" too');
  await typeQuery(page, 'GEÏSOLEERD');
  assert.ok((await resultIds(page)).includes('isolated-many-placements'), 'accents and case do not matter');

  await setLanguage(page, 'en');
  await typeQuery(page, 'money mule');
  const english = await resultIds(page);
  assert.equal(english[0], 'money-in-and-out', `money mule ranks first: ${english}`);
  assert.match(await page.locator('.signal-card .card-title').first().innerText(), /[A-Za-z]/);
  await setLanguage(page, 'nl');

  await typeQuery(page, 'school');
  const before = (await resultIds(page)).length;
  await page.getByLabel('Waar', { exact: true }).selectOption('online');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('context') === 'online');
  const filtered = (await resultIds(page)).length;
  assert.ok(filtered < before, `context filter narrows ${before} to ${filtered}`);

  // A shared link restores the same search.
  const shared = page.url();
  await page.goto(shared);
  await appReady(page);
  assert.equal(await page.getByRole('searchbox').inputValue(), 'school');
  assert.equal((await resultIds(page)).length, filtered);

  await typeQuery(page, 'xqzwv');
  assert.equal((await resultIds(page)).length, 0);
  assert.match(await page.locator('.result-count').innerText(), /Geen signalen gevonden/i);
  await noViolations(page, 'empty search result');
  await screenshot(page, 'signals-empty-390x844');
});

test('a signal opens, both actions lead on, and back restores the search', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/signalen`);
  await appReady(page);
  await setLanguage(page, 'nl');
  await typeQuery(page, 'geldezel');
  await page.getByLabel('Vorm van uitbuiting', { exact: true }).selectOption('criminal');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('form') === 'criminal');
  const listUrl = page.url();

  await page.locator('.signal-card[data-signal="money-in-and-out"]').click();
  await page.waitForSelector('.signal-detail[data-signal="money-in-and-out"]');
  assert.ok(new URL(page.url()).pathname.endsWith('/signalen/money-in-and-out'));
  assert.match(await page.locator('.signal-detail .source').first().innerText(), /Bron/);
  await noViolations(page, 'signal detail');
  await screenshot(page, 'signal-detail-390x844');

  await page.getByRole('link', { name: 'Wat kan ik doen?' }).click();
  await page.waitForURL(/\/meldroute/);
  await page.goBack();
  await page.waitForSelector('.signal-detail[data-signal="money-in-and-out"]');

  await page.getByRole('link', { name: /Leg observatie vast/ }).click();
  await page.waitForURL((url) => url.pathname === '/observaties/nieuw' && url.searchParams.get('signaal') === 'money-in-and-out');
  await page.goBack();
  await page.waitForSelector('.signal-detail');

  await page.getByRole('link', { name: 'Alle signalen', exact: true }).first().click();
  await page.waitForURL(listUrl);
  assert.equal(await page.getByRole('searchbox').inputValue(), 'geldezel');
  assert.equal(await page.getByLabel('Vorm van uitbuiting', { exact: true }).inputValue(), 'criminal');
  assert.ok((await resultIds(page)).includes('money-in-and-out'));
});

test('the background page shows the figures with sources and a chart', async () => {
  const { page } = env.browser;
  await page.goto(`${env.server.url}/over`);
  await appReady(page);
  await setLanguage(page, 'nl');
  const text = await page.locator('main').innerText();
  assert.match(text, /1\.?637/, 'survey size');
  assert.ok((await page.locator('.chart svg .bar-fill').count()) >= 3, 'chart bars');
  assert.ok((await page.locator('main .source').count()) >= 5, 'figures carry sources');
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 390, `no horizontal scroll (${scrollWidth})`);
  await noViolations(page, 'about');
  await screenshot(page, 'about-390x844');
});

test('search and details work offline', async () => {
  const { page, context } = env.browser;
  await page.goto(`${env.server.url}/signalen`);
  await appReady(page);
  await swControls(page);
  await context.setOffline(true);
  try {
    await page.goto(`${env.server.url}/signalen?q=loverboy`);
    await appReady(page);
    assert.ok((await resultIds(page)).includes('romantic-approach-girls'));
    await page.goto(`${env.server.url}/signalen/truancy`);
    await appReady(page);
    await page.waitForSelector('.signal-detail[data-signal="truancy"]');
  } finally {
    await context.setOffline(false);
  }
});
