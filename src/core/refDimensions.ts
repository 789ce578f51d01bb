/**
 * The dimensions a document asks of an image, from the reference's own context:
 * - HTML and JSX `<img width="1200" height="630">`, `width={1200}`, Next.js `<Image width={1200} height={630} />`;
 * - Markdown attribute syntax right after the image (Pandoc, kramdown, markdown-it-attrs, MDX
 *   plugins): `![alt](og.webp){width=1200 height=630}`.
 * Only pixel values count (`1200`, `"1200px"`); `50%` or `10em` say nothing about pixels. One pass
 * over at most MAX_LOOK characters from the reference: linear and bounded on any document.
 */

export interface RefDimensions {
  readonly width: number;
  readonly height: number;
}

/** How far past a reference's start (a tag) or end (a Markdown attribute block) is read. */
export const MAX_LOOK = 4096;
const MAX_SIDE = 100_000;

/** `1200`, `1200px`, ` 1200 ` -> 1200; anything else (percentages, expressions, 0) -> undefined. */
function pixels(value: string): number | undefined {
  const m = /^\s*(\d{1,6})(?:\.0+)?\s*(?:px)?\s*$/i.exec(value);
  const n = m?.[1] === undefined ? NaN : Number(m[1]);
  return n >= 1 && n <= MAX_SIDE ? n : undefined;
}

/** text.indexOf(c, from), but never reading at or past `limit` (-1 then): bounded on any document. */
function indexIn(text: string, c: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) if (text[i] === c) return i;
  return -1;
}

/** A JSX expression's value when it is a number or a string literal: `{1200}`, `{"1200"}`, `{'1200px'}`. */
function jsxLiteral(expr: string): string | undefined {
  const m = /^\s*(?:(\d{1,6}(?:\.0+)?)|"([^"]*)"|'([^']*)'|`([^`$]*)`)\s*$/.exec(expr);
  return m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
}

/**
 * name=value pairs of a tag or an attribute block, scanned once from `from` to the first `>` (tag)
 * or `}` (block) outside quotes and braces, never past `limit`.
 */
function attributes(text: string, from: number, limit: number, close: '>' | '}'): Map<string, string> {
  const out = new Map<string, string>();
  let i = from;
  const ws = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
  while (i < limit) {
    while (i < limit && (ws(text[i]) || text[i] === '/')) i++;
    if (i >= limit || text[i] === close) break;
    const nameStart = i;
    while (i < limit && !ws(text[i]) && text[i] !== '=' && text[i] !== close && text[i] !== '/' && text[i] !== '{') i++;
    const name = text.slice(nameStart, i).toLowerCase();
    if (i < limit && text[i] === '{' && i === nameStart) {
      i = skipBraces(text, i, limit); // a JSX spread {...props}
      continue;
    }
    if (i === nameStart) {
      i++;
      continue;
    }
    let j = i;
    while (j < limit && ws(text[j])) j++;
    if (text[j] !== '=') continue;
    j++;
    while (j < limit && ws(text[j])) j++;
    const q = text[j];
    let value: string | undefined;
    if (q === '"' || q === "'") {
      const end = indexIn(text, q, j + 1, limit);
      if (end < 0) break;
      value = text.slice(j + 1, end);
      i = end + 1;
    } else if (q === '{' && close === '>') {
      const end = skipBraces(text, j, limit);
      value = jsxLiteral(text.slice(j + 1, end - 1));
      i = end;
    } else {
      const start = j;
      while (
        j < limit &&
        !ws(text[j]) &&
        text[j] !== close &&
        !(close === '>' && text[j] === '/' && text[j + 1] === '>')
      )
        j++;
      value = text.slice(start, j);
      i = j;
    }
    if (value !== undefined && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** Index just past the `}` matching the `{` at `at` (quotes inside are skipped), or `limit`. */
function skipBraces(text: string, at: number, limit: number): number {
  let depth = 0;
  for (let i = at; i < limit; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = indexIn(text, c, i + 1, limit);
      if (end < 0) return limit;
      i = end;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return limit;
}

function fromAttributes(attrs: Map<string, string>): RefDimensions | undefined {
  const w = attrs.get('width');
  const h = attrs.get('height');
  const width = w === undefined ? undefined : pixels(w);
  const height = h === undefined ? undefined : pixels(h);
  return width !== undefined && height !== undefined ? { width, height } : undefined;
}

/**
 * The width and height written with the reference at [start, end) (an ImageRef's range), or
 * undefined unless both are there in pixels.
 */
export function dimensionsFromContext(
  text: string,
  range: { readonly start: number; readonly end: number },
): RefDimensions | undefined {
  const { start, end } = range;
  if (start < 0 || end > text.length || start >= end) return undefined;
  if (text[start] === '<') {
    // <img ...> / <Image ...>: skip the tag name, then its attributes.
    let i = start + 1;
    const limit = Math.min(text.length, start + MAX_LOOK);
    while (i < limit && /[\w.:-]/.test(text[i] ?? '')) i++;
    return fromAttributes(attributes(text, i, limit, '>'));
  }
  if (text[start] === '!' && text[end] === '{') {
    // The block must follow the image directly, on the same line.
    const limit = Math.min(text.length, end + MAX_LOOK);
    const close = indexIn(text, '}', end, limit);
    const newline = indexIn(text, '\n', end, close < 0 ? limit : close);
    if (close < 0 || newline >= 0) return undefined;
    return fromAttributes(attributes(text, end + 1, close + 1, '}'));
  }
  return undefined;
}
