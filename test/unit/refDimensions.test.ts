import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findImageRefs } from '../../src/core/imageRefs';
import { dimensionsFromContext, MAX_LOOK } from '../../src/core/refDimensions';

/** The dimensions of the first reference imageRefs finds in `text`. */
function dims(text: string, style: 'markdown' | 'html' | 'jsx' = 'html') {
  const ref = findImageRefs(text, style)[0];
  assert.ok(ref, `no reference found in ${text}`);
  return dimensionsFromContext(text, ref);
}

/** For syntaxes the scanner may not report (yet): the range of the tag starting at `open`. */
function tagRange(text: string, open: string) {
  const start = text.indexOf(open);
  return { start, end: text.indexOf('>', start) + 1 };
}

describe("dimensions from a reference's context", () => {
  test('HTML <img width height>, quoted, unquoted, with px', () => {
    assert.deepEqual(dims('<p><img src="img/og.webp" width="1200" height="630"></p>'), { width: 1200, height: 630 });
    assert.deepEqual(dims("<img height='630' src='a.png' width='1200' alt='x'>"), { width: 1200, height: 630 });
    assert.deepEqual(dims('<img src=a.png width=1200 height=630>'), { width: 1200, height: 630 });
    assert.deepEqual(dims('<IMG SRC="a.png" WIDTH="1200px" HEIGHT="630px" />'), { width: 1200, height: 630 });
    assert.deepEqual(dims('<img\n  src="a.png"\n  width="64"\n  height="64"\n/>'), { width: 64, height: 64 });
  });

  test('only pixel sizes, and only both together', () => {
    assert.equal(dims('<img src="a.png" width="100%" height="630">'), undefined);
    assert.equal(dims('<img src="a.png" width="1200">'), undefined);
    assert.equal(dims('<img src="a.png" width="0" height="630">'), undefined);
    assert.equal(dims('<img src="a.png" width="10em" height="10em">'), undefined);
    assert.equal(dims('<img src="a.png" data-width="1200" data-height="630">'), undefined);
    // An attribute's text is not an attribute.
    assert.equal(dims('<img src="a.png" alt="width=1200 height=630">'), undefined);
  });

  test('JSX <img width={1200} height={630} />, string literals, spread props', () => {
    assert.deepEqual(dims('const A = () => <img src="/og.webp" width={1200} height={630} />;', 'jsx'), {
      width: 1200,
      height: 630,
    });
    assert.deepEqual(dims('<img {...props} src="/og.webp" width={"1200"} height={\'630\'} />', 'jsx'), {
      width: 1200,
      height: 630,
    });
    assert.equal(dims('<img src="/og.webp" width={w} height={h} />', 'jsx'), undefined);
    assert.equal(dims('<img src="/og.webp" style={{ width: 1200, height: 630 }} />', 'jsx'), undefined);
  });

  test('Next.js <Image width={1200} height={630} />', () => {
    const text =
      'import Image from "next/image";\nexport default () => <Image src="/og.webp" alt="OG" width={1200} height={630} priority />;';
    assert.deepEqual(dimensionsFromContext(text, tagRange(text, '<Image')), { width: 1200, height: 630 });
    const found = findImageRefs(text, 'jsx')[0];
    if (found) assert.deepEqual(dimensionsFromContext(text, found), { width: 1200, height: 630 });
  });

  test('Markdown attribute syntax right after the image', () => {
    assert.deepEqual(dims('# Title\n\n![OG card](img/og.webp){width=1200 height=630}\n', 'markdown'), {
      width: 1200,
      height: 630,
    });
    assert.deepEqual(dims('![a](x.png){#hero .wide width="1200px" height="630px"}', 'markdown'), {
      width: 1200,
      height: 630,
    });
    assert.equal(dims('![a](x.png) {width=1200 height=630}', 'markdown'), undefined, 'not attached to the image');
    assert.equal(dims('![a](x.png){width=1200\nheight=630}', 'markdown'), undefined, 'spans a line');
    assert.equal(dims('![a](x.png){width=50% height=630}', 'markdown'), undefined);
    assert.equal(dims('![a](x.png)\n\nwidth=1200 height=630', 'markdown'), undefined);
    assert.deepEqual(
      dims('<img src="a.webp" width="300" height="200">', 'markdown'),
      { width: 300, height: 200 },
      'HTML inside Markdown',
    );
  });

  test('bounded and linear on hostile input', () => {
    const huge = `<img src="a.png" ${'x'.repeat(2_000_000)} width="1" height="1">`;
    assert.equal(
      dimensionsFromContext(huge, { start: 0, end: huge.length }),
      undefined,
      `nothing past ${MAX_LOOK} characters is read`,
    );
    const quotes = `<img ${'a="'.repeat(300_000)}`;
    assert.equal(dimensionsFromContext(quotes, { start: 0, end: quotes.length }), undefined);
    const braces = `<img ${'width={'.repeat(300_000)}`;
    assert.equal(dimensionsFromContext(braces, { start: 0, end: braces.length }), undefined);
    const md = `![a](x.png){${'width=1 '.repeat(300_000)}`;
    assert.equal(dimensionsFromContext(md, { start: 0, end: 11 }), undefined);
  });

  test('a range that is not a reference gives nothing', () => {
    assert.equal(dimensionsFromContext('hello', { start: 0, end: 5 }), undefined);
    assert.equal(dimensionsFromContext('<img>', { start: 3, end: 2 }), undefined);
    assert.equal(dimensionsFromContext('<img>', { start: 0, end: 99 }), undefined);
  });
});
