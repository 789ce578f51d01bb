import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Deps } from '../../src/features/deps';
import { GenerationService } from '../../src/features/generationService';
import { generateMissingImage, MissingImageActions } from '../../src/features/inline/missingImage';
import { findXmp, readXmpRecord } from '../../src/core/convert/xmp';
import { inspectImage } from '../../src/core/imageType';
import { EditorTracker } from '../../src/features/editorTracker';
import { insertReference } from '../../src/features/insertReference';
import { HistoryStore } from '../../src/features/panel/history';
import { entryView } from '../../src/features/panel/views';
import { generations, resetSim, setFaults, SIM_KEY, simKeyStore } from './sim';

interface SelectionResult {
  files: string[];
  unsaved: number;
  inserted: string | undefined;
}
interface MissingImageResult {
  file: string;
  exact: boolean;
  reason?: string;
}

const workspace = (): vscode.WorkspaceFolder => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the suite runs with a workspace folder open');
  return f;
};
const wsUri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspace().uri, ...rel.split('/'));
const exists = async (uri: vscode.Uri): Promise<boolean> =>
  vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
const list = async (uri: vscode.Uri): Promise<string[]> =>
  (
    await vscode.workspace.fs.readDirectory(uri).then(
      (e) => e,
      () => [],
    )
  )
    .map(([n]) => n)
    .sort();
const isPng = async (uri: vscode.Uri): Promise<boolean> => {
  const b = await vscode.workspace.fs.readFile(uri);
  return b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
};

async function writeDoc(rel: string, text: string): Promise<vscode.TextEditor> {
  const uri = wsUri(rel);
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

function select(editor: vscode.TextEditor, needle: string, wholeLine = false): void {
  const offset = editor.document.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" is in the document`);
  const start = editor.document.positionAt(offset);
  const end = wholeLine ? new vscode.Position(start.line + 1, 0) : editor.document.positionAt(offset + needle.length);
  editor.selection = new vscode.Selection(wholeLine ? new vscode.Position(start.line, 0) : start, end);
}

const fromSelection = (args: Record<string, unknown> = {}): Thenable<SelectionResult | undefined> =>
  vscode.commands.executeCommand<SelectionResult | undefined>('aisaImages.generateFromSelection', args);

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration('aisaImages', workspace().uri)
    .update(key, value, vscode.ConfigurationTarget.Workspace);
}

interface Case {
  file: string;
  text: string;
  select: string;
  wholeLine?: boolean;
  mode?: 'replace';
  slug: RegExp;
  /** The expected document, given the saved file's name. */
  expect: (name: string) => string;
}

