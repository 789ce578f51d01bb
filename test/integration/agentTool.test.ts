// The language-model tool, called as VS Code's agent calls it (vscode.lm.invokeTool), with no
// chat model: the real extension, the real pipeline, the simulator behind it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { inspectImage } from '../../src/core/imageType';
import { generations, resetSim, SIM_KEY, setFaults, simResponses, until } from './sim';

const TOOL = 'aisa_generateImage';

const workspace = (): vscode.WorkspaceFolder => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the suite runs with a workspace folder open');
  return f;
};
const wsUri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspace().uri, rel);

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function list(dir: vscode.Uri): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(dir)).map(([n]) => n).sort();
  } catch {
    return [];
  }
}

const invoke = (
  input: Record<string, unknown>,
  token?: vscode.CancellationToken,
): Thenable<vscode.LanguageModelToolResult> =>
  vscode.lm.invokeTool(TOOL, { input, toolInvocationToken: undefined }, token);

const textOf = (r: vscode.LanguageModelToolResult): string =>
  r.content
    .filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart)
    .map((p) => p.value)
    .join('\n');

suite("the language-model tool for VS Code's agent", () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('aisaImages.setApiKey', SIM_KEY);
  });
  setup(() => resetSim());

  test('vscode.lm.tools lists it, with its reference name and input schema', () => {
    const tool = vscode.lm.tools.find((t) => t.name === TOOL);
    assert.ok(tool, vscode.lm.tools.map((t) => t.name).join(', '));
    const schema = tool.inputSchema as { required?: string[]; properties?: Record<string, unknown> };
    assert.deepEqual(schema.required, ['prompt']);
    assert.deepEqual(Object.keys(schema.properties ?? {}).sort(), [
      'alt',
      'aspectRatio',
      'format',
      'height',
      'model',
      'n',
      'path',
      'prompt',
      'references',
      'size',
      'width',
    ]);
    assert.match(tool.description, /costs money|\$0\.040/);
  });

  test('saves the image at exactly the path asked for, and says where, how big, what it cost and how to reference it', async () => {
    const target = wsUri('agent/public/hero.png');
    assert.ok(!(await exists(target)));
    const result = await invoke({
      prompt: 'a lighthouse at dusk, hero banner',
      path: 'agent/public/hero.png',
      aspectRatio: '16:9',
      alt: 'A lighthouse',
    });
    const text = textOf(result);
    assert.ok(await exists(target), text);
    assert.match(text, /- agent\/public\/hero\.png \(2560x1440 PNG, \d+ KB\)/);
    assert.match(text, /estimated cost \$0\.04/);
    // The spec gives a request id on errors only: a success names none (the MCP tests see one with the simulator's extra on).
    assert.doesNotMatch(text, /request id undefined/);
    assert.match(
      text,
      /!\[A lighthouse\]\([^)]*agent\/public\/hero\.png\)|<img src="[^"]*hero\.png" alt="A lighthouse"/,
    );
    assert.ok(!text.includes(SIM_KEY), 'the key never reaches the agent');
    const [request] = await generations();
    assert.deepEqual(request?.body, {
      model: 'seedream-4-5-251128',
      prompt: 'a lighthouse at dusk, hero banner',
      n: 1,
      size: '2560x1440',
    });
    assert.equal((await generations()).length, 1);
  });

  test('the model sees a small rendition (at most 512 px), never the full image', async () => {
    const result = await invoke({ prompt: 'a noisy photo', path: 'agent/icons/large.png', size: '2048x2048' });
    const data = result.content.filter(
      (p): p is vscode.LanguageModelDataPart => p instanceof vscode.LanguageModelDataPart,
    );
    assert.equal(data.length, 1);
    const preview = inspectImage(data[0]?.data ?? new Uint8Array());
    assert.equal(preview?.mime, data[0]?.mimeType);
    assert.ok(
      (preview?.width ?? 0) <= 512 && (preview?.height ?? 0) <= 512 && (preview?.width ?? 0) > 0,
      JSON.stringify(preview),
    );
    const full = inspectImage(await vscode.workspace.fs.readFile(wsUri('agent/icons/large.png')));
    assert.deepEqual([full?.width, full?.height], [2048, 2048]);
  });

  test('web-ready: width, height and a .webp path give a WebP of exactly that size, and the text says so', async () => {
    const result = await invoke({ prompt: 'an open graph card', path: 'agent/og/card.webp', width: 1200, height: 630 });
    const bytes = await vscode.workspace.fs.readFile(wsUri('agent/og/card.webp'));
    const info = inspectImage(bytes);
    assert.deepEqual([info?.mime, info?.width, info?.height], ['image/webp', 1200, 630]);
    assert.match(textOf(result), /- agent\/og\/card\.webp \(1200x630 WebP/);
    await assert.rejects(
      Promise.resolve(invoke({ prompt: 'p', path: 'agent/og/x.png', format: 'webp' })),
      /does not match path/,
    );
    await assert.rejects(
      Promise.resolve(invoke({ prompt: 'p', width: 20000, height: 10, format: 'webp' })),
      /too large for WebP/,
    );
  });

  test('an existing file is never overwritten: refused before any request', async () => {
    const taken = wsUri('agent/taken.png');
    await vscode.workspace.fs.writeFile(taken, Buffer.from('mine'));
    await assert.rejects(
      Promise.resolve(invoke({ prompt: 'overwrite me', path: 'agent/taken.png' })),
      /already exists.*never overwritten/,
    );
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(taken)).toString(), 'mine');
    assert.equal((await generations()).length, 0);
  });

  test('bad input is one sentence the model can act on, and nothing is sent', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ prompt: '' }, /prompt is empty/],
      [{ prompt: 'p', size: '1024x1024' }, /minimum is 3,686,400/],
      [{ prompt: 'p', aspectRatio: '5:1' }, /not offered.*16:9/],
      [{ prompt: 'p', path: '../outside.png' }, /outside the workspace/],
      [{ prompt: 'p', path: 'x.gif' }, /relative path to an image file|\.gif/],
      [{ prompt: 'p', n: 2, path: 'two.png' }, /Only one image can be saved/],
      [{ prompt: 'p', model: 'dall-e-3' }, /dall-e-3/],
    ];
    for (const [input, expected] of cases) {
      await assert.rejects(Promise.resolve(invoke(input)), (e: Error) => {
        assert.match(e.message, expected, JSON.stringify(input));
        return true;
      });
    }
    assert.equal((await generations()).length, 0);
  });

  test('a missing key says which command sets it, and nothing is sent', async () => {
    await vscode.commands.executeCommand('aisaImages.clearApiKey');
    try {
      await assert.rejects(Promise.resolve(invoke({ prompt: 'no key' })), /run "AIsa: Set API Key"/);
      assert.equal((await generations()).length, 0);
    } finally {
      await vscode.commands.executeCommand('aisaImages.setApiKey', SIM_KEY);
    }
  });

  test("the tool's cancellation token stops the generation and leaves no file", async () => {
    await setFaults({ generation: [{ hang: true }] });
    const dir = wsUri('agent/cancel');
    const source = new vscode.CancellationTokenSource();
    const running = Promise.resolve(
      invoke({ prompt: 'cancel the agent', path: 'agent/cancel/never.png' }, source.token),
    );
    await until('the generation request to reach the simulator', async () => (await generations()).length === 1);
    source.cancel();
    await assert.rejects(running, /cancel/i);
    // The tool itself stopped: the extension hung up on the (hanging) paid request.
    await until('the generation request to be abandoned by the extension', async () =>
      (await simResponses()).some((r) => r.server === 'api' && r.method === 'POST' && r.aborted),
    );
    assert.deepEqual(await list(dir), []);
    source.dispose();
  });
});
