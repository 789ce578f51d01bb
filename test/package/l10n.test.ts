// The packaged extension speaks its three languages: the .vsix holds the manifest's translations,
// the code's bundles and the walkthrough's translated pages (.vscodeignore), and VS Code reads the
// installed manifest through package.nls.json (English here: the window runs in English).
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

suite('the packaged extension, localised', () => {
  test('ships package.nls*.json, l10n/bundle.l10n*.json and the walkthrough pages in zh-cn and ja', () => {
    const ext = vscode.extensions.getExtension('aisa.aisa-images');
    assert.ok(ext, 'aisa.aisa-images is not there');
    const files = ['package.nls.json', 'l10n/bundle.l10n.json'];
    for (const language of ['zh-cn', 'ja']) {
      files.push(
        `package.nls.${language}.json`,
        `l10n/bundle.l10n.${language}.json`,
        `media/walkthrough/key.nls.${language}.md`,
        `media/walkthrough/agent.nls.${language}.md`,
      );
    }
    for (const f of files) assert.ok(existsSync(path.join(ext.extensionPath, f)), `${f} is missing from the package`);
  });

  test('VS Code resolves its manifest: titles, not %keys%', () => {
    const ext = vscode.extensions.getExtension('aisa.aisa-images');
    assert.ok(ext);
    const json = ext.packageJSON as {
      l10n?: string;
      contributes: { commands: Array<{ command: string; title: string; category: string }> };
    };
    assert.equal(json.l10n, './l10n');
    const generate = json.contributes.commands.find((c) => c.command === 'aisaImages.generate');
    assert.deepEqual([generate?.category, generate?.title], ['AIsa', 'Generate Image']);
    const unresolved = JSON.stringify(json).match(/"%[\w.-]+%"/g);
    assert.equal(unresolved, null, `left as keys: ${unresolved?.join(', ')}`);
  });
});
