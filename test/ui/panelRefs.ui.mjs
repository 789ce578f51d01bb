// The panel's reference images in the real workbench: generate with Wan, "Use as reference" on
// the new image, see it as a thumbnail in the form, Generate again (the request carries it and
// the new image derives from it), remove the thumbnail, and Again on the latest generation
// sends the reference once more (the history kept it).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { panelFrame } from '../host/code-server.mjs';

export const name = 'Image Generator panel: Use as reference, removable thumbnails, Again reuses the references';

async function until(what, check, ms = 30000) {
  for (const end = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 150))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

export async function run({ page, workspace, sim, shot, runCommand, step }) {
  const widget = page.locator('.quick-input-widget');
  const keyBox = widget.filter({ hasText: 'AIsa API Key' });

  await runCommand('AIsa: Open Image Generator');
  const wv = await panelFrame(page);
  step('panel open');
  await wv.locator('#model').selectOption('wan2.7-image');
  await wv.locator('#prompt').fill('a fox in a meadow');
  await wv.locator('#generate:not([disabled])').click();
  await until(
    'the key box or a request',
    async () => (await keyBox.isVisible()) || sim.generationRequests().length > 0,
  );
  if (await keyBox.isVisible()) {
    await widget.locator('input').fill(sim.apiKey);
    await page.keyboard.press('Enter');
    step('key entered');
  }
  const useRef = wv.getByRole('button', { name: /^Use .+ as a reference image in the form$/ }).first();
  await useRef.waitFor({ timeout: 30000 });
  await until(
    'the first image',
    () => fs.existsSync(path.join(workspace, 'assets')) && fs.readdirSync(path.join(workspace, 'assets')).length === 1,
  );
  const [firstName] = fs.readdirSync(path.join(workspace, 'assets'));
  const first = fs.readFileSync(path.join(workspace, 'assets', firstName));
  step(`generated ${firstName}`);

  await useRef.click();
  const thumb = wv.locator('#references .reference img');
  await thumb.waitFor();
  await until('the reference thumbnail to load', () => thumb.evaluate((i) => i.complete && i.naturalWidth > 0));
  assert.equal(await wv.locator('#references .reference-name').innerText(), firstName);
  await shot('1-reference-thumbnail');
  step('Use as reference: a thumbnail in the form');

  // Seedream cannot take it: said at once, under the thumbnails (the extension judges it again).
  await wv.locator('#model').selectOption('seedream-4-5-251128');
  await wv
    .locator('#references-error', {
      hasText: 'Seedream on AIsa takes text only; choose Wan 2.7 or Gemini to edit from images.',
    })
    .waitFor();
  await shot('1b-seedream-refused');
  await wv.locator('#model').selectOption('wan2.7-image');
  await wv.locator('#references-error').waitFor({ state: 'hidden' });
  step('Seedream with a reference: said in the form');

  await wv.locator('#prompt').fill('the same fox at night');
  await wv.locator('#generate:not([disabled])').click();
  await until('the second request', () => sim.generationRequests().length === 2);
  const content = sim.generationRequests()[1]?.body?.messages?.[0]?.content ?? [];
  assert.deepEqual(content[0], { type: 'text', text: 'the same fox at night' });
  assert.equal(
    content[1]?.image_url?.url,
    `data:image/png;base64,${first.toString('base64')}`,
    'the reference travelled',
  );
  await until('the second image', () => fs.readdirSync(path.join(workspace, 'assets')).length === 2);
  const secondName = fs.readdirSync(path.join(workspace, 'assets')).find((f) => f !== firstName);
  const second = fs.readFileSync(path.join(workspace, 'assets', secondName));
  const expected = await sharp(first).removeAlpha().negate().raw().toBuffer();
  assert.ok(
    (await sharp(second).removeAlpha().raw().toBuffer()).equals(expected),
    'the new image derives from the reference',
  );
  await wv.locator('#results-body .thumb img').first().waitFor();
  await shot('2-derived');
  step(`derived ${secondName}`);

  await wv.getByRole('button', { name: `Remove the reference ${firstName}` }).click();
  await until('the thumbnail to go', async () => (await wv.locator('#references .reference').count()) === 0);
  await wv.locator('#results-body [data-key$=":again"]').first().click();
  await until('the third request', () => sim.generationRequests().length === 3);
  const again = sim.generationRequests()[2]?.body?.messages?.[0]?.content ?? [];
  assert.equal(
    again[1]?.image_url?.url,
    `data:image/png;base64,${first.toString('base64')}`,
    'Again reused the reference',
  );
  await wv.locator('#references .reference img').waitFor();
  await shot('3-again');
  step('Again: the same reference sent again, and back in the form');
}
