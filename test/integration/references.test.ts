// Editing from reference images (issue 16) in the real VS Code: Edit Image with AIsa… on a
// workspace file, and the agent tool's `references`, through the one pipeline, against the
// simulator, whose answer is the reference inverted: the saved file proves the reference travelled.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import sharp from 'sharp';
import { generations, resetSim, SIM_KEY } from './sim';

const workspace = (): vscode.WorkspaceFolder => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the suite runs with a workspace folder open');
  return f;
};
const wsUri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspace().uri, rel);
const TEXT_ONLY = 'Seedream on AIsa takes text only; choose Wan 2.7 or Gemini to edit from images.';

async function writeSolid(rel: string, rgb: [number, number, number]): Promise<Uint8Array> {
  const bytes = new Uint8Array(
    await sharp({ create: { width: 48, height: 32, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
      .png()
      .toBuffer(),
  );
  await vscode.workspace.fs.writeFile(wsUri(rel), bytes);
  return bytes;
}

async function centre(uri: vscode.Uri): Promise<number[]> {
  const { data, info } = await sharp(await vscode.workspace.fs.readFile(uri))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * 3;
  return [data[at] ?? -1, data[at + 1] ?? -1, data[at + 2] ?? -1];
}

interface EditResult {
  files: string[];
  unsaved: number;
}
const edit = (args: Record<string, unknown>): Thenable<EditResult | undefined> =>
  vscode.commands.executeCommand<EditResult | undefined>('aisaImages.editImage', args);

suite('editing from reference images', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('aisaImages.setApiKey', SIM_KEY);
  });
  setup(() => resetSim());

  for (const model of ['wan2.7-image', 'gemini-3-pro-image-preview']) {
    test(`Edit Image with AIsa (${model}) saves <name>-edit-1.png beside the original, derived from it; the original is untouched`, async () => {
      const dir = `edit-${model.slice(0, 3)}`;
      const original = await writeSolid(`${dir}/fox.png`, [10, 200, 30]);
      const result = await edit({ image: `${dir}/fox.png`, prompt: 'the same fox at night', model });
      assert.deepEqual(result?.files, [wsUri(`${dir}/fox-edit-1.png`).fsPath]);
      assert.deepEqual(await centre(wsUri(`${dir}/fox-edit-1.png`)), [245, 55, 225]);
      assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(wsUri(`${dir}/fox.png`))), Buffer.from(original));
      const [sent] = await generations();
      const body = JSON.stringify(sent?.body);
      assert.ok(body.includes(Buffer.from(original).toString('base64')), 'the original travelled in the request');
      assert.equal((await generations()).length, 1);

      const again = await edit({ image: `${dir}/fox.png`, prompt: 'and waving', model });
      assert.deepEqual(
        again?.files,
        [wsUri(`${dir}/fox-edit-2.png`).fsPath],
        'the next free number; nothing overwritten',
      );
    });
  }

  test('Edit Image with Seedream is refused in one sentence, before any request', async () => {
    await writeSolid('edit-seed/fox.png', [1, 2, 3]);
    await assert.rejects(
      Promise.resolve(edit({ image: 'edit-seed/fox.png', prompt: 'p', model: 'seedream-4-5-251128' })),
      (e: Error) => e.message === TEXT_ONLY,
    );
    assert.equal((await generations()).length, 0);
  });

  test('the agent tool with "references" gives an image derived from them; a file outside the workspace is refused with nothing sent', async () => {
    await writeSolid('agent-refs/mascot.png', [200, 10, 10]);
    const result = await vscode.lm.invokeTool('aisa_generateImage', {
      input: {
        prompt: 'the same mascot, waving',
        model: 'wan2.7-image',
        references: ['agent-refs/mascot.png'],
        path: 'agent-refs/mascot-waving.png',
      },
      toolInvocationToken: undefined,
    });
    const text = result.content
      .filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart)
      .map((p) => p.value)
      .join('\n');
    assert.match(text, /- agent-refs\/mascot-waving\.png/);
    assert.deepEqual(await centre(wsUri('agent-refs/mascot-waving.png')), [55, 245, 245]);
    await resetSim();
    await assert.rejects(
      Promise.resolve(
        vscode.lm.invokeTool('aisa_generateImage', {
          input: { prompt: 'p', model: 'wan2.7-image', references: ['../outside.png'] },
          toolInvocationToken: undefined,
        }),
      ),
      /outside the workspace/,
    );
    assert.equal((await generations()).length, 0);
  });
});

