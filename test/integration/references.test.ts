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
  const bytes = new Uint8Array(await sharp({ create: { width: 48, height: 32, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer());
  await vscode.workspace.fs.writeFile(wsUri(rel), bytes);
  return bytes;
}

async function centre(uri: vscode.Uri): Promise<number[]> {
  const { data, info } = await sharp(await vscode.workspace.fs.readFile(uri)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * 3;
  return [data[at] ?? -1, data[at + 1] ?? -1, data[at + 2] ?? -1];
}

interface EditResult { files: string[]; unsaved: number }
const edit = (args: Record<string, unknown>): Thenable<EditResult | undefined> => vscode.commands.executeCommand<EditResult | undefined>('aisaImages.editImage', args);

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
      assert.deepEqual(again?.files, [wsUri(`${dir}/fox-edit-2.png`).fsPath], 'the next free number; nothing overwritten');
    });
  }

  test('Edit Image with Seedream is refused in one sentence, before any request', async () => {
    await writeSolid('edit-seed/fox.png', [1, 2, 3]);
    await assert.rejects(Promise.resolve(edit({ image: 'edit-seed/fox.png', prompt: 'p', model: 'seedream-4-5-251128' })), (e: Error) => e.message === TEXT_ONLY);
    assert.equal((await generations()).length, 0);
  });

  test('the agent tool with "references" gives an image derived from them; a file outside the workspace is refused with nothing sent', async () => {
    await writeSolid('agent-refs/mascot.png', [200, 10, 10]);
    const result = await vscode.lm.invokeTool('aisa_generateImage', {
      input: { prompt: 'the same mascot, waving', model: 'wan2.7-image', references: ['agent-refs/mascot.png'], path: 'agent-refs/mascot-waving.png' },
      toolInvocationToken: undefined,
    });
    const text = result.content.filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart).map((p) => p.value).join('\n');
    assert.match(text, /Saved agent-refs\/mascot-waving\.png/);
    assert.deepEqual(await centre(wsUri('agent-refs/mascot-waving.png')), [55, 245, 245]);
    await resetSim();
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool('aisa_generateImage', { input: { prompt: 'p', model: 'wan2.7-image', references: ['../outside.png'] }, toolInvocationToken: undefined })),
      /outside the workspace/,
    );
    assert.equal((await generations()).length, 0);
  });
});
