// Practice mode: a case from start to feedback, a statement, the reset, the
// presenter view driven with the keyboard (also offline), and a practice
// session with an endpoint configured that makes zero requests to it.
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { appReady, copyOfDist, foreignRequests, launch, noViolations, recordObservation, screenshot, startServer, swControls, withAppAndBrowser } from './harness.mjs';

const PROJECTOR = { width: 1920, height: 1080 };
// The first case of content/training.toml and what is in it.
const CASE = 'pakketjes-na-school';
const PRESENT = ['older-boys-with-status', 'paid-per-job', 'truancy'];
const DISTRACTOR = 'cars-in-name';

const env = withAppAndBrowser();

async function open(page, path) {
  await page.goto(`${env.server.url}${path}`);
  await appReady(page);
  const lang = await page.evaluate(() => document.documentElement.lang);
  if (lang !== 'nl') {
    await page.locator('.lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'nl');
  }
}

test('the overview lists the cases with progress, the switch and the presenter link', async () => {
  const { page } = env.browser;
  await open(page, '/training');
  await page.evaluate(() => localStorage.removeItem('zicht.training.scores.v1'));
  await page.reload();
  await appReady(page);
  assert.ok((await page.locator('.case-list .case-card').count()) >= 8, 'at least eight cases');
  assert.match(await page.getByTestId('cases-progress').innerText(), /^0 van \d+ casussen gedaan$/);
  assert.equal(await page.getByRole('switch').isChecked(), false);
  assert.equal(await page.getByTestId('practice-banner').count(), 0, 'no banner while practice mode is off');
  await noViolations(page, 'training overview');
  await screenshot(page, 'training-overview-390x844');
});

test('play a case from the situation to feedback with links, score saved', async () => {
  const { page } = env.browser;
  await open(page, '/training');
  await page.locator(`.case-card[data-case="${CASE}"]`).click();
  await page.waitForSelector('[data-testid="signals-form"]:not([hidden])');
  assert.match(await page.locator('h1').innerText(), /Pakketjes na school/);
  assert.match(await page.locator('.situation').innerText(), /Daan/);
  assert.match(await page.locator('.step-of').innerText(), /Stap 1 van 3/);
  await noViolations(page, 'case, signals step');
  await screenshot(page, 'training-case-signals-390x844');

  // Step 1: the signals, titled from the catalogue.
  const options = page.locator('[data-testid="signals-form"] input[type="checkbox"]');
  assert.ok((await options.count()) >= 6, 'present signals and distractors to pick from');
  assert.match(await page.locator('[data-testid="signals-form"]').innerText(), /Schoolverzuim/i);
  for (const id of [...PRESENT, DISTRACTOR]) await page.locator(`input[value="${id}"]`).check();
  await page.getByRole('button', { name: 'Verder naar de volgende stap' }).click();

  // Step 2: the next step; checking without a choice says what is missing.
  await page.waitForSelector('[data-testid="choice-form"]:not([hidden])');
  assert.match(await page.locator('.step-of').innerText(), /Stap 2 van 3/);
  await page.getByRole('button', { name: 'Controleer' }).click();
  assert.match(await page.locator('#choice-error').innerText(), /Kies eerst een stap/);
  await noViolations(page, 'case, choice step');
  await page.getByLabel('Overleg en vraag advies aan SHOP Jeugd').check();
  await page.getByRole('button', { name: 'Controleer' }).click();

  // Step 3: feedback on every answer.
  const feedback = page.getByTestId('case-feedback');
  await feedback.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'feedback-title', 'focus moves to the feedback');
  assert.match(await page.getByTestId('signal-score').innerText(), /^2 van 5 signalen$/, '3 hits minus 1 false pick');
  assert.match(await page.getByTestId('choice-verdict').innerText(), /Goed/);
  const hits = await page.locator('.signal-group.is-hit a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hits.sort(), PRESENT.map((id) => `/signalen/${id}`).sort());
  assert.equal(await page.locator('.signal-group.is-miss a').count(), 2);
  assert.deepEqual(
    await page.locator('.signal-group.is-false a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    [`/signalen/${DISTRACTOR}`],
  );
  const choices = page.locator('.choice-result');
  assert.equal(await choices.count(), 4, 'every answer explained');
  assert.equal(await page.locator('.choice-result.is-chosen').count(), 1);
  assert.equal(await page.locator('.choice-result.is-chosen').getAttribute('data-correct'), 'true');
  const routeLink = page.locator('.choice-result.is-chosen [data-testid="route-link"]');
  assert.match(await routeLink.getAttribute('href'), /^\/meldroute\?w=jongerenwerk:[a-z0-9.-]*mc-2-shop-jeugd$/);
  assert.equal(await page.locator('.choice-result.is-chosen [data-testid="contact-link"]').getAttribute('href'), '/contacten/shop-jeugd');
  assert.match(await page.locator('.takeaway').innerText(), /Wat neem je mee/);
  assert.match(await page.locator('.takeaway .source').first().innerText(), /Bron/);
  await noViolations(page, 'case, feedback');
  await screenshot(page, 'training-case-feedback-390x844');

  // The score is kept on this device.
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('zicht.training.scores.v1')));
  assert.equal(stored.cases[CASE].choice_correct, true);
  assert.equal(stored.cases[CASE].attempts, 1);

  // The route link opens the meldroute at that step.
  await routeLink.click();
  await page.waitForURL(/\/meldroute\?w=/);
  await page.waitForSelector('.route-step');
  assert.match(await page.locator('main').innerText(), /SHOP Jeugd/);

  await open(page, '/training');
  assert.match(await page.getByTestId('cases-progress').innerText(), /^1 van \d+ casussen gedaan$/);
  assert.equal(await page.locator(`.case-card[data-case="${CASE}"]`).getAttribute('data-status'), 'correct');

  // Once more at projector size, for the screenshot.
  await page.setViewportSize(PROJECTOR);
  await open(page, `/training/casus/${CASE}`);
  await page.locator(`input[value="${PRESENT[0]}"]`).check();
  await page.getByRole('button', { name: 'Verder naar de volgende stap' }).click();
  await page.getByLabel('Bel 112').check();
  await page.getByRole('button', { name: 'Controleer' }).click();
  await page.getByTestId('case-feedback').waitFor();
  assert.match(await page.getByTestId('choice-verdict').innerText(), /Niet goed/);
  await screenshot(page, 'training-case-feedback-1920x1080');
  await page.setViewportSize({ width: 390, height: 844 });
  const best = await page.evaluate((id) => JSON.parse(localStorage.getItem('zicht.training.scores.v1')).cases[id], CASE);
  assert.equal(best.attempts, 2);
  assert.equal(best.choice_correct, true, 'the best attempt is kept');
});

