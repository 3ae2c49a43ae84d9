// The privacy guard in the observation form (issue 11): a note with any
// structured identifier (phone, e-mail, BSN, IBAN, postcode, plate, address,
// date of birth, handle) cannot be saved; a suspected name is saved only after
// "Het is geen naam" or "Ik haal het weg"; what was found is underlined, in
// Dutch and in English; a suspect's plate or name is pointed to the police and
// Meld Misdaad Anoniem. Nothing of it reaches the endpoint.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { appReady, launch, noViolations, openObservationForm, pickSignal, screenshot, startServer } from './harness.mjs';
import * as ep from './endpoint.mjs';
import { SENDER, until, waitingShown } from './endpoint.mjs';

let server;
let endpoint;
let browser;
before(async () => {
  ep.ensureEndpoint();
  server = await startServer();
  endpoint = await ep.startEndpoint(server.url);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await endpoint?.stop();
  await server?.stop();
});

// One note per structured kind, each in words a professional might type.
const BLOCKED = [
  ['phone', 'Hij gaf zijn nummer: 06-41 52 63 70, alleen na tienen.', '06-41 52 63 70'],
  ['email', 'Contact liep via jaydee2009 apenstaartje hotmail punt com', 'jaydee2009 apenstaartje hotmail punt com'],
  ['bsn', 'Op het formulier stond bsn 123456782.', '123456782'],
  ['iban', 'Het geld ging naar NL91 ABNA 0417 1643 00.', 'NL91 ABNA 0417 1643 00'],
  ['postcode', 'Wordt steeds afgezet bij 2525 ab.', '2525 ab'],
  ['licence_plate', 'Een zwarte auto met 12-ABC-3 stond er elke dag.', '12-ABC-3'],
  ['address', 'Hij slaapt soms op de Hoefkade 12.', 'Hoefkade 12'],
  ['birth_date', 'Volgens school geboren op 12-03-2010.', '12-03-2010'],
  ['social_handle', 'Wordt benaderd via insta @lil.mo09 door oudere jongens.', '@lil.mo09'],
];

async function startForm(page) {
  await openObservationForm(page, server.url);
  await pickSignal(page, 'schoolverzuim', 'truancy');
  await page.locator('input[name="worry"][value="zorgelijk"]').check();
  if (!(await page.locator('details.more').evaluate((d) => d.open))) await page.locator('details.more > summary').click();
}

test('a note with any structured identifier cannot be saved; it is underlined and explained', async () => {
  const { page } = browser;
  await ep.configure(page, server.url, { url: endpoint.url, token: SENDER });
  for (const [kind, note, text] of BLOCKED) {
    await startForm(page);
    await page.locator('#obs-note').fill(note);
    const mark = page.locator(`[data-testid="privacy-marked"] mark[data-kind="${kind}"]`);
    await mark.first().waitFor();
    assert.ok((await mark.allInnerTexts()).some((t) => t.includes(text) || text.includes(t)), `${kind}: ${await mark.allInnerTexts()}`);
    assert.equal(await page.locator('.privacy-warning').getAttribute('data-blocks'), 'true', kind);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForSelector('#err-note');
    assert.match(await page.locator('#err-note').innerText(), /Haal/, kind);
    assert.equal(await page.locator('.saved-notice').count(), 0, `${kind}: not saved`);
    assert.match(page.url(), /\/observaties\/nieuw/, kind);
    if (kind === 'licence_plate') {
      // A suspect's plate: where it goes instead, with the directory's numbers.
      const hint = await page.locator('[data-testid="privacy-suspect"]').innerText();
      assert.match(hint, /0900-8844/);
      assert.match(hint, /0800-7000/);
      await page.locator('.privacy-warning').scrollIntoViewIfNeeded();
      await screenshot(page, 'privacy-plate-blocked-390x844');
      await noViolations(page, 'form with a blocked note');
    }
    // "Ik haal het weg" takes it out; the form may then be saved.
    await page.locator(`li[data-kind="${kind}"] [data-testid="privacy-remove"]`).first().click();
    await until(`${kind} removed`, async () => !(await page.locator('#obs-note').inputValue()).includes(text), { timeout: 5_000, every: 100 });
    assert.equal(await page.locator(`[data-testid="privacy-marked"] mark[data-kind="${kind}"]`).count(), 0, kind);
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: /Concept weggooien/ }).click();
    await until('the draft is discarded', async () => (await page.locator('#obs-note').inputValue()) === '', { timeout: 5_000, every: 100 });
  }
});

