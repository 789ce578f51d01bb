// The Image Generator panel in the real workbench: open it from the palette beside a Markdown
// file, see an invalid size refused with nothing sent, generate two images (per-image progress,
// Cancel in place of Generate), see the thumbnails load, Insert one into the Markdown file at its
// cursor, look at it in light, dark and high-contrast themes, keep a half-typed prompt across a
// window reload, and find a palette generation in the panel's history.
/* global indexedDB, getComputedStyle */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { panelFrame, setColorTheme, THEME_CLASS } from '../host/code-server.mjs';

export const name = 'Image Generator panel: form, validation, generate, thumbnails, Insert, themes, reload, history';

const PROMPT = 'A lighthouse on a cliff at dusk';
const NOTES = '# Notes\n\nIntro line.\n';

export function setup({ workspace }) {
  fs.writeFileSync(path.join(workspace, 'notes.md'), NOTES);
}

const BODY_CLASS = {
  'Dark Modern': 'vscode-dark',
  'Light Modern': 'vscode-light',
  'Dark High Contrast': 'vscode-high-contrast',
};

/** Until the workbench and the panel (when it is open) wear `theme`. */
async function wearing(page, theme) {
  await page.locator(`.monaco-workbench.${THEME_CLASS[theme]}`).waitFor();
  const wv = await panelFrame(page, 1000).catch(() => undefined);
  if (wv) await wv.locator(`body.${BODY_CLASS[theme]}`).waitFor();
}

/** The theme picked in the picker, then until the workbench and the panel wear it. */
async function setTheme(page, theme) {
  await setColorTheme(page, theme);
  await wearing(page, theme);
}

/**
 * Until the workbench state in IndexedDB holds `text`. VS Code for the Web writes its state there
 * every few seconds and cannot on unload, so a reload before that loses a webview's setState.
 */
async function persisted(page, text) {
  const saved = () =>
    page.evaluate(async (text) => {
      const get = (r) =>
        new Promise((resolve, reject) => Object.assign(r, { onsuccess: () => resolve(r.result), onerror: reject }));
      for (const { name } of await indexedDB.databases()) {
        if (!name.startsWith('vscode-web-state-db-')) continue;
        const db = await get(indexedDB.open(name));
        const editors = await get(
          db.transaction('ItemTable').objectStore('ItemTable').get('memento/workbench.parts.editor'),
        );
        db.close();
        if (String(editors).includes(text)) return true;
      }
      return false;
    }, text);
  for (const end = Date.now() + 30000; !(await saved()); await page.waitForTimeout(250)) {
    if (Date.now() > end) throw new Error(`"${text}" did not reach the workbench state in IndexedDB`);
  }
}

/** Loaded, decoded pixels: proves the CSP and localResourceRoots let the file through. */
async function imagesLoaded(frame, selector, count) {
  const imgs = frame.locator(selector);
  for (const end = Date.now() + 30000; ; await new Promise((r) => setTimeout(r, 200))) {
    // loading="lazy": an image loads once it is scrolled near the viewport. Scrolled in the page, on
    // the elements there at that moment: the gallery redraws a tile when its thumbnail arrives, so a
    // handle taken a moment earlier may be detached.
    const ok = await imgs.evaluateAll((list) => {
      for (const i of list) i.scrollIntoView({ block: 'nearest' });
      return list.filter((i) => i.complete && i.naturalWidth > 0).length;
    });
    if (ok >= count) return;
    if (Date.now() > end) throw new Error(`${ok} of ${count} thumbnails loaded for ${selector}`);
  }
}