test('a statement: answer, explanation with source, progress; reset clears everything', async () => {
  const { page } = env.browser;
  await open(page, '/training/stellingen');
  const first = page.locator('.statement').first();
  assert.ok((await page.locator('.statement').count()) >= 20, 'at least twenty statements');
  await noViolations(page, 'statements');
  await first.locator('button[data-answer="false"]').click();
  const result = first.locator('.statement-result');
  await result.waitFor();
  assert.match(await result.innerText(), /Jouw antwoord: Niet waar/);
  assert.match(await result.innerText(), /Deze stelling is (niet )?waar\./);
  assert.match(await result.locator('.source').first().innerText(), /Bron/);
  const correct = (await result.getAttribute('data-correct')) === 'true';
  assert.match(await page.getByTestId('statements-progress').innerText(), new RegExp(`^${correct ? 1 : 0} van \\d+ stellingen goed$`));
  await noViolations(page, 'statement answered');
  await screenshot(page, 'training-statement-390x844');
  await page.setViewportSize(PROJECTOR);
  await screenshot(page, 'training-statement-1920x1080');
  await page.setViewportSize({ width: 390, height: 844 });

  // Reset, with the browser's confirmation: first declined, then accepted.
  await open(page, '/training');
  page.once('dialog', (d) => d.dismiss());
  await page.getByTestId('training-reset').click();
  assert.match(await page.getByTestId('cases-progress').innerText(), /^1 van/);
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('training-reset').click();
  await page.waitForSelector('.notice-ok');
  assert.match(await page.getByTestId('cases-progress').innerText(), /^0 van/);
  assert.match(await page.getByTestId('statements-progress').innerText(), /^0 van/);
  assert.equal(await page.evaluate(() => localStorage.getItem('zicht.training.scores.v1')), null);
  await noViolations(page, 'after reset');
});