test('a suspected name needs a choice: removed, it never reaches the endpoint; confirmed, it is the user\'s word', async () => {
  const { page } = browser;
  await ep.configure(page, server.url, { url: endpoint.url, token: SENDER });
  await startForm(page);
  await page.locator('#obs-note').fill('Zat achterop bij Dani, ging richting station.');
  await page.waitForSelector('li[data-kind="name"][data-needs-choice="true"]');
  assert.match(await page.locator('.privacy-warning').innerText(), /Dit lijkt een naam/);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForSelector('#err-note');
  assert.match(await page.locator('#err-note').innerText(), /lijkt een naam/);
  assert.equal(await page.locator('.saved-notice').count(), 0, 'not saved without a choice');
  await screenshot(page, 'privacy-name-choice-390x844');
  // Keyboard: the choice is a button that Enter activates.
  await page.locator('li[data-kind="name"] [data-testid="privacy-remove"]').focus();
  await page.keyboard.press('Enter');
  await until('the name is removed', async () => (await page.locator('#obs-note').inputValue()) === 'Zat achterop bij, ging richting station.', { timeout: 5_000, every: 100 });
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForSelector('.saved-notice');
  const removedId = new URL(page.url()).pathname.split('/').pop();

  // "Het is geen naam": saved as typed (the user's judgement, e.g. a word the
  // guard took for a name).
  await startForm(page);
  await page.locator('#obs-note').fill('Kwam binnen met Roos en vertrok meteen.');
  await page.waitForSelector('li[data-kind="name"][data-needs-choice="true"]');
  await page.locator('[data-testid="privacy-not-a-name"]').first().click();
  await page.waitForSelector('[data-testid="privacy-confirmed"]');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForSelector('.saved-notice');
  const confirmedId = new URL(page.url()).pathname.split('/').pop();

  await page.goto(`${server.url}/observaties`);
  await appReady(page);
  await until('sent', async () => (await waitingShown(page)) === '0');
  const rows = endpoint.export();
  const byId = new Map(rows.map((r) => [r.id, r.observation]));
  assert.equal(byId.get(removedId)?.note, 'Zat achterop bij, ging richting station.');
  assert.equal(byId.get(confirmedId)?.note, 'Kwam binnen met Roos en vertrok meteen.');
  assert.ok(!JSON.stringify(byId.get(confirmedId)).includes('not_names'), 'the confirmation stays on the device');
  // Of the blocked notes of the first test, nothing arrived.
  const all = JSON.stringify(rows);
  for (const [kind, , text] of BLOCKED) assert.ok(!all.includes(text), `${kind} reached the endpoint`);
  assert.ok(!all.includes('Dani'), 'the removed name reached the endpoint');
});

test('in English the findings, the choice and the pointer are English', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/`);
  await appReady(page);
  await page.locator('.lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await openObservationForm(page, server.url);
  if (!(await page.locator('details.more').evaluate((d) => d.open))) await page.locator('details.more > summary').click();
  await page.locator('#obs-note').fill('Sat on the back with Dani; car plate 12-ABC-3.');
  await page.waitForSelector('[data-testid="privacy-marked"] mark[data-kind="licence_plate"]');
  const text = await page.locator('.privacy-warning').innerText();
  assert.match(text, /Found in your note/);
  assert.match(text, /licence plate/);
  assert.match(text, /This looks like a name/);
  assert.match(text, /It is not a name/);
  assert.match(text, /Remove it/);
  assert.match(text, /Meld Misdaad Anoniem/);
  assert.doesNotMatch(text, /Dit lijkt een naam|Ik haal het weg/);
  await page.locator('.privacy-warning').scrollIntoViewIfNeeded();
  await screenshot(page, 'privacy-english-390x844');
  await page.locator('.lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'nl');
});
