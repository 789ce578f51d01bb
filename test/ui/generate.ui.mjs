// The palette flow a new user meets: F1, Generate Image, the key box (fresh profile), a prompt,
// Enter, Enter, and the PNG lands in assets/.
import assert from 'node:assert/strict';
import path from 'node:path';

export const name = 'Generate Image from the palette, asking for the key on first use';

export async function run({ page, workspace, sim, shot, runCommand, waitForFile, step }) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  await runCommand('AIsa: Generate Image');
  await widget.filter({ hasText: 'AIsa API Key' }).waitFor({ timeout: 30000 });
  assert.equal(await input.getAttribute('type'), 'password', 'the key is typed into a password box');
  await input.fill(sim.apiKey);
  await shot('1-key');
  await page.keyboard.press('Enter');
  step('key entered');

  await widget.filter({ hasText: 'Generate Image (1/3)' }).waitFor();
  await input.fill('A red panda in a bamboo forest');
  await shot('2-prompt');
  await page.keyboard.press('Enter');
  await widget.filter({ hasText: 'Generate Image (2/3)' }).waitFor();
  await widget.locator('.monaco-list-row', { hasText: '2048x2048' }).first().waitFor();
  await shot('3-size');
  await page.keyboard.press('Enter');
  await widget.filter({ hasText: 'Generate Image (3/3)' }).waitFor();
  await widget.filter({ hasText: 'Estimated cost: $0.040' }).waitFor();
  await shot('4-count');
  await page.keyboard.press('Enter');
  step('generating');

  const file = await waitForFile(path.join(workspace, 'assets'), /^a-red-panda-in-a-bamboo-forest-\d{8}-\d{6}\.png$/);
  step(`saved ${path.basename(file)}`);
  // Headless, the workbench may file the message straight into the notification centre rather
  // than as a toast; either way it must be there with its actions.
  const saved = page.locator('.notification-list-item', { hasText: 'Saved assets/' }).first();
  try {
    await saved.waitFor({ timeout: 5000 });
  } catch {
    await runCommand('Notifications: Show Notifications');
    await saved.waitFor({ timeout: 15000 });
  }
  for (const action of ['Insert Reference', 'Reveal in Explorer', 'Copy Path']) {
    await saved.locator('.monaco-button', { hasText: action }).waitFor();
  }
  await shot('5-saved');
  const sent = sim.generationRequests();
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].body, { model: 'seedream-4-5-251128', prompt: 'A red panda in a bamboo forest', n: 1, size: '2048x2048' });
  assert.equal(sent[0].headers.authorization, `Bearer ${sim.apiKey}`);
}
