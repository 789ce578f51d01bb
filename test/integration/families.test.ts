// Each model family end to end in the real extension host, through both ways in (the Generate
// Image command and the panel's session): the route hit, the request body sent, PNGs on disk.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { freshStorage, setupSession } from './panelSession';
import { generations, resetSim, SIM_KEY } from './sim';

interface Family {
  model: string;
  size: string | undefined;
  path: string;
  body: (prompt: string) => unknown;
  cost?: string;
}

const FAMILIES: Family[] = [
  {
    model: 'wan2.7-image-pro',
    size: undefined,
    path: '/v1/chat/completions',
    cost: '$0.075',
    body: (prompt) => ({
      model: 'wan2.7-image-pro',
      messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
      n: 1,
    }),
  },
  {
    model: 'gemini-3-pro-image-preview',
    size: '16:9@2K',
    path: '/v1beta/models/gemini-3-pro-image-preview:generateContent',
    body: (prompt) => ({
      contents: [{ role: 'user', parts: [{ text: prompt }] }],
      generationConfig: {
        responseModalities: ['TEXT', 'IMAGE'],
        imageConfig: { aspectRatio: '16:9', imageSize: '2K' },
      },
    }),
  },
];

const folder = (): vscode.WorkspaceFolder => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f);
  return f;
};

async function assertPng(file: vscode.Uri): Promise<void> {
  const bytes = await vscode.workspace.fs.readFile(file);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${file.fsPath} is a PNG`);
}

suite('Every model family, through the command and the panel', () => {
  suiteSetup(() => vscode.commands.executeCommand('aisaImages.setApiKey', SIM_KEY));
  setup(() => resetSim());

  for (const family of FAMILIES) {
    test(`${family.model} through Generate Image: its own route and request shape, a PNG saved`, async () => {
      const config = vscode.workspace.getConfiguration('aisaImages', folder().uri);
      await config.update('model', family.model, vscode.ConfigurationTarget.Workspace);
      try {
        const prompt = `command ${family.model}`;
        const result = await vscode.commands.executeCommand<{ files: string[]; unsaved: number }>(
          'aisaImages.generate',
          { prompt, ...(family.size ? { size: family.size } : {}) },
        );
        assert.equal(result?.files.length, 1);
        assert.equal(result.unsaved, 0);
        await assertPng(vscode.Uri.file(result.files[0] ?? ''));
        const sent = await generations();
        assert.deepEqual(
          sent.map((r) => r.path),
          [family.path],
          'the family route, and no other',
        );
        assert.deepEqual(sent[0]?.body, family.body(prompt));
      } finally {
        await config.update('model', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    test(`${family.model} through the panel: its own route and request shape, a PNG saved, its price where published`, async () => {
      const t = setupSession(freshStorage(), { model: family.model, size: '2048x2048' });
      try {
        const prompt = `panel ${family.model}`;
        await t.session.receive({ type: 'ready' });
        await t.session.receive({
          type: 'generate',
          form: { prompt, model: family.model, size: family.size ?? '', n: 1 },
        });
        const result = t.webview.last('result')?.result;
        assert.equal(result?.kind, 'done', JSON.stringify(result));
        const entry = result.kind === 'done' ? result.entry : undefined;
        assert.equal(entry?.files.length, 1);
        assert.equal(entry.model, family.model);
        if (family.cost) assert.equal(entry.cost, family.cost);
        await assertPng(vscode.Uri.joinPath(folder().uri, entry.files[0]?.relPath ?? ''));
        const sent = await generations();
        assert.deepEqual(
          sent.map((r) => r.path),
          [family.path],
        );
        assert.deepEqual(sent[0]?.body, family.body(prompt));
      } finally {
        t.dispose();
      }
    });
  }
});