suite("the panel's reference images", () => {
  setup(() => resetSim());

  test('"Use as reference" on a gallery item, Generate with Wan: the new image derives from it; the history records it and Again reuses it', async () => {
    const { freshStorage, setupSession } = await import('./panelSession');
    const t = setupSession(freshStorage(), { model: 'wan2.7-image', size: '2048x2048' });
    try {
      await t.session.receive({ type: 'ready' });
      // A first generation, whose image then becomes the reference (the simulator's pattern image).
      await t.session.receive({ type: 'generate', form: { prompt: 'a fox', model: 'wan2.7-image', size: '', n: 1 } });
      const first = t.webview.last('result');
      assert.ok(first?.result.kind === 'done', JSON.stringify(first));
      const entry = first.result.entry;
      const file = entry.files[0];
      assert.ok(file);
      await t.session.receive({ type: 'file', action: 'useAsReference', entryId: entry.id, index: file.index });
      const added = t.webview.last('addReferences');
      assert.equal(added?.references.length, 1);
      const ref = added?.references[0];
      assert.ok(ref?.uri && ref.src, JSON.stringify(ref));
      assert.equal(ref.relPath, file.relPath);

      await resetSim();
      await t.session.receive({
        type: 'generate',
        form: { prompt: 'the same fox at night', model: 'wan2.7-image', size: '', n: 1, references: [ref.uri] },
      });
      const second = t.webview.last('result');
      assert.ok(second?.result.kind === 'done', JSON.stringify(second));
      const [sent] = await generations();
      const source = await vscode.workspace.fs.readFile(vscode.Uri.parse(ref.uri));
      assert.ok(JSON.stringify(sent?.body).includes(Buffer.from(source).toString('base64')), 'the reference travelled');
      const savedUri = vscode.Uri.parse(t.history.get(second.result.entry.id)?.files[0] ?? '');
      // The simulator's answer is the reference inverted and resized: compare with the reference itself.
      const expected = await sharp(source).removeAlpha().resize(2048, 2048, { fit: 'fill' }).negate().raw().toBuffer();
      const got = await sharp(await vscode.workspace.fs.readFile(savedUri))
        .removeAlpha()
        .raw()
        .toBuffer();
      assert.ok(got.equals(expected), 'the saved image is derived from the reference');
      assert.deepEqual(
        second.result.entry.references?.map((r) => r.uri),
        [ref.uri],
        'the history records it, for Again',
      );
      assert.deepEqual(t.history.get(second.result.entry.id)?.references, [ref.uri]);
    } finally {
      t.dispose();
    }
  });

  test('a reference outside the workspace, or Seedream with one, is refused in one sentence with nothing sent', async () => {
    const { freshStorage, setupSession } = await import('./panelSession');
    const t = setupSession(freshStorage());
    try {
      await t.session.receive({ type: 'ready' });
      await t.session.receive({
        type: 'generate',
        form: { prompt: 'p', model: 'wan2.7-image', size: '', n: 1, references: ['file:///etc/passwd.png'] },
      });
      const outside = t.webview.last('result');
      assert.ok(
        outside?.result.kind === 'failed' && /outside the workspace/.test(outside.result.message),
        JSON.stringify(outside),
      );
      await writeSolid('panel-refs/a.png', [1, 2, 3]);
      await t.session.receive({
        type: 'generate',
        form: {
          prompt: 'p',
          model: 'seedream-4-5-251128',
          size: '2048x2048',
          n: 1,
          references: [wsUri('panel-refs/a.png').toString()],
        },
      });
      const seedream = t.webview.last('result');
      assert.ok(
        seedream?.result.kind === 'failed' && seedream.result.message.includes(TEXT_ONLY),
        JSON.stringify(seedream),
      );
      await t.session.receive({ type: 'dropReferences', uris: ['file:///etc/hosts.png'] });
      assert.match(t.webview.last('notice')?.message ?? '', /outside the workspace/);
      assert.equal((await generations()).length, 0);
    } finally {
      t.dispose();
    }
  });
});

suite('"Edit this image" from a selection', () => {
  test('a selection that is one image reference to a workspace file names that file; other text does not', async () => {
    const { imageInSelection } = await import('../../src/features/references/selectionImage');
    await writeSolid('sel-refs/img/fox.png', [9, 9, 9]);
    const doc = wsUri('sel-refs/page.md');
    const lines = [
      '![A fox](img/fox.png)',
      '<img src="img/fox.png" alt="fox">',
      'A fox in a meadow',
      '![gone](img/missing.png)',
      '![A fox](img/fox.png) and more text',
    ];
    await vscode.workspace.fs.writeFile(doc, new TextEncoder().encode(`${lines.join('\n')}\n`));
    const editor = await vscode.window.showTextDocument(doc);
    const found: Array<string | undefined> = [];
    for (let i = 0; i < lines.length; i++) {
      editor.selection = new vscode.Selection(i, 0, i, lines[i]?.length ?? 0);
      found.push((await imageInSelection(editor))?.path);
    }
    const fox = wsUri('sel-refs/img/fox.png').path;
    assert.deepEqual(found, [fox, fox, undefined, undefined, undefined]);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
