import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findXmp, readXmpRecord } from '../../src/core/convert/xmp';
import { inspectImage } from '../../src/core/imageType';
import { GENERATION_KEYWORD, readPngText } from '../../src/core/pngText';
import { HISTORY_FILE, HistoryStore } from '../../src/features/panel/history';
import type { EntryView } from '../../src/shared/protocol';
import { FakeLog, freshStorage, setupSession } from './panelSession';
import { generations, resetSim, setFaults, SIM_KEY, until } from './sim';

suite('Image Generator panel', () => {
  setup(() => resetSim());

  test('the command and the restore activation event are contributed; a second open reveals the same panel', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'aisa-images');
    assert.ok(ext);
    assert.ok((ext.packageJSON.activationEvents as string[]).includes('onWebviewPanel:aisaImages.panel'));
    assert.ok((await vscode.commands.getCommands(true)).includes('aisaImages.openPanel'));
    const panels = (): vscode.Tab[] =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('aisaImages.panel'));
    await vscode.commands.executeCommand('aisaImages.openPanel');
    await until('the panel tab', () => panels().length === 1);
    await vscode.commands.executeCommand('aisaImages.openPanel');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(panels().length, 1, 'one panel, revealed again');
    assert.equal(panels()[0]?.label, 'Image Generator');
    await vscode.window.tabGroups.close(panels());
  });

  test('unknown and malformed messages are logged and ignored: no reply, no request', async () => {
    const t = setupSession(freshStorage());
    try {
      for (const m of [
        { type: 'deleteAll' },
        'ready',
        null,
        42,
        { type: 'generate', form: { prompt: 7, model: 'x', size: '', n: 1 } },
        { type: 'file', action: 'rm', entryId: 'a', index: 0 },
      ]) {
        t.webview.fire(m);
      }
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(t.webview.sent, [], 'nothing answered');
      assert.equal((await generations()).length, 0, 'nothing sent to the API');
      const warnings = t.log.lines.filter((l) => l.startsWith('warn panel: ignored'));
      assert.equal(warnings.length, 6, warnings.join('\n'));
      assert.match(warnings[0] ?? '', /unknown message type "deleteAll"/);
      assert.match(warnings[4] ?? '', /invalid "generate" message \(form\.prompt/);
      // The session still works after all that.
      await t.session.receive({ type: 'ready' });
      const init = t.webview.last('init');
      assert.ok(init);
      assert.deepEqual(init.history, []);
      assert.equal(init.defaults.model, 'seedream-4-5-251128');
      assert.ok(!JSON.stringify(t.webview.sent).includes(SIM_KEY), 'the key never reaches the webview');
    } finally {
      t.dispose();
    }
  });

  test('nothing is posted before the ready handshake', async () => {
    const t = setupSession(freshStorage());
    try {
      await t.session.receive({
        type: 'generate',
        form: { prompt: 'before ready', model: 'seedream-4-5-251128', size: '100x100', n: 1 },
      });
      assert.deepEqual(t.webview.sent, []);
    } finally {
      t.dispose();
    }
  });

  test('a crafted invalid size is refused by the core before any request', async () => {
    const t = setupSession(freshStorage());
    try {
      await t.session.receive({ type: 'ready' });
      await t.session.receive({
        type: 'generate',
        form: { prompt: 'too small', model: 'seedream-4-5-251128', size: '1024x1024', n: 1 },
      });
      const result = t.webview.last('result')?.result;
      assert.equal(result?.kind, 'failed');
      assert.match(result?.kind === 'failed' ? result.message : '', /minimum is 3,686,400/);
      assert.equal((await generations()).length, 0);
    } finally {
      t.dispose();
    }
  });

  test('a panel generation: progress per image, the result, annotated PNGs, history that survives a restart, missing files', async () => {
    const storage = freshStorage();
    const t = setupSession(storage);
    let entry: EntryView | undefined;
    try {
      await t.session.receive({ type: 'ready' });
      await t.session.receive({
        type: 'generate',
        form: { prompt: 'panel lighthouse at dusk', model: 'seedream-4-5-251128', size: '1920x1920', n: 2 },
      });
      const runs = t.webview.sent.filter((m) => m.type === 'run').map((m) => (m.type === 'run' ? m.run : undefined));
      assert.deepEqual([...new Set(runs.map((r) => r?.phase))], ['starting', 'requesting', 'downloading']);
      assert.equal(runs.at(-1)?.saved.length, 2, 'each image reported as it was saved');
      const result = t.webview.last('result')?.result;
      assert.equal(result?.kind, 'done', JSON.stringify(result));
      entry = result?.kind === 'done' ? result.entry : undefined;
      assert.ok(entry);
      assert.equal(entry.files.length, 2);
      assert.equal(entry.cost, '$0.080');
      assert.equal(entry.sizeLabel, '1920x1920');
      for (const f of entry.files) {
        assert.equal(f.missing, false);
        assert.match(f.relPath, /^assets\/panel-lighthouse-at-dusk-\d{8}-\d{6}-[12]\.png$/);
        assert.match(f.src ?? '', /^https:\/\/webview\.test\//);
      }
      const [sent] = await generations();
      assert.deepEqual(sent?.body, {
        model: 'seedream-4-5-251128',
        prompt: 'panel lighthouse at dusk',
        n: 2,
        size: '1920x1920',
      });
      assert.ok(
        t.webview.last('history')?.history.some((e) => e.id === entry?.id),
        'the history was pushed',
      );
      assert.ok(
        !JSON.stringify(t.webview.sent).includes(SIM_KEY),
        'the key never reaches the webview, not in progress, results or history',
      );

      // The files say how they were made.
      const record = t.history.get(entry.id);
      assert.ok(record);
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(record.files[0] ?? ''));
      const text = readPngText(bytes);
      assert.equal(text.find((x) => x.keyword === 'Description')?.text, 'panel lighthouse at dusk');
      assert.match(text.find((x) => x.keyword === GENERATION_KEYWORD)?.text ?? '', /"size":"1920x1920"/);

      // Saved to disk: a new store on the same folder (a restart) sees the same entry.
      await t.history.save();
      const reopened = new HistoryStore(storage, new FakeLog());
      const all = await reopened.all();
      reopened.dispose();
      assert.equal(all.length, 1);
      assert.deepEqual(all[0], record);

      // A file deleted on disk shows as missing; acting on it is a notice, not an error.
      await vscode.workspace.fs.delete(vscode.Uri.parse(record.files[1] ?? ''));
      await t.session.pushHistory();
      const files = t.webview.last('history')?.history[0]?.files ?? [];
      assert.deepEqual(
        files.map((f) => f.missing),
        [false, true],
      );
      assert.equal(files[1]?.src, undefined, 'no URI for a missing file');
      await t.session.receive({ type: 'file', action: 'open', entryId: entry.id, index: files[1]?.index ?? 1 });
      assert.match(t.webview.last('notice')?.message ?? '', /no longer on disk/);
      assert.equal(t.webview.last('notice')?.level, 'error');
      await t.session.receive({ type: 'file', action: 'copyPath', entryId: entry.id, index: files[0]?.index ?? 0 });
      assert.equal(t.webview.last('notice')?.message, `Copied ${files[0]?.relPath}`);
      await t.session.receive({ type: 'file', action: 'insert', entryId: entry.id, index: files[0]?.index ?? 0 });
      assert.match(t.webview.last('notice')?.message ?? '', /Open a file first/);
      await t.session.receive({ type: 'file', action: 'open', entryId: 'no-such-entry', index: 0 });
      assert.match(t.webview.last('notice')?.message ?? '', /no longer in the history/);
      assert.ok(!t.log.lines.some((l) => l.startsWith('error')), t.log.lines.join('\n'));
    } finally {
      t.dispose();
      if (entry)
        for (const f of entry.files)
          await vscode.workspace.fs
            .delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/'), f.relPath))
            .then(undefined, () => undefined);
    }
  });

  test('failed generations are in the history with what was said and the request id; bad input is not', async () => {
    const storage = freshStorage();
    const t = setupSession(storage);
    try {
      await t.session.receive({ type: 'ready' });
      await setFaults({ generation: [{ status: 500 }, { status: 422, code: 'content_policy_violation' }] });
      const form = { model: 'seedream-4-5-251128', size: '1920x1920', n: 2 };
      await t.session.receive({ type: 'generate', form: { ...form, prompt: 'fails with a 500' } });
      await t.session.receive({ type: 'generate', form: { ...form, prompt: 'refused by the policy' } });
      await t.session.receive({ type: 'generate', form: { ...form, prompt: 'too small', size: '1024x1024' } });
      assert.equal((await generations()).length, 2, 'the bad size was never sent');
      // The history is pushed as it changes, after each run's own result.
      await until('the failures in the pushed history', () => (t.webview.last('history')?.history.length ?? 0) >= 2);
      const history = t.webview.last('history')?.history ?? [];
      assert.deepEqual(
        history.map((e) => e.prompt),
        ['refused by the policy', 'fails with a 500'],
        'newest first, only what reached the API',
      );
      const [policy, server] = history;
      assert.match(server?.error ?? '', /internal error.*billed/);
      assert.match(server?.requestId ?? '', /^req_/);
      assert.equal(server?.cost, 'may have been billed');
      assert.match(policy?.error ?? '', /content policy/);
      assert.equal(policy?.cost, 'not billed');
      assert.deepEqual(
        [policy?.files.length, policy?.n, policy?.sizeLabel],
        [0, 2, '1920x1920'],
        'the settings, for Again',
      );
      // Kept across a restart, like the rest of the history.
      await t.history.save();
      const reread = new HistoryStore(storage, t.log);
      assert.deepEqual(
        (await reread.all()).map((r) => [r.prompt, r.mayHaveBilled]),
        [
          ['refused by the policy', false],
          ['fails with a 500', true],
        ],
      );
      reread.dispose();
    } finally {
      t.dispose();
    }
  });

  test('an unreadable history file is set aside, not fatal', async () => {
    const storage = freshStorage();
    await vscode.workspace.fs.createDirectory(storage);
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(storage, HISTORY_FILE),
      new TextEncoder().encode('{"version":1,"entries":[{"id":3}]}'),
    );
    const log = new FakeLog();
    const history = new HistoryStore(storage, log);
    try {
      assert.deepEqual(await history.all(), []);
      assert.ok(
        log.lines.some((l) => /unreadable.*moved to/.test(l)),
        log.lines.join('\n'),
      );
      const names = (await vscode.workspace.fs.readDirectory(storage)).map(([n]) => n);
      assert.ok(
        names.some((n) => n.endsWith('.bad')),
        names.join(),
      );
    } finally {
      history.dispose();
    }
  });

  test("the panel's format: a WebP is generated, with its record inside; a format outside the list is refused unseen", async () => {
    const t = setupSession(freshStorage());
    try {
      await t.session.receive({ type: 'ready' });
      assert.equal(
        t.webview.last('init')?.defaults.format ?? 'png',
        'png',
        'the setting (png by default) is offered first',
      );
      await t.session.receive({
        type: 'generate',
        form: { prompt: 'panel webp kite', model: 'seedream-4-5-251128', size: '1920x1920', n: 1, format: 'webp' },
      });
      const result = t.webview.last('result')?.result;
      assert.equal(result?.kind, 'done', JSON.stringify(result));
      const file = result?.kind === 'done' ? result.entry.files[0] : undefined;
      assert.match(file?.relPath ?? '', /^assets\/panel-webp-kite-\d{8}-\d{6}\.webp$/);
      assert.equal(file?.exportable, undefined, 'no original kept (no storage): Export as… is not offered');
      const bytes = await vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/'), file?.relPath ?? ''),
      );
      assert.equal(inspectImage(bytes)?.mime, 'image/webp');
      assert.equal(readXmpRecord(findXmp(bytes) ?? '').prompt, 'panel webp kite');
      const before = (await generations()).length;
      await t.session.receive({
        type: 'generate',
        form: { prompt: 'gif please', model: 'seedream-4-5-251128', size: '1920x1920', n: 1, format: 'gif' },
      });
      assert.match(t.log.lines.join('\n'), /panel: ignored/);
      assert.equal((await generations()).length, before, 'nothing sent');
    } finally {
      t.dispose();
    }
  });

  test('cancel from the panel: the run ends as cancelled and nothing is written', async () => {
    const t = setupSession(freshStorage());
    try {
      await setFaults({ generation: [{ hang: true }] });
      await t.session.receive({ type: 'ready' });
      const running = t.session.receive({
        type: 'generate',
        form: { prompt: 'cancel from panel', model: 'seedream-4-5-251128', size: '2048x2048', n: 1 },
      });
      await until('the request to reach the simulator', async () => (await generations()).length === 1);
      assert.ok(t.session.isRunning);
      t.webview.fire({ type: 'cancel' });
      await running;
      const result = t.webview.last('result')?.result;
      assert.equal(result?.kind, 'cancelled');
      assert.equal((await t.history.all()).length, 0);
    } finally {
      t.dispose();
    }
  });
});
