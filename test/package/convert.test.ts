// The packaged extension (the .vsix `npm run package` builds, installed into code-server with
// --install-extension, then run from where it was installed): its converter must load and
// convert inside VS Code's own extension host, from the files the package ships, not from the
// repository's node_modules.
import * as assert from 'node:assert/strict';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { convertImage } from '../../src/core/convert/convert';
import { provideSharp, type SharpFn } from '../../src/core/convert/sharp';
import { readXmpRecord } from '../../src/core/convert/xmp';
import { inspectImage, isAvif } from '../../src/core/imageType';
import { avifSize, avifXmp, webpXmp } from '../unit/imageMeta';
import { encodePng } from '../simulator/png';

const installed = (): string => {
  const dir = process.env['AISA_TEST_INSTALLED_EXTENSION'];
  assert.ok(dir, 'AISA_TEST_INSTALLED_EXTENSION is not set (run-suites.mjs sets it)');
  return realpathSync(dir);
};

suite('the packaged extension', () => {
  test('is the installed .vsix: it activates from where code-server installed it, without loading sharp', async () => {
    const ext = vscode.extensions.getExtension('aisa.aisa-images');
    assert.ok(ext, 'aisa.aisa-images is not there');
    assert.equal(realpathSync(ext.extensionPath), installed());
    // What the .vsix holds, and nothing of the repository's: no sources, no tests, no dev tools.
    for (const f of [
      'dist/extension.js',
      'dist/engine.js',
      'dist/panel.js',
      'dist/cli.js',
      'dist/mcp.js',
      'skills/aisa-images/SKILL.md',
      'node_modules/sharp/package.json',
      'node_modules/@img/sharp-linux-x64/package.json',
    ]) {
      assert.ok(existsSync(path.join(ext.extensionPath, f)), `${f} is missing from the package`);
    }
    for (const f of [
      'src',
      'test',
      'node_modules/esbuild',
      'node_modules/zod',
      'node_modules/node-fetch',
      'node_modules/@modelcontextprotocol',
    ]) {
      assert.ok(!existsSync(path.join(ext.extensionPath, f)), `${f} should not be in the package`);
    }
    await ext.activate();
    const sharpDir = path.join(ext.extensionPath, 'node_modules', 'sharp');
    assert.ok(!Object.keys(require.cache).some((k) => k.startsWith(sharpDir)), 'activation loaded sharp');
    const panelCode = path.join(ext.extensionPath, 'dist', 'panel.js');
    assert.ok(!(realpathSync(panelCode) in require.cache), 'activation loaded the panel');
  });

  test("opens the Image Generator from the package: the panel's code loads from dist/panel.js", async () => {
    const ext = vscode.extensions.getExtension('aisa.aisa-images');
    assert.ok(ext);
    const panelTab = (): vscode.Tab | undefined =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('aisaImages.panel'));
    // The tab model reaches the extension host after the command returns: wait for its event.
    const shown = new Promise<vscode.Tab>((resolve) => {
      const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
        const tab = panelTab();
        if (tab) {
          sub.dispose();
          resolve(tab);
        }
      });
    });
    await vscode.commands.executeCommand('aisaImages.openPanel');
    const tab = panelTab() ?? (await shown);
    assert.ok(realpathSync(path.join(ext.extensionPath, 'dist', 'panel.js')) in require.cache);
    await vscode.window.tabGroups.close(tab);
  });

  test('the core converts with the sharp it ships: a WebP of exactly 1200x630 and an AVIF of 512x512, the record readable', async () => {
    const ext = vscode.extensions.getExtension('aisa.aisa-images');
    assert.ok(ext);
    // Resolved as dist/extension.js resolves require('sharp') (src/core/convert/sharp.ts).
    const fromExtension = createRequire(path.join(ext.extensionPath, 'dist', 'extension.js'));
    provideSharp(fromExtension('sharp') as SharpFn);
    const binary = Object.keys(require.cache).find((k) => k.endsWith('.node') && k.includes('sharp-linux-x64'));
    assert.ok(binary && realpathSync(binary).startsWith(installed()), `the native binary came from ${binary}`);
    const png = encodePng(2656, 1392, { seed: 5 });
    const record = {
      prompt: 'og card from the package',
      model: 'seedream-4-5-251128',
      size: '2656x1392',
      requestId: 'req_pkg',
      created: new Date(0).toISOString(),
    };
    const webp = (await convertImage(png, { format: 'webp', size: { width: 1200, height: 630 }, record })).bytes;
    assert.deepEqual(
      [inspectImage(webp)?.mime, inspectImage(webp)?.width, inspectImage(webp)?.height],
      ['image/webp', 1200, 630],
    );
    assert.equal(readXmpRecord(webpXmp(webp) ?? '').prompt, record.prompt);
    const avif = (await convertImage(png, { format: 'avif', size: { width: 512, height: 512 }, record })).bytes;
    assert.ok(isAvif(avif));
    assert.deepEqual(avifSize(avif), { width: 512, height: 512 });
    assert.equal(readXmpRecord(avifXmp(avif) ?? '').requestId, 'req_pkg');
  });
});
