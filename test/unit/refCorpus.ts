/**
 * Inputs built to make a reference scanner go quadratic (unclosed quotes, braces, brackets,
 * comments, fences, nesting), and a seeded generator of small random documents for the
 * property test. Shared by the unit tests and `npm run bench`.
 */
import type { ReferenceStyle } from '../../src/core/references';

export interface CorpusCase {
  readonly name: string;
  readonly style: ReferenceStyle;
  /** Builds the document at about `bytes` characters. */
  readonly build: (bytes: number) => string;
  /** An unclosed tag (HTML, JSX) or code fence (Markdown) rightly takes the rest of the document. */
  readonly swallowsRest?: boolean;
}

const repeat = (unit: string, bytes: number): string => unit.repeat(Math.max(1, Math.ceil(bytes / unit.length)));

export const WORST_CASES: readonly CorpusCase[] = [
  { name: 'html: <img a=" repeated', style: 'html', build: (b) => repeat('<img a="', b) },
  { name: "html: <img a=' and unquoted values", style: 'html', build: (b) => repeat("<img a='<img b=c ", b) },
  { name: 'html: unclosed comment openers', style: 'html', build: (b) => repeat('<!-- <img src=a.png ', b) },
  { name: 'html: unclosed url( strings', style: 'html', build: (b) => repeat('url("\\"', b) },
  { name: 'markdown: nested ![ on one line', style: 'markdown', build: (b) => repeat('![', b) },
  { name: 'markdown: ![a]( unclosed destinations', style: 'markdown', build: (b) => repeat('![a](b "', b) },
  { name: 'markdown: ![]( with parentheses', style: 'markdown', build: (b) => repeat('![](a(', b) },
  {
    name: 'markdown: unclosed backtick runs',
    swallowsRest: true,
    style: 'markdown',
    build: (b) => `${'`'.repeat(Math.min(5000, b / 2))}\n${repeat('x ``` ', b / 2)}`,
  },
  {
    name: 'markdown: backtick runs of growing length',
    style: 'markdown',
    build: (b) => {
      let s = '';
      for (let k = 1; s.length < b; k++) s += `${'`'.repeat(k)} a `;
      return s;
    },
  },
  {
    name: 'markdown: a fence line at the end without newline',
    swallowsRest: true,
    style: 'markdown',
    build: (b) => `text\n${'`'.repeat(b)}`,
  },
  { name: 'markdown: unclosed <img in one paragraph', style: 'markdown', build: (b) => repeat('<img a="', b) },
  { name: 'markdown: \\ escapes and brackets', style: 'markdown', build: (b) => repeat('![\\]\\[', b) },
  { name: 'jsx: unclosed <img src={', swallowsRest: true, style: 'jsx', build: (b) => repeat('<img src={', b) },
  {
    name: 'jsx: braces and strings',
    swallowsRest: true,
    style: 'jsx',
    build: (b) => repeat('<img src={"a.png" alt={`', b),
  },
  { name: 'css: unclosed comments and url(', style: 'css', build: (b) => repeat("/* url(url('", b) },
  { name: 'css: url( nested', style: 'css', build: (b) => repeat('url(', b) },
];

/** Realistic documents with many references, for the ordinary-input figure. */
export const ORDINARY_CASES: readonly CorpusCase[] = [
  {
    name: 'markdown document',
    style: 'markdown',
    build: (b) =>
      repeat(
        [
          '## Section',
          '',
          'Some prose with `code` and a [link](https://example.com), then ![a red panda](img/panda.png "Panda").',
          '',
          '```js',
          'const x = "![not](an-image.png)";',
          '```',
          '',
          '<img src="raw/html.png" alt="Inline HTML">',
          '',
        ].join('\n'),
        b,
      ),
  },
  {
    name: 'html document',
    style: 'html',
    build: (b) =>
      repeat(
        [
          '<div class="card"><img src="images/team photo.png" alt="Team &amp; friends" width="200">',
          '<p style="background: url(\'bg/hero.jpg\')">Hello <a href="/x">there</a></p><!-- a comment --></div>',
          '',
        ].join('\n'),
        b,
      ),
  },
  {
    name: 'jsx document',
    style: 'jsx',
    build: (b) =>
      repeat(
        [
          'export const Card = ({ user }) => (',
          '  <div className={cx({ active: user.on })}>',
          '    <img src="./hero.png" alt="Hero" />',
          '    <img src={user.avatar} alt={user.name} />',
          '  </div>',
          ');',
          '',
        ].join('\n'),
        b,
      ),
  },
  {
    name: 'css document',
    style: 'css',
    build: (b) => repeat('.a { background: url(img/a.png) no-repeat; } /* note */ .b { color: red; }\n', b),
  },
];

/** Mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '![',
  '](',
  ')',
  '[',
  ']',
  '<img',
  ' ',
  ' ',
  '\n',
  '\n\n',
  'src=',
  'alt=',
  '"',
  "'",
  '{',
  '}',
  '{"b.png"}',
  '>',
  '/>',
  'a.png',
  'x y.jpg',
  '(',
  '\\',
  '`',
  '```',
  '<!--',
  '-->',
  '/*',
  '*/',
  'url(',
  'url("c.webp")',
  'text',
  '<',
  '=',
  '&amp;',
  '%20',
  '![alt](d.png)',
  '<img src="e.png">',
  "<img src='f.png' alt=x />",
  'url(g.png)',
  '~~~',
  ' "t"',
];

/** A short random document from tokens that build and break references. */
export function randomDocument(rand: () => number, length = 40): string {
  let s = '';
  for (let i = 0; i < length; i++) s += TOKENS[Math.floor(rand() * TOKENS.length)];
  return s;
}
