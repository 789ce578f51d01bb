// "Export as…" from the panel's gallery: one 2048x2048 generation, its tile shown by a thumbnail
// (at most 512 px, from the extension's storage), then the tile's Export button: a format
// QuickPick, an exact size, and a 1200x630 WebP in assets/ with no second request; the panel says
// where it went and lists it in the history as "exported, not billed".
import assert from 'node:assert/strict';
import path from 'node:path';
import sharp from 'sharp';
import { panelFrame } from '../host/code-server.mjs';

export const name =
  'Image Generator panel: thumbnails and Export as… (a 1200x630 WebP from the kept original, no request)';

export async function run({ page, workspace, sim, shot, runCommand, quickInput, waitForFile, step }) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  // The key first, from the palette: its input box is not raced by the webview taking the focus.
  await runCommand('AIsa: Set API Key');
  await quickInput('AIsa API Key');
  await input.fill(sim.apiKey);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
  await runCommand('AIsa: Open Image Generator');
  let wv = await panelFrame(page);
  await wv.locator('#prompt').fill('A lighthouse for the blog');
  await wv.locator('#count').fill('1');
  await wv.locator('#generate:not([disabled])').click();
  const png = await waitForFile(path.join(workspace, 'assets'), /^a-lighthouse-for-the-blog-\d{8}-\d{6}\.png$/);
  wv = await panelFrame(page);
  const tile = wv.locator('#results .entry:not(.run) .thumb').first();
  await tile.waitFor({ timeout: 60000 });
  // The tile shows the thumbnail once it exists (the full image until then).
  const img = tile.locator('img');
  for (const end = Date.now() + 30000; ; await page.waitForTimeout(200)) {
    const src = (await img.getAttribute('src')) ?? '';
    const natural = await img.evaluate((i) => (i.complete ? Math.max(i.naturalWidth, i.naturalHeight) : 0));
    if (src.includes('/thumbnails/') && natural > 0) {
      assert.equal(natural, 512, 'a 512 px rendition, not the 2048 px file');
      break;
    }
    if (Date.now() > end) throw new Error(`the tile still shows ${src} (${natural} px)`);
  }
  step('generated; the tile shows a 512 px thumbnail');

  const exportButton = tile.getByRole('button', { name: /^Export .* as another format or size/ });
  await exportButton.hover();
  await shot('1-export-button');
  await exportButton.click();
  const formats = await quickInput(`Export ${path.basename(png)} as`);
  await input.fill('WebP');
  await formats.locator('.monaco-list-row.focused', { hasText: 'WebP' }).waitFor();
  await shot('2-format');
  await page.keyboard.press('Enter');
  const size = await quickInput(`Export ${path.basename(png)} as`);
  await size.filter({ hasText: 'or empty to keep 2048x2048' }).waitFor();
  await input.fill('1200x');
  await size.filter({ hasText: 'is not a size' }).waitFor();
  await input.fill('1200x630');
  await size.filter({ hasText: 'is not a size' }).waitFor({ state: 'detached' });
  await shot('3-size');
  await page.keyboard.press('Enter');

  const webp = await waitForFile(path.join(workspace, 'assets'), /^a-lighthouse-for-the-blog-\d{8}-\d{6}\.webp$/);
  const { format, width, height } = await sharp(webp).metadata();
  assert.deepEqual([format, width, height], ['webp', 1200, 630]);
  await wv.locator('#notice', { hasText: `as assets/${path.basename(webp)} (1200x630 WebP` }).waitFor();
  const exported = wv.locator('.entry', { hasText: 'exported, not billed' });
  await exported.first().waitFor();
  assert.equal(sim.generationRequests().length, 1, 'exported from the kept original: no second request');
  await wv.locator('#notice').scrollIntoViewIfNeeded();
  await shot('4-exported');
  step(`exported ${path.basename(webp)} (1200x630 WebP), no request`);
}
