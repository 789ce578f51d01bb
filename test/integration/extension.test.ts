import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EVIL_API,
  generations,
  rateStats,
  resetSim,
  setRateLimit,
  SIM_KEY,
  setFaults,
  simRequests,
  until,
} from './sim';

interface GenerateResult {
  files: string[];
  unsaved: number;
}

const workspace = (): vscode.WorkspaceFolder => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the suite runs with a workspace folder open');
  return f;
};

async function assetFiles(): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(workspace().uri, 'assets'));
    return entries.map(([name]) => name).sort();
  } catch {
    return [];
  }
}

const generate = (args: Record<string, unknown>): Thenable<GenerateResult | undefined> =>
  vscode.commands.executeCommand<GenerateResult | undefined>('aisaImages.generate', args);

suite('AIsa Images in a real extension host', () => {
  suiteSetup(async () => {
    assert.ok(SIM_KEY, 'AISA_TEST_SIM_KEY is passed by the runner');
    await vscode.commands.executeCommand('aisaImages.setApiKey', SIM_KEY);
  });
  setup(() => resetSim());

  test('the commands are registered, with lazy activation', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of [
      'aisaImages.generate',
      'aisaImages.setApiKey',
      'aisaImages.clearApiKey',
      'aisaImages.showLog',
      'aisaImages.cancelGenerations',
    ]) {
      assert.ok(all.includes(id), id);
    }
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'aisa-images');
    assert.ok(ext);
    assert.ok(!(ext.packageJSON.activationEvents as string[]).some((e) => e === '*' || e === 'onStartupFinished'));
  });

  test('generation against the simulator lands PNG files in the output folder', async () => {
    const before = await assetFiles();
    const result = await generate({ prompt: 'integration red panda', n: 2, size: '1920x1920' });
    assert.ok(result);
    assert.equal(result.files.length, 2);
    assert.equal(result.unsaved, 0);
    const after = await assetFiles();
    const added = after.filter((f) => !before.includes(f));
    assert.equal(added.length, 2);
    assert.ok(
      added.every((f) => /^integration-red-panda-\d{8}-\d{6}-[12]\.png$/.test(f)),
      added.join(),
    );
    for (const f of result.files) {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(f));
      assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    }
    const [sent] = await generations();
    assert.deepEqual(sent?.body, {
      model: 'seedream-4-5-251128',
      prompt: 'integration red panda',
      n: 2,
      size: '1920x1920',
    });
  });

  test('the key round trip: stored key sent as Bearer, a wrong one rejected, a cleared one refused before sending', async () => {
    await generate({ prompt: 'key check' });
    assert.equal((await generations())[0]?.headers['authorization'], `Bearer ${SIM_KEY}`);
    const downloads = (await simRequests()).filter((r) => r.server === 'cdn');
    assert.ok(
      downloads.length > 0 && downloads.every((r) => r.headers['authorization'] === undefined),
      'no key to the image host',
    );

    await vscode.commands.executeCommand('aisaImages.setApiKey', 'sk-wrong');
    await assert.rejects(Promise.resolve(generate({ prompt: 'wrong key' })), /key is missing or was rejected/);

    await vscode.commands.executeCommand('aisaImages.clearApiKey');
    await resetSim();
    await assert.rejects(Promise.resolve(generate({ prompt: 'no key' })), /No AIsa API key is set/);
    assert.equal((await generations()).length, 0);
    await vscode.commands.executeCommand('aisaImages.setApiKey', SIM_KEY);
  });

  test('cancel during the request leaves no file behind', async () => {
    await setFaults({ generation: [{ hang: true }] });
    const before = await assetFiles();
    const running = Promise.resolve(generate({ prompt: 'cancel me', n: 2 }));
    await until('the generation request to reach the simulator', async () => (await generations()).length === 1);
    const cancelled = await vscode.commands.executeCommand<number>('aisaImages.cancelGenerations');
    assert.equal(cancelled, 1);
    await assert.rejects(running, /Cancelled/);
    assert.deepEqual(await assetFiles(), before);
  });

  test('cancel during the downloads leaves no partial file, and reports the paid images as unsaved', async () => {
    await setFaults({
      download: [
        { kind: 'slow', bytesPerSecond: 20000 },
        { kind: 'slow', bytesPerSecond: 20000 },
      ],
    });
    const before = await assetFiles();
    const running = Promise.resolve(generate({ prompt: 'cancel downloads', n: 2 }));
    await until(
      'both downloads to start',
      async () => (await simRequests()).filter((r) => r.server === 'cdn').length === 2,
    );
    await vscode.commands.executeCommand('aisaImages.cancelGenerations');
    // The images were already paid for: they come back as unsaved (kept to retry), not as an error.
    const result = await running;
    assert.deepEqual(result, { files: [], unsaved: 2 });
    const after = await assetFiles();
    assert.deepEqual(
      after.filter((f) => !before.includes(f)),
      [],
    );
  });

  test('a workspace-level aisaImages.baseUrl is ignored: the key never goes there', async () => {
    const settingsFile = await vscode.workspace.fs.readFile(
      vscode.Uri.joinPath(workspace().uri, '.vscode', 'settings.json'),
    );
    assert.ok(Buffer.from(settingsFile).toString('utf8').includes(EVIL_API), 'the workspace tries to redirect the key');
    await generate({ prompt: 'not to the evil host' });
    assert.equal((await generations()).length, 1);
    assert.equal((await simRequests(EVIL_API)).length, 0);
  });

  test('an output folder that leaves the workspace is refused before any request', async () => {
    const config = vscode.workspace.getConfiguration('aisaImages', workspace().uri);
    await config.update('outputFolder', '../outside', vscode.ConfigurationTarget.Workspace);
    try {
      await assert.rejects(Promise.resolve(generate({ prompt: 'escape' })), /outside the workspace/);
      assert.equal((await generations()).length, 0);
    } finally {
      await config.update('outputFolder', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('an output folder named ..assets is inside the workspace: the second generation into it is not refused as a link escape', async () => {
    const config = vscode.workspace.getConfiguration('aisaImages', workspace().uri);
    await config.update('outputFolder', '..assets', vscode.ConfigurationTarget.Workspace);
    try {
      // The first creates the folder; the second finds it existing (the case one guard got wrong).
      for (const prompt of ['dots one', 'dots two']) {
        const result = await generate({ prompt });
        assert.equal(result?.files.length, 1);
        assert.ok(
          result?.files.every((f) => f.includes('/..assets/')),
          JSON.stringify(result?.files),
        );
      }
    } finally {
      await config.update('outputFolder', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('an output folder that leads outside through a symbolic link is refused', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-outside-'));
    const link = path.join(workspace().uri.fsPath, 'linked');
    fs.rmSync(link, { force: true });
    fs.symlinkSync(outside, link);
    const config = vscode.workspace.getConfiguration('aisaImages', workspace().uri);
    await config.update('outputFolder', 'linked/images', vscode.ConfigurationTarget.Workspace);
    try {
      await assert.rejects(
        Promise.resolve(generate({ prompt: 'through a link' })),
        /symbolic link.*outside the workspace/,
      );
      assert.equal((await generations()).length, 0);
      assert.deepEqual(fs.readdirSync(outside), []);
    } finally {
      await config.update('outputFolder', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(link, { force: true });
    }
  });

  test('an invalid size from a script is refused with the core message, nothing sent', async () => {
    await assert.rejects(
      Promise.resolve(generate({ prompt: 'small', size: '1024x1024' })),
      /minimum is 3,686,400.*1920x1920/,
    );
    assert.equal((await generations()).length, 0);
  });
});

suite('Nothing paid for is lost', () => {
  suiteSetup(() => vscode.commands.executeCommand('aisaImages.setApiKey', SIM_KEY));
  setup(() => resetSim());

  test('images whose downloads failed are kept, and Retry Saving puts them on disk', async () => {
    // Earlier tests (cancel during downloads) left paid images pending: save those first.
    await vscode.commands.executeCommand('aisaImages.retryPending');
    await resetSim();
    await setFaults({ download: [{ kind: 'html' }, { kind: 'html' }] });
    const before = await assetFiles();
    const result = await generate({ prompt: 'retry later', n: 2 });
    assert.deepEqual(result, { files: [], unsaved: 2 });
    assert.deepEqual(await assetFiles(), before);
    const retried = await vscode.commands.executeCommand<{ saved: string[]; remaining: number }>(
      'aisaImages.retryPending',
    );
    assert.equal(retried.saved.length, 2);
    assert.equal(retried.remaining, 0);
    const added = (await assetFiles()).filter((f) => !before.includes(f));
    assert.equal(added.length, 2);
    assert.ok(
      added.every((f) => /^retry-later-\d{8}-\d{6}-[12]\.png$/.test(f)),
      added.join(),
    );
    assert.equal((await generations()).length, 1, 'retrying never generates (bills) again');
  });

  test('aisaImages.maxConcurrentRequests (default 2) holds a third generation until one of the first two is answered', async () => {
    const inspected = vscode.workspace.getConfiguration('aisaImages').inspect<number>('maxConcurrentRequests');
    assert.equal(inspected?.defaultValue, 2);
    const latencyMs = 1500;
    await setFaults({ latencyMs });
    const results = await Promise.all(['cap one', 'cap two', 'cap three'].map((prompt) => generate({ prompt })));
    assert.equal(results.flatMap((r) => r?.files ?? []).length, 3);
    // Arrival times at the simulator: each answer takes latencyMs, so the third can only arrive
    // once a slot is free, at least that long after the first two (without the cap, all at once).
    const at = (await generations()).map((r) => (r as unknown as { at: number }).at).sort((a, b) => a - b);
    assert.equal(at.length, 3);
    assert.ok((at[1] ?? 0) - (at[0] ?? 0) < latencyMs, `the first two run together: ${at.join(', ')}`);
    assert.ok((at[2] ?? 0) - (at[0] ?? 0) >= latencyMs, `the third waited for a slot: ${at.join(', ')}`);
  });

  test("a burst through the extension stays within the spec's rate limits: nothing is refused with 429", async () => {
    // Stricter than the Free plan (60 a minute, 5 at once) on concurrency, so a client without its queue would be refused.
    await setRateLimit({ requestsPerMinute: 60, concurrent: 2 });
    try {
      await setFaults({ latencyMs: 300 });
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => generate({ prompt: `burst ${i + 1}` })));
      assert.equal(results.flatMap((r) => r?.files ?? []).length, 6);
      const stats = await rateStats();
      assert.equal(stats.limited, 0, 'no request was refused by the rate limit');
      assert.ok(stats.maxInFlight <= 2, `at most 2 in flight, saw ${stats.maxInFlight}`);
      assert.equal((await generations()).length, 6, 'one request each, none retried');
    } finally {
      await setRateLimit(null);
    }
  });

  test('two generations at once never write the same file name', async () => {
    const results = await Promise.all([
      generate({ prompt: 'same name' }),
      generate({ prompt: 'same name' }),
      generate({ prompt: 'same name' }),
    ]);
    const files = results.flatMap((r) => r?.files ?? []);
    assert.equal(files.length, 3);
    assert.equal(new Set(files).size, 3);
  });
});

suite('aisaImages.geminiApiVersion', () => {
  const GEMINI = 'gemini-3-pro-image-preview';
  const geminiPaths = async (): Promise<string[]> => (await generations()).map((r) => r.path);
  const useGemini = (model: string | undefined): Thenable<void> =>
    vscode.workspace
      .getConfiguration('aisaImages', workspace().uri)
      .update('model', model, vscode.ConfigurationTarget.Workspace);

  suiteSetup(() => vscode.commands.executeCommand('aisaImages.setApiKey', SIM_KEY));
  setup(() => resetSim());

  test('"v1" in user settings sends Gemini generations to /v1/models/...:generateContent; the default is /v1beta', async () => {
    await useGemini(GEMINI);
    try {
      assert.equal((await generate({ prompt: 'gemini on the default path' }))?.files.length, 1);
      assert.deepEqual(await geminiPaths(), [`/v1beta/models/${GEMINI}:generateContent`]);
      await resetSim();
      await vscode.workspace
        .getConfiguration('aisaImages')
        .update('geminiApiVersion', 'v1', vscode.ConfigurationTarget.Global);
      const result = await generate({ prompt: 'gemini on v1' });
      assert.equal(result?.files.length, 1);
      assert.equal(result?.unsaved, 0);
      assert.deepEqual(await geminiPaths(), [`/v1/models/${GEMINI}:generateContent`]);
    } finally {
      await vscode.workspace
        .getConfiguration('aisaImages')
        .update('geminiApiVersion', undefined, vscode.ConfigurationTarget.Global);
      await useGemini(undefined);
    }
  });

  test('a workspace cannot change it: a value in .vscode/settings.json is ignored', async () => {
    const file = vscode.Uri.joinPath(workspace().uri, '.vscode', 'settings.json');
    const original = await vscode.workspace.fs.readFile(file);
    const settings = JSON.parse(Buffer.from(original).toString('utf8')) as Record<string, unknown>;
    const model = (): string | undefined =>
      vscode.workspace.getConfiguration('aisaImages', workspace().uri).inspect<string>('model')?.workspaceValue;
    await vscode.workspace.fs.writeFile(
      file,
      Buffer.from(
        JSON.stringify({ ...settings, 'aisaImages.model': GEMINI, 'aisaImages.geminiApiVersion': 'v1' }),
        'utf8',
      ),
    );
    try {
      // The model, set in the same edit, says when VS Code has read the file again.
      await until('the workspace settings to be read again', () => model() === GEMINI);
      await generate({ prompt: 'gemini from a workspace that asks for v1' });
      assert.deepEqual(await geminiPaths(), [`/v1beta/models/${GEMINI}:generateContent`]);
    } finally {
      await vscode.workspace.fs.writeFile(file, original);
      await until('the workspace settings to be restored', () => model() === undefined);
    }
  });
});
