import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findImageRefs,
  isInside,
  localImagePath,
  promptForRef,
  refAt,
  resolveRelative,
  styleForDocument,
  type ImageRef,
} from '../../src/core/imageRefs';

/** The fields a test cares about, with the offsets checked against the text itself. */
function parse(
  text: string,
  style: Parameters<typeof findImageRefs>[1],
): Array<{ kind: string; whole: string; raw: string; path: string; alt: string | undefined }> {
  return findImageRefs(text, style).map((r: ImageRef) => {
    assert.equal(text.slice(r.pathStart, r.pathEnd), r.rawPath, 'the path range covers the path as written');
    return { kind: r.kind, whole: text.slice(r.start, r.end), raw: r.rawPath, path: r.path, alt: r.alt };
  });
}

test('Markdown images: plain, titled, angle-bracketed, escaped, with balanced parentheses', () => {
  const text = [
    '# Title',
    'Intro ![A red panda](img/panda.png) here.',
    '![Hero "shot"](../assets/hero.jpg "The hero")',
    '![with space](<my images/cat (1).png>)',
    '![esc \\[x\\]](a\\(b\\).webp)',
    '![](diagrams/flow_chart-v2.png)',
    '![balanced](shots/cat(2).png)',
    '[not an image](doc.png) and ![pct](my%20dir/x%281%29.png)',
  ].join('\n');
  assert.deepEqual(parse(text, 'markdown'), [
    {
      kind: 'markdown',
      whole: '![A red panda](img/panda.png)',
      raw: 'img/panda.png',
      path: 'img/panda.png',
      alt: 'A red panda',
    },
    {
      kind: 'markdown',
      whole: '![Hero "shot"](../assets/hero.jpg "The hero")',
      raw: '../assets/hero.jpg',
      path: '../assets/hero.jpg',
      alt: 'Hero "shot"',
    },
    {
      kind: 'markdown',
      whole: '![with space](<my images/cat (1).png>)',
      raw: 'my images/cat (1).png',
      path: 'my images/cat (1).png',
      alt: 'with space',
    },
    {
      kind: 'markdown',
      whole: '![esc \\[x\\]](a\\(b\\).webp)',
      raw: 'a\\(b\\).webp',
      path: 'a(b).webp',
      alt: 'esc [x]',
    },
    {
      kind: 'markdown',
      whole: '![](diagrams/flow_chart-v2.png)',
      raw: 'diagrams/flow_chart-v2.png',
      path: 'diagrams/flow_chart-v2.png',
      alt: undefined,
    },
    {
      kind: 'markdown',
      whole: '![balanced](shots/cat(2).png)',
      raw: 'shots/cat(2).png',
      path: 'shots/cat(2).png',
      alt: 'balanced',
    },
    {
      kind: 'markdown',
      whole: '![pct](my%20dir/x%281%29.png)',
      raw: 'my%20dir/x%281%29.png',
      path: 'my dir/x(1).png',
      alt: 'pct',
    },
  ]);
});

test('Markdown: code blocks, code spans and comments are not references; inline HTML is', () => {
  const text = [
    '```md',
    '![in fence](fence.png)',
    '```',
    'Use `![in span](span.png)` like this.',
    '<!-- ![commented](c.png) -->',
    '~~~',
    '![tilde fence](t.png)',
    '~~~',
    '<img src="raw/html.png" alt="Inline HTML">',
    '![real](real.png)',
  ].join('\n');
  assert.deepEqual(
    parse(text, 'markdown').map((r) => r.path),
    ['raw/html.png', 'real.png'],
  );
});

test('HTML <img>: quoted, unquoted, any attribute order, entities, and CSS url() in style', () => {
  const text = [
    '<img alt="Team &amp; friends" src="images/team photo.png">',
    "<IMG SRC='a.webp' ALT='upper'>",
    '<img src=plain.png alt=x>',
    '<img data-src="lazy.png" srcset="x.png 2x" src="real.png" title="a > b">',
    '<img alt="no src">',
    '<!-- <img src="commented.png"> -->',
    '<div style="background: url(\'bg/hero.jpg\')"></div>',
    '<style>.x { background-image: url("../img/bg%20dark.png"); } /* url(c.png) */</style>',
    '<img src="img/a&amp;b.png" alt="">',
  ].join('\n');
  assert.deepEqual(parse(text, 'html'), [
    {
      kind: 'html',
      whole: '<img alt="Team &amp; friends" src="images/team photo.png">',
      raw: 'images/team photo.png',
      path: 'images/team photo.png',
      alt: 'Team & friends',
    },
    { kind: 'html', whole: "<IMG SRC='a.webp' ALT='upper'>", raw: 'a.webp', path: 'a.webp', alt: 'upper' },
    { kind: 'html', whole: '<img src=plain.png alt=x>', raw: 'plain.png', path: 'plain.png', alt: 'x' },
    {
      kind: 'html',
      whole: '<img data-src="lazy.png" srcset="x.png 2x" src="real.png" title="a > b">',
      raw: 'real.png',
      path: 'real.png',
      alt: undefined,
    },
    { kind: 'css', whole: "url('bg/hero.jpg')", raw: 'bg/hero.jpg', path: 'bg/hero.jpg', alt: undefined },
    {
      kind: 'css',
      whole: 'url("../img/bg%20dark.png")',
      raw: '../img/bg%20dark.png',
      path: '../img/bg dark.png',
      alt: undefined,
    },
    {
      kind: 'html',
      whole: '<img src="img/a&amp;b.png" alt="">',
      raw: 'img/a&amp;b.png',
      path: 'img/a&b.png',
      alt: undefined,
    },
  ]);
});

