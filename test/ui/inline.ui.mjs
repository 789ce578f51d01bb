// Generating inline in a Markdown file: select a line, right-click, "Generate Image from
// Selection", Enter through the prompts (the selection is the prompt), and the image reference
// appears under the line; one Ctrl+Z takes it away again. Then a reference to a missing image:
// Ctrl+. "Generate this image" saves it at exactly the referenced path. Last, two images from one
// selection, and the pick of which to reference.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export const name = 'Generate Image from Selection from the editor context menu in Markdown';

const LINE = 'A lighthouse on a cliff at sunset';

export function setup({ workspace }) {
  fs.mkdirSync(path.join(workspace, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'docs', 'notes.md'), `# Notes\n\n${LINE}\n\nMore text.\n`);
}

export async function run({
  codeAction,
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
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');

  await openFile('docs/notes.md');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const line = editor.locator('.view-line', { hasText: LINE });
  await line.waitFor();
  step('notes.md open');

  // Select the line's text the way a person does: click into it, Home, Shift+End.
  await line.click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await editor.locator('.selected-text').first().waitFor();
  await shot('1-selected');

  // Right-click inside the selection (which keeps it) and pick the command from the menu.
  const box = await line.boundingBox();
  assert.ok(box);
  await page.mouse.click(box.x + 40, box.y + box.height / 2, { button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { hasText: 'Generate Image from Selection' });
  await item.waitFor({ timeout: 15000 });
  await shot('2-context-menu');
  await item.click();
  step('context menu: Generate Image from Selection');

  // A fresh profile asks for the key first; a profile that has one goes straight to the prompt.
  const keyBox = widget.filter({ hasText: 'AIsa API Key' });
  const promptBox = widget.filter({ hasText: 'Generate Image from Selection (1/3)' });
  await keyBox.or(promptBox).first().waitFor({ timeout: 30000 });
  if (await keyBox.isVisible()) {
    await input.fill(sim.apiKey);
    await page.keyboard.press('Enter');
    step('key entered');
  }
  await quickInput('Generate Image from Selection (1/3)');
  assert.equal(await input.inputValue(), LINE, 'the selection is the prompt');
  await shot('3-prompt');
  await page.keyboard.press('Enter');
  const size = await quickInput('Generate Image from Selection (2/3)');
  await size.locator('.monaco-list-row.focused', { hasText: '2048x2048' }).waitFor();
  await page.keyboard.press('Enter');
  await quickInput('Generate Image from Selection (3/3)');
  await page.keyboard.press('Enter');
  step('generating');

  const file = await waitForFile(
    path.join(workspace, 'assets'),
    /^a-lighthouse-on-a-cliff-at-sunset-\d{8}-\d{6}\.png$/,
  );
  const reference = `![${LINE}](../assets/${path.basename(file)})`;
  // The editor wraps the long line, so the exact text is checked on disk (auto-saved).
  const notes = path.join(workspace, 'docs', 'notes.md');
  // The reference sits on its own line right under the selected one.
  await waitForContent(notes, `# Notes\n\n${LINE}\n${reference}\n\nMore text.\n`);
  step(`inserted ${reference}`);
  await imagePreview(path.basename(file)); // the image opens beside
  await shot('4-inserted');

  const sent = sim.generationRequests();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].body.prompt, LINE);

  // One Undo takes the reference away (the image stays saved).
  await page.keyboard.press('Control+Z');
  await waitForContent(notes, `# Notes\n\n${LINE}\n\nMore text.\n`);
  assert.ok(fs.existsSync(file));
  await shot('5-undone');

  // A reference to an image that does not exist yet: Ctrl+. offers "Generate this image", which
  // saves it at exactly that path.
  await editor.locator('.view-line', { hasText: 'More text.' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('![A red kite over green hills](img/kite.png)');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const fix = await codeAction(editor, 'Generate this image');
  await shot('6-quick-fix');
  await fix.click();
  await quickInput('Generate this image: docs/img/kite.png (1/2)');
  assert.equal(await input.inputValue(), 'A red kite over green hills', 'the alt text is the prompt');
  await shot('7-quick-fix-prompt');
  await page.keyboard.press('Enter');
  await quickInput('Generate this image: docs/img/kite.png (2/2)');
  await page.keyboard.press('Enter');
  const kite = path.join(workspace, 'docs', 'img', 'kite.png');
  await waitForFile(path.dirname(kite), /^kite\.png$/);
  assert.deepEqual(
    fs.readdirSync(path.dirname(kite)),
    ['kite.png'],
    'saved at exactly the referenced path, nothing else left',
  );
  assert.deepEqual([...fs.readFileSync(kite).subarray(1, 4)], [0x50, 0x4e, 0x47]);
  assert.equal(sim.generationRequests().at(-1).body.prompt, 'A red kite over green hills');
  step('quick fix saved docs/img/kite.png');
  const center = await notificationCenter();
  await center.locator('.notification-list-item', { hasText: 'Generated docs/img/kite.png ($0.040).' }).waitFor();
  await center.locator('.notification-list-item', { hasText: 'AIsa: ' }).first().waitFor({ state: 'hidden' }); // the progress (shown at least 0.8 s)
  await imagePreview('kite.png');
  await shot('8-quick-fix-saved');

  // Two images from one selection: the pick previews the one under the cursor beside, and only
  // the ticked one is referenced; both stay saved.
  const more = editor.locator('.view-line', { hasText: 'More text.' });
  await more.click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await editor.locator('.selected-text').first().waitFor();
  await runCommand('AIsa: Generate Image from Selection');
  await quickInput('Generate Image from Selection (1/3)');
  await page.keyboard.press('Enter');
  await quickInput('Generate Image from Selection (2/3)');
  await page.keyboard.press('Enter');
  await quickInput('Generate Image from Selection (3/3)');
  await input.fill('2');
  await page.keyboard.press('Enter');
  const pick = await quickInput('Which images should be referenced?');
  const [first, second] = fs
    .readdirSync(path.join(workspace, 'assets'))
    .filter((f) => f.startsWith('more-text-'))
    .sort();
  assert.ok(first && second, 'both images saved before the pick');
  await imagePreview(first); // the first row, shown beside
  await page.keyboard.press('ArrowDown');
  await imagePreview(second); // follows the cursor
  const row = (label) => pick.locator('.monaco-list-row', { hasText: label });
  await row('Image 1').locator('input[type=checkbox], .monaco-checkbox, .quick-input-list-checkbox').first().click(); // untick
  await row('Image 2').locator('input[type=checkbox], .monaco-checkbox, .quick-input-list-checkbox').first().click(); // tick
  await pick.locator('.quick-input-count', { hasText: '1 Selected' }).waitFor();
  await shot('9-pick-which');
  await pick.getByRole('button', { name: 'OK' }).click();
  await pick.waitFor({ state: 'hidden' });
  const withPick = (text) => text.includes(`More text.\n![More text.](../assets/${second})\n`) && !text.includes(first);
  for (const end = Date.now() + 20000; !withPick(fs.readFileSync(notes, 'utf8')); await page.waitForTimeout(100)) {
    if (Date.now() > end)
      throw new Error(`notes.md does not reference only ${second}:\n${fs.readFileSync(notes, 'utf8')}`);
  }
  assert.ok(fs.existsSync(path.join(workspace, 'assets', first)), 'the image not picked stays saved');
  step(`two images, ${second} picked and referenced`);
}
