import { test } from 'node:test';
import assert from 'node:assert/strict';
import { altText, referenceSnippet, relativePath, styleForLanguage } from '../../src/core/references';

test('languages map to the right reference style', () => {
  const cases: Record<string, string> = {
    markdown: 'markdown',
    mdx: 'markdown',
    html: 'html',
    vue: 'html',
    svelte: 'html',
    astro: 'html',
    javascriptreact: 'jsx',
    typescriptreact: 'jsx',
    css: 'css',
    scss: 'css',
    less: 'css',
    python: 'plain',
    typescript: 'plain',
  };
  for (const [lang, style] of Object.entries(cases)) assert.equal(styleForLanguage(lang), style, lang);
});

test('relative paths from nested folders use forward slashes', () => {
  assert.equal(relativePath('/ws/README.md', '/ws/assets/a.png'), 'assets/a.png');
  assert.equal(relativePath('/ws/docs/guide/intro.md', '/ws/assets/a.png'), '../../assets/a.png');
  assert.equal(relativePath('/ws/assets/page.md', '/ws/assets/a.png'), 'a.png');
  assert.equal(relativePath('C:\\ws\\docs\\x.md', 'C:\\ws\\assets\\a b.png'), '../assets/a b.png');
});

test('each style, with the escaping it needs', () => {
  const p = '../my assets/cat (1).png';
  assert.equal(
    referenceSnippet('markdown', p, 'a [cute] cat'),
    '![a \\[cute\\] cat](../my%20assets/cat%20%281%29.png)',
  );
  assert.equal(
    referenceSnippet('html', p, 'say "hi" & <b>'),
    '<img src="../my%20assets/cat%20%281%29.png" alt="say &quot;hi&quot; &amp; &lt;b&gt;">',
  );
  assert.equal(referenceSnippet('jsx', 'a.png', 'x {y}'), '<img src="a.png" alt="x &#123;y&#125;" />');
  assert.equal(referenceSnippet('css', 'img/a "b".png', 'ignored'), 'url("img/a \\"b\\".png")');
  assert.equal(referenceSnippet('plain', 'assets/a.png', 'x'), '"assets/a.png"');
});

test('alt text is one short line', () => {
  assert.equal(altText('  a\n\n red   panda '), 'a red panda');
  const long = altText('word '.repeat(60));
  assert.ok(long.length <= 100 && long.endsWith('…'));
});

import { outputFolderSegments } from '../../src/core/outputFolder';

test('output folder stays inside the workspace', () => {
  assert.deepEqual(outputFolderSegments('assets'), ['assets']);
  assert.deepEqual(outputFolderSegments('docs/./images/'), ['docs', 'images']);
  assert.deepEqual(outputFolderSegments('a/../b'), ['b']);
  assert.deepEqual(outputFolderSegments(''), ['assets']);
  for (const bad of ['/etc', 'C:\\x', '\\\\server\\share', '~/x', '..', 'a/../../b', 'a\u0000b']) {
    assert.throws(() => outputFolderSegments(bad), /must be relative|outside the workspace|not allowed/, bad);
  }
});
