// Editing an image from the Explorer: right-click fox.png, "Edit Image with AIsa…", type what
// should change, Enter through the model (only the ones that take images), and fox-edit-1.png
// appears beside the original, derived from it (the simulator answers with the reference
// inverted); the original is untouched.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export const name = 'Edit Image with AIsa… from the Explorer context menu';

export async function setup({ workspace }) {
  fs.mkdirSync(path.join(workspace, 'art'), { recursive: true });
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 200, b: 30 } } })
    .png()
    .toBuffer();
  fs.writeFileSync(path.join(workspace, 'art', 'fox.png'), png);
}

export async function run({ page, workspace, sim, shot, runCommand, quickInput, waitForFile, step }) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  const original = fs.readFileSync(path.join(workspace, 'art', 'fox.png'));

  await runCommand('View: Show Explorer');
  const tree = page.locator('.explorer-folders-view');
  const folder = tree.locator('.monaco-list-row', { hasText: 'art' }).first();
  await folder.waitFor({ timeout: 30000 });
  if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
  const fox = tree.locator('.monaco-list-row', { hasText: 'fox.png' }).first();
  await fox.waitFor();
  await fox.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { hasText: 'Edit Image with AIsa…' });
  await item.waitFor({ timeout: 15000 });
  await shot('1-context-menu');
  await item.click();
  step('context menu: Edit Image with AIsa…');

  const keyBox = widget.filter({ hasText: 'AIsa API Key' });
  const promptBox = widget.filter({ hasText: 'Edit Image with AIsa (1/2)' });
  await keyBox.or(promptBox).first().waitFor({ timeout: 30000 });
  if (await keyBox.isVisible()) {
    await input.fill(sim.apiKey);
    await page.keyboard.press('Enter');
    step('key entered');
  }
  await quickInput('Edit Image with AIsa (1/2)');
  await input.fill('the same fox at night');
  await shot('2-instruction');
  await page.keyboard.press('Enter');
  const models = await quickInput('Edit Image with AIsa (2/2)');
  const labels = await models.locator('.monaco-list-row').allInnerTexts();
  assert.ok(!labels.some((l) => /Seedream/.test(l)), `only models that take images: ${labels.join(', ')}`);
  await shot('3-model');
  await page.keyboard.press('Enter');
  step('generating');

  const file = await waitForFile(path.join(workspace, 'art'), /^fox-edit-1\.png$/);
  step(`saved ${path.relative(workspace, file)}`);
  await shot('4-saved');
  assert.deepEqual(
    fs.readFileSync(path.join(workspace, 'art', 'fox.png')),
    original,
    'the original is never overwritten',
  );
  const { data, info } = await sharp(fs.readFileSync(file)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * 3;
  assert.deepEqual([data[at], data[at + 1], data[at + 2]], [245, 55, 225], 'derived from the reference');
  const sent = sim.generationRequests();
  assert.equal(sent.length, 1);
  const content = sent[0]?.body?.messages?.[0]?.content ?? [];
  assert.deepEqual(content[0], { type: 'text', text: 'the same fox at night' });
  assert.equal(content[1]?.image_url?.url, `data:image/png;base64,${original.toString('base64')}`);
}
