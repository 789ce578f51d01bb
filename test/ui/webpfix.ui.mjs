// The quick fix on a WebP reference (issue 15): an HTML page has <img src="img/og.webp"
// width="1200" height="630"> and no such file. Cursor on the reference, Ctrl+. "Generate this
// image": the prompt box says what is generated and what delivered, and img/og.webp appears as
// a real WebP of exactly 1200x630, with the prompt recorded inside. The notification and the
// image preview (its status bar shows the dimensions) say so.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export const name = 'Quick fix on a missing .webp reference with width and height: a 1200x630 WebP at that path';

const TAG = '<img src="img/og.webp" width="1200" height="630" alt="An open graph card: a lighthouse at dusk">';

export function setup({ workspace }) {
  fs.writeFileSync(
    path.join(workspace, 'index.html'),
    `<!doctype html>\n<html>\n<head>\n  <title>Lighthouse blog</title>\n</head>\n<body>\n  ${TAG}\n</body>\n</html>\n`,
  );
}

export async function run({
  codeAction,
  openFile,
  page,
  workspace,
  sim,
  shot,
  quickInput,
  notificationCenter,
  imagePreview,
  waitForFile,
  step,
}) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');

  await openFile('index.html');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const line = editor.locator('.view-line', { hasText: 'img/og.webp' });
  await line.waitFor();
  step('index.html open');

  // Put the cursor inside the reference the way a person does: click on "og.webp".
  // (Monaco draws the attribute value as its own token, the span whose text is exactly it; its
  // editor takes the mouse above the text, so the click goes to the page at that place.)
  const box = await line.getByText('"img/og.webp"', { exact: true }).boundingBox();
  assert.ok(box);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const fix = await codeAction(editor, 'Generate this image');
  await shot('1-quick-fix');
  await fix.click();
  step('quick fix: Generate this image');

  // A fresh profile asks for the key first.
  const title = 'Generate this image: img/og.webp';
  const keyBox = widget.filter({ hasText: 'AIsa API Key' });
  // One step: the size comes from the tag, so only the prompt is asked.
  const promptBox = widget.filter({ hasText: `${title} (1/1)` });
  await keyBox.or(promptBox).first().waitFor({ timeout: 30000 });
  if (await keyBox.isVisible()) {
    await input.fill(sim.apiKey);
    await page.keyboard.press('Enter');
    step('key entered');
  }
  const prompt = await quickInput(`${title} (1/1)`);
  assert.equal(await input.inputValue(), 'An open graph card: a lighthouse at dusk', 'the alt text is the prompt');
  // Before anything is sent: what is generated, and what is delivered.
  await prompt.filter({ hasText: /generates \d+x\d+, delivered as a WebP of exactly 1200x630/ }).waitFor();
  await shot('2-prompt');
  await page.keyboard.press('Enter');
  step('generating');

  const file = await waitForFile(path.join(workspace, 'img'), /^og\.webp$/);
  assert.deepEqual(
    fs.readdirSync(path.join(workspace, 'img')),
    ['og.webp'],
    'exactly the referenced path, nothing else',
  );
  // The file is complete when it appears (written beside and renamed): decode it, not just its header.
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.toString('ascii', 0, 4), 'RIFF');
  assert.equal(bytes.toString('ascii', 8, 12), 'WEBP');
  const meta = await sharp(bytes).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 1200, 630]);
  const { info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [1200, 630], 'decodes to 1200x630');
  assert.ok(
    meta.xmp?.toString('utf8').includes('An open graph card: a lighthouse at dusk'),
    'the prompt is recorded inside',
  );
  const [sent] = sim.generationRequests();
  const [w, h] = String(sent.body.size).split('x').map(Number);
  assert.ok(w * h >= 3_686_400 && Math.abs(w / h - 1200 / 630) < 0.02, `generated at ${sent.body.size}`);
  step(`saved img/og.webp (1200x630 WebP, ${bytes.length} bytes, generated at ${sent.body.size})`);

  // The UI says so: the notification names the file, and the preview opened beside shows a 1200x630 image.
  const center = await notificationCenter();
  await center.locator('.notification-list-item', { hasText: 'Generated img/og.webp ($0.040).' }).waitFor();
  await center.locator('.notification-list-item', { hasText: 'AIsa: ' }).first().waitFor({ state: 'hidden' }); // the progress
  await imagePreview('og.webp');
  // The preview opened beside without taking focus; a click on its tab shows its size in the status bar.
  await page.locator('.tabs-container .tab', { hasText: 'og.webp' }).click();
  await page.locator('.statusbar-item', { hasText: '1200x630' }).first().waitFor();
  await shot('3-saved');
  step('the notification and the preview (1200x630 in the status bar) say so');
}