export async function run({
  openFile,
  page,
  workspace,
  sim,
  shot,
  runCommand,
  quickInput,
  waitForFile,
  waitForContent,
  step,
}) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  const notes = path.join(workspace, 'notes.md');
  // Anything the panel's CSP blocks (an inline script, an image from elsewhere) shows up here.
  const refused = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(m.text())) refused.push(m.text());
  });

  // A Markdown file with the cursor at its end: where Insert will put the reference.
  await openFile('notes.md');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line', { hasText: 'Intro line.' }).click();
  await page.keyboard.press('Control+End');
  step('notes.md open, cursor at the end');

  // The run starts in Dark Modern (test/host/run-suites.mjs waits for it).
  await runCommand('AIsa: Open Image Generator');
  let wv = await panelFrame(page);
  await page.locator('.tab', { hasText: 'Image Generator' }).waitFor();
  step('panel open');
  assert.equal(await wv.locator('#generate').isDisabled(), true, 'Generate is disabled while the prompt is empty');
  await wv.locator('#prompt').fill(PROMPT);
  await wv.locator('#generate:not([disabled])').waitFor();

  // An invalid size: the core's message at once, Generate disabled, and Ctrl+Enter sends nothing.
  await wv.locator('#size-pixels label.chip', { hasText: 'Custom' }).click();
  await wv.locator('#width').fill('1000');
  await wv.locator('#height').fill('1000');
  const sizeError = wv.locator('#size-error');
  await sizeError.waitFor();
  // Said once each: the pixel count on the pixel line, the limit and the suggestion in the error
  // (the hint, which names the minimum too, gives way to it).
  const errorText = await sizeError.innerText();
  assert.match(errorText, /Below the minimum of 3,686,400 pixels\. Use 1920x1920 for the same aspect ratio\./);
  assert.equal(errorText.split('1920').length - 1, 2, `1920x1920 named once in "${errorText}"`);
  assert.doesNotMatch(errorText, /1,000,000/, 'the pixel line has the count');
  assert.match(await wv.locator('#pixels').innerText(), /1000 x 1000 = 1,000,000 pixels/);
  assert.equal(await wv.locator('#size-hint').isVisible(), false, 'the hint gives way to the error');
  // The pixel line sits under the fields, aligned with them; Custom is as tall as the presets.
  const left = (sel) => wv.locator(sel).evaluate((el) => Math.round(el.getBoundingClientRect().left));
  assert.equal(await left('#pixels'), await left('#size-pixels label[for=width]'), 'the pixel line is not indented');
  const faceHeights = await wv
    .locator('#size-pixels .chip-face')
    .evaluateAll((list) => list.map((f) => Math.round(f.getBoundingClientRect().height)));
  assert.equal(new Set(faceHeights).size, 1, `chip heights ${faceHeights.join(', ')}`);
  assert.equal(
    await wv.getByRole('radio', { name: 'Custom' }).isChecked(),
    true,
    'the chips are radios: the selection reaches screen readers',
  );
  assert.equal(await wv.locator('#generate').isDisabled(), true);
  await wv.locator('#prompt').press('Control+Enter');
  await page.waitForTimeout(500);
  assert.equal(sim.generationRequests().length, 0, 'no request reached the simulator');
  await shot('1-invalid-size');
  step('invalid size refused, nothing sent');

  // A preset fixes it; two images, and the estimate follows.
  await wv.locator('#size-pixels label.chip', { hasText: '16:9' }).click();
  assert.equal(await wv.getByRole('radio', { name: '16:9' }).isChecked(), true);
  assert.equal(await wv.locator('#width').inputValue(), '2560');
  assert.equal(await wv.locator('#height').inputValue(), '1440');
  await sizeError.waitFor({ state: 'hidden' });
  await wv.locator('#count').fill('2');
  await wv.locator('#cost', { hasText: 'Estimated cost $0.080 (2 x $0.040).' }).waitFor();
  await shot('2-form-dark');

  // Slow downloads, so the run can be seen: per-image tiles and Cancel in place of Generate.
  sim.setFaults({
    latencyMs: 800,
    download: [
      { kind: 'latency', ms: 2500 },
      { kind: 'latency', ms: 2500 },
    ],
  });
  await wv.locator('#generate').click();
  const keyBox = widget.filter({ hasText: 'AIsa API Key' });
  const cancel = wv.locator('#cancel');
  // A fresh profile asks for the key before anything is sent; one that has a key just sends.
  for (
    const end = Date.now() + 30000;
    !(await keyBox.isVisible()) && !sim.generationRequests().length;
    await page.waitForTimeout(100)
  ) {
    if (Date.now() > end) throw new Error('neither the key box nor a request appeared');
  }
  if (await keyBox.isVisible()) {
    await input.fill(sim.apiKey);
    await page.keyboard.press('Enter');
    step('key entered');
  }
  await cancel.waitFor();
  assert.equal(await wv.locator('#generate').isVisible(), false, 'Cancel replaces Generate');
  await wv.locator('#results .run .thumb.pending').nth(1).waitFor();
  await shot('3-running');
  step('running: two pending tiles, Cancel shown');

  const thumbs = wv.locator('#results .thumb');
  await wv.locator('#results .entry:not(.run)').waitFor({ timeout: 60000 });
  await imagesLoaded(wv, '#results .thumb img', 2);
  assert.equal(await thumbs.count(), 2);
  assert.equal(await wv.locator('#generate').isVisible(), true);
  const sent = sim.generationRequests();
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].body, { model: 'seedream-4-5-251128', prompt: PROMPT, n: 2, size: '2560x1440' });
  const files = fs
    .readdirSync(path.join(workspace, 'assets'))
    .filter((f) => f.startsWith('a-lighthouse-on-a-cliff-at-dusk-'))
    .sort();
  assert.equal(files.length, 2);
  // Shown under Latest, the generation is not repeated in the history below it.
  await wv.locator('#history-empty', { hasText: 'Earlier generations appear here' }).waitFor();
  assert.equal(await wv.locator('#history-list .entry').count(), 0, 'the latest generation is not listed twice');
  // Both tiles keep the end of their names (the -1 / -2), however narrow the tile.
  const tails = await thumbs.locator('.name-tail').allInnerTexts();
  assert.deepEqual(
    tails,
    files.map((f) => f.slice(f.lastIndexOf('-', f.lastIndexOf('-') - 1))),
    'tiles show the ends of the names',
  );
  for (const [i, f] of files.entries()) {
    const tail = thumbs.nth(i).locator('.name-tail');
    assert.ok(
      await tail.evaluate(
        (el) => el.getBoundingClientRect().right <= el.closest('.thumb').getBoundingClientRect().right,
      ),
      `${f}: its end is inside the tile`,
    );
    assert.equal(await thumbs.nth(i).locator('.thumb-name').getAttribute('title'), `assets/${f}`);
  }
  const scrollToTop = (locator) => locator.evaluate((el) => el.scrollIntoView({ block: 'start' })); // frames the shot
  await scrollToTop(wv.locator('#results'));
  await shot('4-results-dark');
  step(`saved ${files.join(', ')}`);

  // Insert the first image at the cursor of notes.md (the panel has the focus meanwhile).
  await thumbs
    .first()
    .getByRole('button', { name: /^Insert a reference/ })
    .click();
  await wv.locator('#notice', { hasText: 'Inserted' }).waitFor();
  const reference = `![${PROMPT}](assets/${files[0]})`;
  await waitForContent(notes, NOTES + reference); // auto-saved
  await scrollToTop(wv.locator('#notice'));
  await shot('5-inserted');
  step(`inserted ${reference}`);

  // The same panel in the light and high-contrast themes.
  await setTheme(page, 'Light Modern');
  await shot('6-results-light');
  await wv.locator('#prompt').fill('');
  await wv.locator('#prompt').fill(PROMPT);
  await wv.locator('#width').fill('1500');
  await sizeError.waitFor();
  await shot('7-invalid-light');
  await wv.locator('#size-pixels label.chip', { hasText: '16:9' }).click();
  await setTheme(page, 'Dark High Contrast');
  // Not by colour alone: the selected chip has rings the others lack (transparent outside high contrast).
  const rings = (sel) => wv.locator(`#size-pixels ${sel}`).evaluate((el) => getComputedStyle(el).boxShadow);
  const selectedRings = await rings('.chip-input:checked + .chip-face');
  assert.ok(
    selectedRings !== 'none' && !selectedRings.includes('rgba(0, 0, 0, 0)'),
    `selected chip: box-shadow ${selectedRings}`,
  );
  assert.equal(await rings('.chip-input:not(:checked) + .chip-face >> nth=0'), 'none');
  await shot('8-high-contrast');
  await setTheme(page, 'Dark Modern');
  step('themes');

  // A window reload restores the panel (serializer), the half-typed prompt and the history.
  await wv.locator('#prompt').fill('Half-typed idea about');
  await persisted(page, 'Half-typed idea about');
  await page.reload();
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  wv = await panelFrame(page, 60000);
  for (
    const end = Date.now() + 20000;
    (await wv.locator('#prompt').inputValue()) !== 'Half-typed idea about';
    await page.waitForTimeout(200)
  ) {
    if (Date.now() > end) throw new Error(`after reload the prompt is "${await wv.locator('#prompt').inputValue()}"`);
  }
  await wv.locator('#history-list .entry').first().waitFor();
  await imagesLoaded(wv, '#history-list .thumb img', 2);
  await wearing(page, 'Dark Modern');
  step('reload: panel, prompt and history restored');

  // A palette generation, run from notes.md, lands in the same history, newest first. (Run while
  // the panel has the focus, each step's quick input would hand the focus back to the webview,
  // which takes it asynchronously, sometimes only after the next step has shown: see the README.)
  await editor.locator('.view-line', { hasText: 'Intro line.' }).click();
  await runCommand('AIsa: Generate Image');
  await quickInput('Generate Image (1/3)');
  await input.fill('A red fox from the palette');
  await page.keyboard.press('Enter');
  const size = await quickInput('Generate Image (2/3)');
  await size.locator('.monaco-list-row.focused', { hasText: '2048x2048' }).waitFor();
  await page.keyboard.press('Enter');
  await quickInput('Generate Image (3/3)');
  await page.keyboard.press('Enter');
  await waitForFile(path.join(workspace, 'assets'), /^a-red-fox-from-the-palette-\d{8}-\d{6}\.png$/);
  await page.locator('.tab', { hasText: 'Image Generator' }).click();
  wv = await panelFrame(page);
  await wv.locator('#history-list .entry').nth(1).waitFor();
  assert.equal(await wv.locator('#history-list .entry-prompt').first().innerText(), 'A red fox from the palette');

  // The filter narrows the list; a deleted file shows as missing.
  fs.rmSync(path.join(workspace, 'assets', files[1]));
  await wv.locator('#filter').fill('lighthouse');
  await wv.locator('#history-count', { hasText: '1 of 2' }).waitFor();
  const missing = wv.locator('#history-list .thumb.missing');
  await missing.waitFor({ timeout: 20000 });
  await missing.scrollIntoViewIfNeeded();
  await shot('9-history-missing');
  step('palette generation in the history; filter; missing file');

  // Given a whole editor area, the form stays on the left and the gallery fills the right. The
  // panel's group is the active one (its filter has the focus); a click on its tab here would make
  // the webview take the focus again asynchronously, racing the palette (test/host/README.md).
  await wv.locator('#filter').fill('');
  await runCommand('View: Maximize Editor Group and Hide Side Bars');
  wv = await panelFrame(page);
  await wv.locator('#history-list .entry').nth(1).waitFor();
  await wv.locator('#history-title').scrollIntoViewIfNeeded();
  await imagesLoaded(wv, '#history-list .thumb img', 2);
  await shot('10-wide');

  // A generation the API fails: said in place, and kept in the history with its request id.
  sim.setFaults({ generation: [{ status: 500 }] });
  await wv.locator('#prompt').fill('A storm the API cannot draw');
  await wv.locator('#generate:not([disabled])').click();
  await wv.locator('#results .banner.error', { hasText: 'internal error' }).waitFor();
  const failedEntry = wv.locator('#history-list .entry', { hasText: 'A storm the API cannot draw' });
  await failedEntry
    .locator('.entry-failed', { hasText: 'Failed: The AIsa API failed with an internal error' })
    .waitFor();
  assert.match(await failedEntry.locator('.entry-meta').innerText(), /may have been billed[\s\S]*request req_/);
  assert.equal(await failedEntry.locator('.thumb').count(), 0);
  await failedEntry.scrollIntoViewIfNeeded();
  await shot('11-failed');
  step('a failed generation: said, and in the history');
  assert.deepEqual(refused, [], 'no CSP violations');
}
