// Web-ready from the palette: "Exact size and format..." in the size step, WebP, 1200x630. The
// input box says before anything is sent what is generated and what delivered; the file in
// assets/ is a WebP of exactly that size, generated at Seedream's nearest valid size.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export const name = 'Generate Image with an exact size and format: a 1200x630 WebP from the palette';

export function setup({ workspace }) {
  fs.writeFileSync(path.join(workspace, 'index.html'), '<h1>Blog</h1>\n');
}

export async function run({ page, workspace, sim, shot, runCommand, quickInput, waitForFile, step }) {
  const input = page.locator('.quick-input-widget input');
  await runCommand('AIsa: Generate Image');
  await quickInput('AIsa API Key');
  await input.fill(sim.apiKey);
  await page.keyboard.press('Enter');
  await quickInput('Generate Image (1/3)');
  await input.fill('An open graph card: a lighthouse at dusk');
  await page.keyboard.press('Enter');
  const sizes = await quickInput('Generate Image (2/3)');
  await input.fill('Exact');
  await sizes.locator('.monaco-list-row.focused', { hasText: 'Exact size and format' }).waitFor();
  await page.keyboard.press('Enter');
  const formats = await quickInput('Generate Image (2/3)');
  await input.fill('webp');
  await formats.locator('.monaco-list-row.focused', { hasText: 'webp' }).waitFor();
  await shot('1-format');
  await page.keyboard.press('Enter');
  const exact = await quickInput('Generate Image (2/3)');
  await input.fill('1200x630');
  await exact.filter({ hasText: /generates \d+x\d+, delivered as a WebP of exactly 1200x630/ }).waitFor();
  await shot('2-exact-size');
  await page.keyboard.press('Enter');
  await quickInput('Generate Image (3/3)');
  await page.keyboard.press('Enter');
  step('generating a 1200x630 WebP');

  const file = await waitForFile(
    path.join(workspace, 'assets'),
    /^an-open-graph-card-a-lighthouse-at-dusk-\d{8}-\d{6}\.webp$/,
  );
  const { format, width, height } = await sharp(file).metadata();
  assert.deepEqual([format, width, height], ['webp', 1200, 630]);
  const [sent] = sim.generationRequests();
  const [w, h] = String(sent.body.size).split('x').map(Number);
  assert.ok(w * h >= 3_686_400 && Math.abs(w / h - 1200 / 630) < 0.02, `generated at ${sent.body.size}`);
  await shot('3-saved');
  step(`saved ${path.basename(file)} (1200x630 WebP, generated at ${sent.body.size})`);
}