// One case per document kind, from nested folders; the images land in <workspace>/assets.
const CASES: Case[] = [
  {
    file: 'inline/docs/guide/page.md',
    text: 'Intro\nA red panda in snow\nEnd\n',
    select: 'A red panda in snow',
    slug: /^a-red-panda-in-snow-/,
    expect: (n) => `Intro\nA red panda in snow\n![A red panda in snow](../../../assets/${n})\nEnd\n`,
  },
  {
    file: 'inline/docs/post.mdx',
    text: 'import X from "./x";\n\nSee: A [bracketed] fox, then more.\n',
    select: 'A [bracketed] fox',
    slug: /^a-bracketed-fox-/,
    expect: (n) =>
      `import X from "./x";\n\nSee: A [bracketed] fox ![A \\[bracketed\\] fox](../../assets/${n}), then more.\n`,
  },
  {
    file: 'inline/site/index.html',
    text: '<p>A lighthouse at dusk</p>\n',
    select: 'A lighthouse at dusk',
    slug: /^a-lighthouse-at-dusk-/,
    expect: (n) => `<p>A lighthouse at dusk <img src="../../assets/${n}" alt="A lighthouse at dusk"></p>\n`,
  },
  {
    file: 'inline/src/components/Card.vue',
    text: '<template>\n  <p>A cat & a dog</p>\n</template>\n',
    select: 'A cat & a dog',
    slug: /^a-cat-a-dog-/,
    expect: (n) =>
      `<template>\n  <p>A cat & a dog <img src="../../../assets/${n}" alt="A cat &amp; a dog"></p>\n</template>\n`,
  },
  {
    file: 'inline/src/Hero.svelte',
    text: '<h1>Mountain "sunrise"</h1>\n',
    select: 'Mountain "sunrise"',
    slug: /^mountain-sunrise-/,
    expect: (n) => `<h1>Mountain "sunrise" <img src="../../assets/${n}" alt="Mountain &quot;sunrise&quot;"></h1>\n`,
  },
  {
    file: 'inline/src/pages/index.astro',
    text: '---\n---\n<main>\n  Ocean waves\n</main>\n',
    select: 'Ocean waves',
    slug: /^ocean-waves-/,
    expect: (n) => `---\n---\n<main>\n  Ocean waves\n  <img src="../../../assets/${n}" alt="Ocean waves">\n</main>\n`,
  },
  {
    file: 'inline/src/App.jsx',
    text: 'export const App = () => <div>A {curly} owl</div>;\n',
    select: 'A {curly} owl',
    slug: /^a-curly-owl-/,
    expect: (n) =>
      `export const App = () => <div>A {curly} owl <img src="../../assets/${n}" alt="A &#123;curly&#125; owl" /></div>;\n`,
  },
  {
    file: 'inline/src/ui/Banner.tsx',
    text: 'export const B = () => (\n  <h1>\n    Neon city skyline\n  </h1>\n);\n',
    select: 'Neon city skyline',
    wholeLine: true,
    slug: /^neon-city-skyline-/,
    expect: (n) =>
      `export const B = () => (\n  <h1>\n    Neon city skyline\n    <img src="../../../assets/${n}" alt="Neon city skyline" />\n  </h1>\n);\n`,
  },
  {
    file: 'inline/styles/main.css',
    text: '.hero {\n  background-image: a misty forest;\n}\n',
    select: 'a misty forest',
    mode: 'replace',
    slug: /^a-misty-forest-/,
    expect: (n) => `.hero {\n  background-image: url("../../assets/${n}");\n}\n`,
  },
  {
    file: 'inline/styles/parts/_hero.scss',
    text: '$bg: paper texture;\n',
    select: 'paper texture',
    mode: 'replace',
    slug: /^paper-texture-/,
    expect: (n) => `$bg: url("../../../assets/${n}");\n`,
  },
  {
    file: 'inline/theme.less',
    text: '@bg: brushed metal;\n',
    select: 'brushed metal',
    mode: 'replace',
    slug: /^brushed-metal-/,
    expect: (n) => `@bg: url("../assets/${n}");\n`,
  },
  {
    file: 'inline/notes/todo.txt',
    text: 'Make a logo with a fox\n',
    select: 'a logo with a fox',
    slug: /^a-logo-with-a-fox-/,
    expect: (n) => `Make a logo with a fox\n"../../assets/${n}"\n`,
  },
];