test('presenter view: large type, revealed step by step with the keyboard, offline', async () => {
  const projector = await launch({ viewport: PROJECTOR });
  try {
    const { page, context, requests } = projector;
    await page.goto(`${env.server.url}/training/presentatie`);
    await appReady(page);
    await swControls(page);
    await context.setOffline(true);
    await page.reload();
    await appReady(page);
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== 'nl') await page.locator('.lang-switch').click();
    const state = () =>
      page.locator('.presenter').evaluate((el) => ({ c: el.dataset.case, s: Number(el.dataset.step) }));
    assert.deepEqual(await state(), { c: CASE, s: 0 });
    assert.equal(await page.locator('.bottom-nav').isVisible(), false, 'no navigation bar on the projector');
    const size = await page.locator('.presenter-situation p').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 28, `large type on 1920 px: ${size}px`);
    assert.equal(await page.locator('.presenter-signals').count(), 0, 'the question comes after the situation');
    await noViolations(page, 'presenter, situation');
    await screenshot(page, 'training-presenter-situation-1920x1080');

    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('.presenter').dataset.step === '1');
    assert.equal(await page.locator('.presenter-signals li.is-present').count(), 0, 'signals asked, not yet answered');
    assert.ok((await page.locator('.presenter-signals li').count()) >= 6);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('.presenter').dataset.step === '2');
    assert.equal(await page.locator('.presenter-signals li.is-present').count(), 5, 'present signals revealed');
    assert.ok((await page.locator('.presenter-signals li.is-absent').count()) >= 1);
    await noViolations(page, 'presenter, signals revealed');
    await screenshot(page, 'training-presenter-signals-1920x1080');

    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => document.querySelector('.presenter').dataset.step === '3');
    assert.equal(await page.locator('.presenter-choices li').count(), 4);
    assert.equal(await page.locator('.presenter-choices .choice-why').count(), 0, 'choices asked, not yet answered');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('.presenter').dataset.step === '4');
    assert.equal(await page.locator('.presenter-choices li.is-correct').count(), 1);
    assert.equal(await page.locator('.presenter-choices .choice-why').count(), 4, 'every answer explained');
    await noViolations(page, 'presenter, choices revealed');
    await screenshot(page, 'training-presenter-choices-1920x1080');

    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('.presenter').dataset.step === '3');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('.presenter').dataset.step === '5');
    assert.match(await page.locator('.presenter-takeaway').innerText(), /\w/);
    await noViolations(page, 'presenter, take-away');

    // On to the next case, and back with the clicker's Page Up.
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((id) => document.querySelector('.presenter').dataset.case !== id, CASE);
    const second = await state();
    assert.equal(second.s, 0);
    assert.notEqual(second.c, CASE);
    await page.keyboard.press('PageUp');
    await page.waitForFunction((id) => document.querySelector('.presenter').dataset.case === id, CASE);
    assert.deepEqual(await state(), { c: CASE, s: 5 });
    // The position is in the URL, so a reload stays on the slide.
    await page.reload();
    await appReady(page);
    assert.deepEqual(await state(), { c: CASE, s: 5 });
    assert.deepEqual(foreignRequests(requests), [], 'no request leaves the machine');
    await context.setOffline(false);
  } finally {
    await projector.close();
  }
});

test('practice mode: banner everywhere, practice observation kept apart, zero requests to the endpoint', async () => {
  // A referral endpoint on another host name that counts what reaches it.
  const hits = [];
  const endpoint = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(204, { 'access-control-allow-origin': '*' });
    res.end();
  });
  await new Promise((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  const endpointUrl = `http://localhost:${endpoint.address().port}/v1/observations`;
  // The deployment presets it, and the device has it saved as well.
  const dist = copyOfDist();
  writeFileSync(join(dist, 'config.json'), JSON.stringify({ referral_endpoint: { url: endpointUrl, label: 'Test' } }));
  const own = await startServer(dist);
  const session = await launch();
  try {
    const { page, requests } = session;
    await page.goto(`${own.url}/training`);
    await appReady(page);
    await page.evaluate((url) => {
      localStorage.setItem('zicht.endpoint', JSON.stringify({ url, token: 'test-token', label: 'Test' }));
      localStorage.setItem('zicht.lang', JSON.stringify('nl'));
    }, endpointUrl);
    await page.reload();
    await appReady(page);
    const before = requests.length;

    await page.getByRole('switch').check();
    await page.getByTestId('practice-banner').waitFor();
    assert.match(await page.locator('.switch-state').innerText(), /staat aan/);
    assert.equal(await page.locator('html').getAttribute('data-practice'), 'on');
    assert.ok(await page.locator('.app-header.is-practice').count(), 'the header changes colour');
    await noViolations(page, 'training, practice mode on');
    await screenshot(page, 'training-practice-on-390x844');

    // Unmistakable on every screen, also after a reload.
    for (const path of ['/', '/signalen', '/meldroute', '/contacten', '/observaties', '/instellingen']) {
      await page.goto(`${own.url}${path}`);
      await appReady(page);
      assert.match(await page.getByTestId('practice-banner').innerText(), /Oefenmodus/, `banner on ${path}`);
    }

    // A practice observation.
    const id = await recordObservation(page, own.url);
    await screenshot(page, 'training-practice-observation-390x844');
    await page.goto(`${own.url}/observaties`);
    await appReady(page);
    await page.waitForSelector(`.observation-card[data-observation="${id}"]`);
    // Give any sync loop time to try.
    await page.waitForTimeout(3000);

    // Off again: the practice observation is not among the real ones.
    await page.goto(`${own.url}/training`);
    await appReady(page);
    await page.getByRole('switch').uncheck();
    await page.waitForFunction(() => !document.querySelector('[data-testid="practice-banner"]'));
    await page.goto(`${own.url}/observaties`);
    await appReady(page);
    await page.waitForSelector('.observation-list, .observations p');
    assert.equal(await page.locator(`.observation-card[data-observation="${id}"]`).count(), 0);

    assert.deepEqual(hits, [], 'the endpoint received nothing');
    assert.deepEqual(foreignRequests(requests.slice(before)), [], 'no request to any other host');

    // Control: the same set-up does reach the endpoint with a real observation,
    // so the silence above is practice mode's doing.
    await recordObservation(page, own.url);
    const deadline = Date.now() + 20_000;
    while (hits.length === 0 && Date.now() < deadline) await page.waitForTimeout(250);
    assert.ok(hits.length > 0, 'a real observation does go to the configured endpoint');
  } finally {
    await session.close();
    await own.stop();
    await new Promise((resolve) => endpoint.close(resolve));
    rmSync(dist, { recursive: true, force: true });
  }
});