test('JSX: string and {"string"} sources; expressions are skipped; braces do not end the tag', () => {
  const text = [
    'export const A = () => (',
    '  <div>',
    '    <img src="./hero.png" alt="Hero" />',
    '    <img className={cx({ a: x > 1 })} src={"/public-ish/../b.png"} alt={\'B\'} />',
    '    <img src={logo} alt="imported" />',
    '    <img src={`${base}/x.png`} alt="template" />',
    '    <div style={{ backgroundImage: "url(bg.webp)" }} />',
    '  </div>',
    ');',
  ].join('\n');
  assert.deepEqual(parse(text, 'jsx'), [
    { kind: 'jsx', whole: '<img src="./hero.png" alt="Hero" />', raw: './hero.png', path: './hero.png', alt: 'Hero' },
    {
      kind: 'jsx',
      whole: '<img className={cx({ a: x > 1 })} src={"/public-ish/../b.png"} alt={\'B\'} />',
      raw: '/public-ish/../b.png',
      path: '/public-ish/../b.png',
      alt: 'B',
    },
    { kind: 'css', whole: 'url(bg.webp)', raw: 'bg.webp', path: 'bg.webp', alt: undefined },
  ]);
});

test('CSS url(): quoted, unquoted, escaped; comments ignored', () => {
  const text =
    '.a { background: url(img/a.png) } .b { background: url( "img/b \\"q\\".png" ) } /* url(no.png) */ .c { mask: URL(\'c\\20 d.webp\') }';
  assert.deepEqual(parse(text, 'css'), [
    { kind: 'css', whole: 'url(img/a.png)', raw: 'img/a.png', path: 'img/a.png', alt: undefined },
    {
      kind: 'css',
      whole: 'url( "img/b \\"q\\".png" )',
      raw: 'img/b \\"q\\".png',
      path: 'img/b "q".png',
      alt: undefined,
    },
    { kind: 'css', whole: "URL('c\\20 d.webp')", raw: 'c\\20 d.webp', path: 'c d.webp', alt: undefined },
  ]);
});

test('plain text has no references; refAt finds the one under the cursor, ends included', () => {
  assert.deepEqual(findImageRefs('![x](a.png)', 'plain'), []);
  const text = 'a ![x](a.png) b ![y](b.png)';
  const refs = findImageRefs(text, 'markdown');
  assert.equal(refAt(refs, 0), undefined);
  assert.equal(refAt(refs, 2)?.path, 'a.png');
  assert.equal(refAt(refs, 13)?.path, 'a.png');
  assert.equal(refAt(refs, 20)?.path, 'b.png');
});

test('which paths are local image files the extension could create', () => {
  assert.deepEqual(localImagePath('img/a.png'), { ok: true, path: 'img/a.png', ext: 'png' });
  assert.deepEqual(localImagePath('../a.JPG?v=2#top'), { ok: true, path: '../a.JPG', ext: 'jpg' });
  assert.deepEqual(localImagePath('img\\win.webp'), { ok: true, path: 'img/win.webp', ext: 'webp' });
  assert.deepEqual(localImagePath('anim.gif'), { ok: true, path: 'anim.gif', ext: 'gif' });
  for (const [p, reason] of [
    ['https://x.test/a.png', 'remote'],
    ['data:image/png;base64,xx', 'remote'],
    ['//cdn.test/a.png', 'remote'],
    ['/static/a.png', 'absolute'],
    ['C:\\x\\a.png', 'absolute'],
    ['~/a.png', 'absolute'],
    ['{{ img }}.png', 'template'],
    ['${base}/a.png', 'template'],
    ['@/assets/a.png', 'template'],
    ['styles.css', 'not-image'],
    ['img/noext', 'not-image'],
    ['', 'empty'],
    ['#anchor', 'empty'],
  ] as const) {
    assert.deepEqual(localImagePath(p), { ok: false, reason }, p);
  }
});

test('relative paths resolve against the document folder and must stay below the root', () => {
  assert.equal(resolveRelative('/ws/docs/guide/page.md', '../../assets/a.png'), '/ws/assets/a.png');
  assert.equal(resolveRelative('/ws/page.md', './img/./a.png'), '/ws/img/a.png');
  assert.equal(resolveRelative('/ws/page.md', '../outside.png'), '/outside.png');
  assert.equal(resolveRelative('/ws/page.md', '../../../etc/x.png'), undefined);
  assert.ok(isInside('/ws', '/ws/img/a.png'));
  assert.ok(!isInside('/ws', '/outside.png'));
  assert.ok(!isInside('/ws', '/ws2/a.png'), 'a sibling with the same prefix is outside');
  assert.ok(isInside('/C:/Work', '/c:/work/a.png', true));
});

test('the prompt is the alt text, or the file name made readable', () => {
  assert.equal(promptForRef({ alt: '  A red panda ', path: 'x.png' }), 'A red panda');
  assert.equal(promptForRef({ alt: undefined, path: '../img/hero-banner_dark.v2.png?x=1' }), 'hero banner dark v2');
  assert.equal(promptForRef({ alt: '', path: 'teamPhotoOutdoor.jpg' }), 'team Photo Outdoor');
});

test('the document style comes from its language, or from its file name for unknown languages', () => {
  assert.equal(styleForDocument('markdown', '/a/readme.txt'), 'markdown');
  assert.equal(styleForDocument('plaintext', '/a/App.vue'), 'html');
  assert.equal(styleForDocument('plaintext', '/a/page.mdx'), 'markdown');
  assert.equal(styleForDocument('plaintext', '/a/Page.astro'), 'html');
  assert.equal(styleForDocument('plaintext', '/a/Card.svelte'), 'html');
  assert.equal(styleForDocument('plaintext', '/a/notes.txt'), 'plain');
  assert.equal(styleForDocument('python', '/a/x.py'), 'plain');
});
