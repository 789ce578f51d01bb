// VS Code in Simplified Chinese (issue 17): the command palette lists our commands by their
// package.nls.zh-cn.json titles and runs them by those, the Image Generator's tab is titled from
// l10n/bundle.l10n.zh-cn.json, and the walkthrough shows its zh-cn page. VS Code itself stays
// mostly English: its language pack cannot be downloaded here, so test/host/display-language.mjs
// registers a pack without core translations (see there why that is enough to switch the language
// extensions see). That every key is translated: test/unit/l10n.test.ts.
/* global document */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { panelFrame, webviewFrame } from '../host/code-server.mjs';

export const name = 'in Simplified Chinese: the palette shows and runs AIsa: 打开图像生成器, the panel is 图像生成器';

const ROOT = path.resolve(import.meta.dirname, '../..');
const nls = (language) => JSON.parse(fs.readFileSync(path.join(ROOT, `package.nls.${language}.json`), 'utf8'));
const zh = nls('zh-cn');
const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));

export function setup({ workspace, displayLanguage }) {
  displayLanguage('zh-cn');
  fs.writeFileSync(path.join(workspace, 'notes.md'), '# 笔记\n');
}

export async function run({ page, shot, runCommand, step }) {
  // The page VS Code served runs in zh-cn (what vscode.env.language reports to extensions).
  assert.equal(await page.evaluate(() => globalThis._VSCODE_NLS_LANGUAGE), 'zh-cn');
  const generate = `AIsa: ${zh['command.generate.title']}`;
  const open = `AIsa: ${zh['command.openPanel.title']}`;
  assert.deepEqual([generate, open], ['AIsa: 生成图像', 'AIsa: 打开图像生成器']);

  // The palette, filtered on "AIsa": our commands by their Chinese titles, none by the English one.
  const input = page.locator('.quick-input-widget input');
  const labels = page.locator('.quick-input-list .monaco-list-row .label-name');
  for (const end = Date.now() + 60000; ; await page.waitForTimeout(500)) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill('>AIsa: ');
    const shown = await labels
      .filter({ hasText: generate })
      .first()
      .waitFor({ timeout: 2000 })
      .then(() => true)
      .catch(() => false);
    if (shown) break;
    await page.keyboard.press('Escape');
    if (Date.now() > end) throw new Error(`"${generate}" never showed in the palette`);
  }
  // Each row: the Chinese title, and under it the English one (VS Code keeps the original title
  // searchable in another display language).
  const rows = await page
    .locator('.quick-input-list .monaco-list-row')
    .evaluateAll((els) => els.map((el) => [...el.querySelectorAll('.label-name')].map((n) => n.textContent.trim())));
  const titles = rows.map((r) => r[0]);
  assert.ok(titles.includes(open), `the palette lists ${titles.join(' | ')}`);
  assert.ok(!titles.includes('AIsa: Generate Image'), `the palette lists the English title: ${titles.join(' | ')}`);
  assert.deepEqual(
    rows.find((r) => r[0] === generate),
    [generate, 'AIsa: Generate Image'],
  );
  step(`the palette lists ${titles.join(', ')}`);
  await shot('1-palette');
  await page.keyboard.press('Escape');

  // The walkthrough (before the panel: its picker, a quick pick of VS Code's own, would close if the
  // panel's webview took the focus back): its zh-cn title, and its first step's page is key.nls.zh-cn.md.
  await runCommand('Welcome: Open Walkthrough');
  const walkthrough = zh['walkthrough.getStarted.title'];
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: walkthrough }).first();
  await row.waitFor({ timeout: 30000 });
  await row.click();
  const step1 = page.locator('[x-step-title-for="aisa.aisa-images#getStarted#setApiKey"]');
  await step1.waitFor({ timeout: 30000 });
  assert.equal((await step1.innerText()).trim(), zh['walkthrough.getStarted.setApiKey.title']);
  const heading = fs
    .readFileSync(path.join(ROOT, 'media/walkthrough/key.nls.zh-cn.md'), 'utf8')
    .split('\n')[0]
    .replace(/^# /, '');
  const media = webviewFrame(page);
  await media.getByText(heading).waitFor({ timeout: 30000 });
  step(`the walkthrough shows "${walkthrough}" and its page "${heading}"`);
  await page.evaluate(() => document.activeElement?.blur());
  await shot('2-walkthrough');

  // Run by its Chinese title; the panel's tab wears the bundle's translation.
  await runCommand(open);
  const title = bundle['Image Generator'];
  assert.equal(title, '图像生成器');
  const tab = page.locator('.tabs-container .tab', { hasText: title });
  await tab.waitFor({ timeout: 30000 });
  assert.equal((await tab.locator('.label-name').innerText()).trim(), title);
  await (await panelFrame(page)).locator('#prompt').waitFor();
  step(`the panel opened, its tab titled ${title}`);
  await shot('3-panel');
}