suite('Generating inline: from a selection, here, and for a missing image', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('aisaImages.setApiKey', SIM_KEY);
  });
  setup(() => resetSim());
  teardown(async () => {
    await setFaults({ latencyMs: 0 });
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const c of CASES) {
    test(`from a selection in ${path.extname(c.file)}: ${c.mode === 'replace' ? 'replaces it' : 'inserts after it'}, path relative to ${path.dirname(c.file)}`, async () => {
      if (c.mode) await setSetting('selectionReference', c.mode);
      try {
        const editor = await writeDoc(c.file, c.text);
        select(editor, c.select, c.wholeLine);
        const result = await fromSelection();
        assert.ok(result);
        assert.equal(result.files.length, 1);
        const name = path.basename(result.files[0] ?? '');
        assert.match(name, c.slug);
        assert.equal(path.dirname(result.files[0] ?? ''), wsUri('assets').fsPath);
        assert.equal(editor.document.getText(), c.expect(name));
        assert.equal(
          ((await generations())[0]?.body as { prompt?: string } | undefined)?.prompt,
          c.select,
          'the selection is the prompt',
        );
      } finally {
        if (c.mode) await setSetting('selectionReference', undefined);
      }
    });
  }

  test('one Undo removes the inserted reference, and the image stays saved', async () => {
    const text = '# Undo\n\nA paper crane\n';
    const editor = await writeDoc('inline/undo.md', text);
    select(editor, 'A paper crane');
    const result = await fromSelection();
    assert.ok(result?.inserted);
    assert.notEqual(editor.document.getText(), text);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), text);
    assert.ok(await exists(vscode.Uri.file(result.files[0] ?? '')));
  });

  test('replace mode: one Undo brings the selected text back', async () => {
    await setSetting('selectionReference', 'replace');
    try {
      const text = 'Before\nA glass of lemonade\nAfter\n';
      const editor = await writeDoc('inline/replace.md', text);
      select(editor, 'A glass of lemonade');
      const result = await fromSelection();
      const name = path.basename(result?.files[0] ?? '');
      assert.equal(editor.document.getText(), `Before\n![A glass of lemonade](../assets/${name})\nAfter\n`);
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), text);
    } finally {
      await setSetting('selectionReference', undefined);
    }
  });

  test('paths with spaces and parentheses are escaped for the document', async () => {
    await setSetting('outputFolder', 'my assets (1)');
    try {
      const md = await writeDoc('inline/escape/a.md', 'A tiny robot\n');
      select(md, 'A tiny robot');
      const r1 = await fromSelection();
      const n1 = path.basename(r1?.files[0] ?? '');
      assert.equal(md.document.getText(), `A tiny robot\n![A tiny robot](../../my%20assets%20%281%29/${n1})\n`);
      const css = await writeDoc('inline/escape/a.css', 'a { b: a tiny robot; }\n');
      select(css, 'a tiny robot');
      await setSetting('selectionReference', 'replace');
      const r2 = await fromSelection();
      const n2 = path.basename(r2?.files[0] ?? '');
      assert.equal(css.document.getText(), `a { b: url("../../my assets (1)/${n2}"); }\n`);
    } finally {
      await setSetting('outputFolder', undefined);
      await setSetting('selectionReference', undefined);
    }
  });

  test('several images: all saved, each referenced on its own line', async () => {
    const editor = await writeDoc('inline/multi.md', 'Two kites\n');
    select(editor, 'Two kites');
    const result = await fromSelection({ n: 2 });
    assert.equal(result?.files.length, 2);
    const [a, b] = (result?.files ?? []).map((f) => path.basename(f));
    assert.equal(editor.document.getText(), `Two kites\n![Two kites](../assets/${a})\n![Two kites](../assets/${b})\n`);
  });

  test('edits made while generating move the insertion point along; edited selected text is not replaced', async () => {
    await setSetting('selectionReference', 'replace');
    try {
      await setFaults({ latencyMs: 1500 });
      const editor = await writeDoc('inline/track.md', 'Title\nA paper boat\n');
      select(editor, 'A paper boat');
      const running = Promise.resolve(fromSelection());
      await new Promise((r) => setTimeout(r, 300));
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'New first line\n'));
      await editor.edit((b) => b.insert(new vscode.Position(2, 2), 'small '));
      const result = await running;
      const name = path.basename(result?.files[0] ?? '');
      assert.equal(
        editor.document.getText(),
        `New first line\nTitle\nA small paper boat\n![A paper boat](../assets/${name})\n`,
      );
    } finally {
      await setSetting('selectionReference', undefined);
    }
  });

  test('without a selection, a scripted run is refused before any request', async () => {
    const editor = await writeDoc('inline/empty.md', 'Nothing selected\n');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await assert.rejects(Promise.resolve(fromSelection()), /Select the text/);
    assert.equal((await generations()).length, 0);
  });

  test('Insert Reference (the code the notification and the panel use) follows edits made after the point was taken', async () => {
    const editor = await writeDoc('inline/point/target.md', 'alpha\nomega\n');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const editors = new EditorTracker();
    const point = editors.trackPoint();
    assert.ok(point);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'zero\n'));
    // The user moves to another file; the reference still goes where the point was.
    await writeDoc('inline/point/other.md', 'other\n');
    const image = wsUri('assets/some picture (2).png');
    assert.ok(await insertReference(editors, [image], 'A picture', point));
    point.dispose();
    editors.dispose();
    assert.equal(
      editor.document.getText(),
      'zero\nalpha\n![A picture](../../assets/some%20picture%20%282%29.png)omega\n',
    );
  });

  test('Generate Image Here saves into that folder; a folder outside the workspace is refused', async () => {
    const dir = wsUri('inline/here/sub folder');
    await vscode.workspace.fs.createDirectory(dir);
    const result = await vscode.commands.executeCommand<{ files: string[] }>('aisaImages.generateHere', dir, {
      prompt: 'here and now',
      n: 2,
    });
    assert.equal(result?.files.length, 2);
    assert.ok(
      result.files.every((f) => path.dirname(f) === dir.fsPath),
      result.files.join(),
    );
    assert.deepEqual(await list(dir), result.files.map((f) => path.basename(f)).sort());
    await resetSim();
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('aisaImages.generateHere', vscode.Uri.file(os.tmpdir()), { prompt: 'escape' }),
      ),
      /outside the workspace/,
    );
    assert.equal((await generations()).length, 0);
  });

  suite('the quick fix for a missing image', () => {
    const DOC = 'inline/qf/docs/page.md';
    const TEXT = [
      '# Page',
      '![A hero banner](img/hero.png)',
      '![Site logo](../../../../outside.png)',
      '![Spinner](img/spinner.gif)',
      '![Already here](existing.png)',
      '![A photo](img/photo.jpg)',
      '![](img/team-photo_outdoor.png)',
      '![Remote](https://example.com/x.png)',
      '',
    ].join('\n');

    async function actionsAt(editor: vscode.TextEditor, needle: string): Promise<vscode.CodeAction[]> {
      const offset = editor.document.getText().indexOf(needle);
      const pos = editor.document.positionAt(offset + 3);
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        editor.document.uri,
        new vscode.Range(pos, pos),
      );
      return all.filter((a) => a.title === 'Generate this image');
    }

    /** Disabled actions (greyed out with their reason under Ctrl+.) are not returned by executeCodeActionProvider: ask the provider. */
    async function disabledAt(editor: vscode.TextEditor, needle: string): Promise<vscode.CodeAction | undefined> {
      const pos = editor.document.positionAt(editor.document.getText().indexOf(needle) + 3);
      const actions = await new MissingImageActions().provideCodeActions(editor.document, new vscode.Range(pos, pos));
      assert.equal(actions.length, 1);
      assert.ok(actions[0]?.disabled, 'offered greyed out, with the reason');
      return actions[0];
    }

    async function runAction(
      action: vscode.CodeAction | undefined,
      extra: Record<string, unknown>,
    ): Promise<MissingImageResult | undefined> {
      assert.ok(action?.command, 'the quick fix carries its command');
      const [args] = action.command.arguments as [Record<string, unknown>];
      return vscode.commands.executeCommand<MissingImageResult | undefined>(action.command.command, {
        ...args,
        ...extra,
      });
    }

    let editor: vscode.TextEditor;
    setup(async () => {
      await vscode.workspace.fs.createDirectory(wsUri('inline/qf/docs'));
      await vscode.workspace.fs.writeFile(wsUri('inline/qf/docs/existing.png'), Buffer.from('already'));
      editor = await writeDoc(DOC, TEXT);
    });

    test('creates the file at exactly the referenced path, with the alt text as the prompt', async () => {
      const [action, ...more] = await actionsAt(editor, '![A hero banner]');
      assert.equal(more.length, 0);
      assert.equal(action?.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.equal(action?.disabled, undefined);
      const [args] = action?.command?.arguments as [{ alt: string; path: string }];
      assert.deepEqual({ alt: args.alt, path: args.path }, { alt: 'A hero banner', path: 'img/hero.png' });
      const result = await runAction(action, { prompt: args.alt });
      const target = wsUri('inline/qf/docs/img/hero.png');
      assert.deepEqual(result, { file: target.fsPath, exact: true });
      assert.ok(await isPng(target));
      assert.deepEqual(await list(wsUri('inline/qf/docs/img')), ['hero.png'], 'nothing else left in the folder');
      assert.equal(((await generations())[0]?.body as { prompt: string; n: number }).prompt, 'A hero banner');
      assert.equal(editor.document.getText(), TEXT, 'the document is not touched');
      assert.equal((await actionsAt(editor, '![A hero banner]')).length, 0, 'no longer offered once the file exists');
    });

    test('no alt text: the file name, made readable, is the prompt offered', async () => {
      const [action] = await actionsAt(editor, '![](img/team');
      const result = await runAction(action, { prompt: '' });
      assert.equal(result?.exact, true);
      assert.equal(((await generations())[0]?.body as { prompt: string }).prompt, 'team photo outdoor');
      assert.ok(await exists(wsUri('inline/qf/docs/img/team-photo_outdoor.png')));
    });

    test('a path outside the workspace is refused, before any request', async () => {
      assert.equal((await actionsAt(editor, '![Site logo]')).length, 0, 'not offered as an applicable fix');
      const action = await disabledAt(editor, '![Site logo]');
      assert.match(action?.disabled?.reason ?? '', /outside the workspace/);
      await assert.rejects(Promise.resolve(runAction(action, { prompt: 'logo' })), /outside the workspace/);
      assert.equal((await generations()).length, 0);
    });

    test('a .gif (never returned by the API) is refused before any request', async () => {
      assert.equal((await actionsAt(editor, '![Spinner]')).length, 0, 'not offered as an applicable fix');
      const action = await disabledAt(editor, '![Spinner]');
      assert.match(action?.disabled?.reason ?? '', /cannot be generated.*PNG, JPEG, WebP or AVIF/);
      await assert.rejects(Promise.resolve(runAction(action, { prompt: 'spinner' })), /cannot be generated/);
      assert.equal((await generations()).length, 0);
    });

    test('not offered for a file that exists or a remote link; an existing file is never overwritten', async () => {
      assert.equal((await actionsAt(editor, '![Already here]')).length, 0);
      assert.equal((await actionsAt(editor, '![Remote]')).length, 0);
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand('aisaImages.generateMissingImage', {
            uri: editor.document.uri.toString(),
            path: 'existing.png',
            prompt: 'x',
          }),
        ),
        /already exists/,
      );
      assert.equal(
        Buffer.from(await vscode.workspace.fs.readFile(wsUri('inline/qf/docs/existing.png'))).toString(),
        'already',
      );
      assert.equal((await generations()).length, 0);
    });

    test("a .jpg reference gets a real JPEG at exactly that path (the API's PNG converted), its prompt recorded inside", async () => {
      const [action] = await actionsAt(editor, '![A photo]');
      const result = await runAction(action, { prompt: 'A photo' });
      assert.equal(result?.exact, true, result?.reason);
      assert.equal(result?.file, wsUri('inline/qf/docs/img/photo.jpg').fsPath);
      const bytes = await vscode.workspace.fs.readFile(wsUri('inline/qf/docs/img/photo.jpg'));
      assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
      assert.equal(readXmpRecord(findXmp(bytes) ?? '').prompt, 'A photo');
      assert.ok(!(await exists(wsUri('inline/qf/docs/img/photo.png'))), 'no PNG beside it');
    });

    test('<img src="img/og.webp" width="1200" height="630">: a real WebP of exactly 1200x630 at that path, with its record', async () => {
      const html = await writeDoc(
        'inline/qf/og/index.html',
        '<head>\n  <img src="img/og.webp" width="1200" height="630" alt="An open graph card">\n</head>\n',
      );
      const [action] = await actionsAt(html, '<img src=');
      const [args] = action?.command?.arguments as [Record<string, unknown>];
      assert.deepEqual([args['width'], args['height']], [1200, 630], 'the dimensions come from the tag');
      const result = await runAction(action, { prompt: 'An open graph card for a lighthouse blog' });
      assert.equal(result?.exact, true, result?.reason);
      const bytes = await vscode.workspace.fs.readFile(wsUri('inline/qf/og/img/og.webp'));
      const info = inspectImage(bytes);
      assert.deepEqual([info?.mime, info?.width, info?.height], ['image/webp', 1200, 630]);
      const record = readXmpRecord(findXmp(bytes) ?? '');
      assert.equal(record.prompt, 'An open graph card for a lighthouse blog');
      assert.equal(record.model, 'seedream-4-5-251128');
      // Generated at Seedream's nearest valid size with the same aspect ratio, then cropped.
      const [request] = await generations();
      const size = String((request?.body as { size?: string } | undefined)?.size ?? '');
      const [w = 0, h = 0] = size.split('x').map(Number);
      assert.ok(w * h >= 3_686_400 && Math.abs(w / h - 1200 / 630) < 0.02, size);
    });

    test('the history (what the panel lists) records the file at the referenced path, which exists', async () => {
      // The extension's own history lives in its storage: the same features wired to a service and history of the test's.
      const log = vscode.window.createOutputChannel('AIsa Images quick fix history test', { log: true });
      const service = new GenerationService(log, simKeyStore);
      const history = new HistoryStore(undefined, log);
      const recording = service.onDidFinish((f) => history.add(f));
      const editors = new EditorTracker();
      const deps = {
        context: {} as vscode.ExtensionContext,
        log,
        apiKey: simKeyStore,
        service,
        editors,
      } satisfies Deps;
      try {
        const doc = await writeDoc(
          'inline/qf/history/page.md',
          '![A quiet harbour](pics/harbour.png)\n![A stone bridge](pics/bridge.jpg)\n',
        );
        const cases = [
          {
            needle: '![A quiet harbour]',
            prompt: 'A quiet harbour',
            file: 'inline/qf/history/pics/harbour.png',
            exact: true,
          },
          // A .jpg reference gets a JPEG, converted, at the referenced path.
          {
            needle: '![A stone bridge]',
            prompt: 'A stone bridge',
            file: 'inline/qf/history/pics/bridge.jpg',
            exact: true,
          },
        ];
        for (const c of cases) {
          const [action] = await actionsAt(doc, c.needle);
          const [args] = action?.command?.arguments as [Record<string, unknown>];
          const result = await generateMissingImage(deps, { ...args, prompt: c.prompt });
          const target = wsUri(c.file);
          assert.equal(result?.file, target.fsPath);
          assert.equal(result?.exact, c.exact);
          const [record] = await history.all();
          assert.ok(record, 'recorded');
          assert.equal(record.prompt, c.prompt);
          assert.deepEqual(
            record.files.map((f) => vscode.Uri.parse(f).fsPath),
            [target.fsPath],
          );
          assert.equal(
            inspectImage(await vscode.workspace.fs.readFile(vscode.Uri.parse(record.files[0] ?? '')))?.ext,
            c.file.endsWith('.png') ? 'png' : 'jpg',
          );
          const view = await entryView(record, { asWebviewUri: (u) => u });
          assert.deepEqual(
            view.files.map((f) => ({ relPath: f.relPath, missing: f.missing })),
            [{ relPath: c.file, missing: false }],
          );
        }
        assert.equal((await history.all()).length, 2);
        assert.deepEqual(
          await list(wsUri('inline/qf/history/pics')),
          ['bridge.jpg', 'harbour.png'],
          'nothing else written',
        );
      } finally {
        recording.dispose();
        history.dispose();
        service.dispose();
        editors.dispose();
        log.dispose();
      }
    });

    test('HTML, JSX and CSS references are filled in too, percent-encoded paths decoded', async () => {
      const html = await writeDoc(
        'inline/qf/site/index.html',
        '<main>\n  <img src="shots/team%20photo.png" alt="The team">\n</main>\n',
      );
      const [h] = await actionsAt(html, 'src="shots');
      assert.equal((await runAction(h, { prompt: 'The team' }))?.exact, true);
      assert.ok(await isPng(wsUri('inline/qf/site/shots/team photo.png')));

      const tsx = await writeDoc(
        'inline/qf/app/Avatar.tsx',
        'export const A = () => <img src="./avatar.png" alt="User avatar" />;\n',
      );
      const [t] = await actionsAt(tsx, '<img src="./avatar');
      assert.equal((await runAction(t, { prompt: 'User avatar' }))?.exact, true);
      assert.ok(await isPng(wsUri('inline/qf/app/avatar.png')));

      const css = await writeDoc('inline/qf/css/site.css', '.x { background: url("../textures/paper.png"); }\n');
      const [s] = await actionsAt(css, 'url("../textures');
      const [sArgs] = s?.command?.arguments as [{ alt?: string }];
      assert.equal(sArgs.alt, undefined, 'CSS has no alt text');
      assert.equal((await runAction(s, { prompt: 'paper' }))?.exact, true);
      assert.ok(await isPng(wsUri('inline/qf/textures/paper.png')));
    });

    test('a .vue file VS Code opens as plain text (no Vue extension) is offered the fix once the extension is active', async () => {
      // package.json does not activate on onLanguage:plaintext (BENCHMARKS.md, "Activation on plain
      // text"); the provider still serves plain-text documents whose file name says Vue.
      const vue = await writeDoc(
        'inline/qf/vue/Card.vue',
        '<template>\n  <img src="img/card.png" alt="A card">\n</template>\n',
      );
      assert.equal(vue.document.languageId, 'plaintext', 'this host has no Vue extension');
      const [v] = await actionsAt(vue, '<img src="img/card');
      assert.equal((await runAction(v, { prompt: 'A card' }))?.exact, true);
      assert.ok(await isPng(wsUri('inline/qf/vue/img/card.png')));
    });
  });
});
