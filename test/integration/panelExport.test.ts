import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findXmp, readXmpRecord } from '../../src/core/convert/xmp';
import { inspectImage } from '../../src/core/imageType';
import type { ExportAsk, ExportChoice } from '../../src/features/panel/exportAs';
import { freshStorage, setupSession } from './panelSession';
import { generations, resetSim, until } from './sim';

const read = (uri: string): Thenable<Uint8Array> => vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
const remove = async (uris: readonly string[]): Promise<void> => {
  for (const u of uris) await vscode.workspace.fs.delete(vscode.Uri.parse(u)).then(undefined, () => undefined);
};

suite('Image Generator panel: Export as… and thumbnails', () => {
  setup(() => resetSim());

  test('Export as…: a WebP and a JPEG of the asked size from the kept original, record inside, no request; an evicted original says so', async () => {
    const asked: ExportAsk[] = [];
    let answer: ExportChoice | undefined = { format: 'webp', size: { width: 1200, height: 630 } };
    const t = setupSession(freshStorage(), undefined, {
      globalStorage: freshStorage(),
      chooseExport: async (a) => {
        asked.push(a);
        return answer;
      },
    });
    const written: string[] = [];
    try {
      await t.session.receive({ type: 'ready' });
      await t.session.receive({
        type: 'generate',
        form: { prompt: 'export lighthouse', model: 'seedream-4-5-251128', size: '2048x2048', n: 1 },
      });
      const result = t.webview.last('result')?.result;
      assert.equal(result?.kind, 'done', JSON.stringify(result));
      const entry = result?.kind === 'done' ? result.entry : undefined;
      const file = entry?.files[0];
      assert.ok(entry && file);
      assert.equal(file.exportable, true, 'its original was kept: Export as… is offered');
      const source = t.history.get(entry.id);
      assert.ok(source);
      written.push(...source.files);
      assert.equal(source.originals?.length, 1);
      assert.equal((await generations()).length, 1);

      // WebP at 1200x630.
      await t.session.receive({ type: 'file', action: 'exportAs', entryId: entry.id, index: file.index });
      let notice = t.webview.last('notice');
      assert.equal(notice?.level, 'info', notice?.message);
      assert.match(
        notice?.message ?? '',
        /^Exported export-lighthouse-\d{8}-\d{6}\.png as assets\/export-lighthouse-\d{8}-\d{6}(-\d+)?\.webp \(1200x630 WebP, \d+ KB\)\.$/,
      );
      assert.deepEqual(asked, [{ name: file.name, format: 'png', width: 2048, height: 2048 }]);
      let [exported] = await t.history.all();
      assert.equal(exported?.exportedFrom, entry.id, 'listed in the history as an export');
      written.push(...(exported?.files ?? []));
      let bytes = await read(exported?.files[0] ?? '');
      assert.deepEqual(
        [inspectImage(bytes)?.mime, inspectImage(bytes)?.width, inspectImage(bytes)?.height],
        ['image/webp', 1200, 630],
      );
      let xmp = readXmpRecord(findXmp(bytes) ?? '');
      assert.deepEqual(
        [xmp.prompt, xmp.model, xmp.requestId, xmp.delivered],
        ['export lighthouse', 'seedream-4-5-251128', source.requestId, '1200x630 webp'],
      );

      // JPEG at the original's own size, from the export's own entry.
      answer = { format: 'jpeg' };
      await t.session.pushHistory();
      const view = t.webview.last('history')?.history.find((e) => e.id === exported?.id);
      assert.equal(view?.cost, 'exported, not billed');
      assert.equal(view?.sizeLabel, '1200x630', "the export's own size, not the generation's");
      assert.equal(view?.files[0]?.exportable, true, 'an export can be exported again');
      await t.session.receive({ type: 'file', action: 'exportAs', entryId: exported?.id ?? '', index: 0 });
      notice = t.webview.last('notice');
      assert.match(notice?.message ?? '', /as assets\/export-lighthouse-.*\.jpg \(2048x2048 JPEG, \d+ KB\)\.$/);
      [exported] = await t.history.all();
      written.push(...(exported?.files ?? []));
      bytes = await read(exported?.files[0] ?? '');
      assert.deepEqual(
        [inspectImage(bytes)?.mime, inspectImage(bytes)?.width, inspectImage(bytes)?.height],
        ['image/jpeg', 2048, 2048],
      );
      xmp = readXmpRecord(findXmp(bytes) ?? '');
      assert.deepEqual([xmp.prompt, xmp.requestId], ['export lighthouse', source.requestId]);

      // Backing out of the choice writes nothing.
      answer = undefined;
      const count = (await t.history.all()).length;
      await t.session.receive({ type: 'file', action: 'exportAs', entryId: entry.id, index: file.index });
      assert.equal((await t.history.all()).length, count);

      assert.equal((await generations()).length, 1, 'no request: nothing was paid again');

      // Evicted (the cap lowered to nothing): one sentence, and nothing is asked.
      await (await t.service.originalsStore())?.setCap(0);
      asked.length = 0;
      await t.session.receive({ type: 'file', action: 'exportAs', entryId: entry.id, index: file.index });
      notice = t.webview.last('notice');
      assert.equal(notice?.level, 'error');
      assert.equal(
        notice?.message,
        `The original of ${file.name} is no longer kept (the oldest originals are deleted past the aisaImages.originalsMaxMegabytes setting): generate it again to export it.`,
      );
      assert.deepEqual(asked, []);
      assert.equal((await t.history.all()).length, count);
    } finally {
      t.dispose();
      await remove(written);
    }
  });

  test("the gallery's image is a thumbnail of at most 512 px once made, kept in the extension's storage", async () => {
    const storage = freshStorage();
    const t = setupSession(storage, undefined, { thumbnails: true });
    const written: string[] = [];
    try {
      await t.session.receive({ type: 'ready' });
      await t.session.receive({
        type: 'generate',
        form: { prompt: 'thumbnail dunes', model: 'seedream-4-5-251128', size: '2560x1440', n: 2 },
      });
      const result = t.webview.last('result')?.result;
      assert.equal(result?.kind, 'done', JSON.stringify(result));
      written.push(...(t.history.get(result?.kind === 'done' ? result.entry.id : '')?.files ?? []));
      const thumbs = vscode.Uri.joinPath(storage, 'thumbnails').path;
      await until('the thumbnails in the pushed history', () =>
        Boolean(t.webview.last('history')?.history[0]?.files.every((f) => f.src?.includes(`${thumbs}/`))),
      );
      const files = t.webview.last('history')?.history[0]?.files ?? [];
      assert.equal(files.length, 2);
      for (const f of files) {
        const path = decodeURIComponent(new URL(f.src ?? '').pathname);
        assert.match(path, /\/thumbnails\/[0-9a-f]{32}\.webp$/);
        const info = inspectImage(await vscode.workspace.fs.readFile(vscode.Uri.file(path)));
        assert.deepEqual([info?.mime, info?.width, info?.height], ['image/webp', 512, 288]);
      }
      assert.equal(new Set(files.map((f) => f.src)).size, 2, 'one thumbnail per image');
    } finally {
      t.dispose();
      await remove(written);
    }
  });
});
