// The palette flow a new user meets: writing a README, F1, Generate Image, the key box (fresh
// profile), a prompt, Enter, Enter, and the PNG lands in assets/. The completion notification
// offers its actions; Insert Reference puts the reference where the cursor was.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export const name =
  'Generate Image from the palette, asking for the key on first use; Insert Reference from the notification';

const README = '# Garden\n\nOur red panda:\n';

export function setup({ workspace }) {
  fs.writeFileSync(path.join(workspace, 'README.md'), README);
}

export async function run({
  openFile,
  page,
  workspace,
  sim,
  shot,
  runCommand,
  quickInput,
  notificationCenter,
  imagePreview,
  waitForFile,
  waitForContent,
  step,
}) {
  const input = page.locator('.quick-input-widget input');
  await openFile('README.md');
  await page.locator('.editor-instance .monaco-editor.focused .view-line', { hasText: 'Our red panda:' }).waitFor();
  await page.keyboard.press('Control+End');
  step('README.md open, cursor at the end');

  await runCommand('AIsa: Generate Image');
  await quickInput('AIsa API Key');
  assert.equal(await input.getAttribute('type'), 'password', 'the key is typed into a password box');
  await input.fill(sim.apiKey);
  await shot('1-key');
  await page.keyboard.press('Enter');
  step('key entered');

  await quickInput('Generate Image (1/3)');
  await input.fill('A red panda in a bamboo forest');
  await shot('2-prompt');
  await page.keyboard.press('Enter');
  const size = await quickInput('Generate Image (2/3)');
  await size.locator('.monaco-list-row.focused', { hasText: '2048x2048' }).waitFor();
  await shot('3-size');
  await page.keyboard.press('Enter');
  const count = await quickInput('Generate Image (3/3)');
  await count.filter({ hasText: 'Estimated cost: $0.040' }).waitFor();
  await shot('4-count');
  await page.keyboard.press('Enter');
  step('generating');

  const file = await waitForFile(path.join(workspace, 'assets'), /^a-red-panda-in-a-bamboo-forest-\d{8}-\d{6}\.png$/);
  const sent = sim.generationRequests();
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].body, {
    model: 'seedream-4-5-251128',
    prompt: 'A red panda in a bamboo forest',
    n: 1,
    size: '2048x2048',
  });
  assert.equal(sent[0].headers.authorization, `Bearer ${sim.apiKey}`);
  step(`saved ${path.basename(file)}`);

  // The smoke-test driver never shows toasts: the notification is read in the Notifications center.
  const center = await notificationCenter();
  const saved = center.locator('.notification-list-item', { hasText: `Saved assets/${path.basename(file)} ($0.040).` });
  const actions = saved.locator('.monaco-button');
  await actions.last().waitFor();
  assert.deepEqual(await actions.allInnerTexts(), ['Insert Reference', 'Reveal in Explorer', 'Copy Path']);
  await center.locator('.notification-list-item', { hasText: 'AIsa: ' }).first().waitFor({ state: 'hidden' }); // the progress (shown at least 0.8 s)
  await imagePreview(path.basename(file)); // the first image opens beside
  await shot('5-saved');

  // Insert Reference: the Markdown reference at the README's cursor, though the image opened meanwhile.
  await actions.filter({ hasText: 'Insert Reference' }).click();
  await saved.waitFor({ state: 'detached' });
  await waitForContent(
    path.join(workspace, 'README.md'),
    `${README}![A red panda in a bamboo forest](assets/${path.basename(file)})`,
  );
  await shot('6-inserted');
  step('Insert Reference: the reference is in README.md');
}
