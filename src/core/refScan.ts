/**
 * The scanners behind findImageRefs (imageRefs.ts). Every byte of a document is hostile, and
 * the quick fix runs on the extension host that all extensions share, so each scanner is
 * linear in the text on any input: every regular expression is anchored (sticky) at a point
 * the scanner chose and cannot backtrack past what it already read, and a construct that is
 * not closed is given up on once, not re-read from every position inside it.
 */
export type ImageRefKind = 'markdown' | 'html' | 'jsx' | 'css';

export interface ImageRef {
  readonly kind: ImageRefKind;
  /** The whole reference, `![a](b)`, `<img ...>` or `url(...)`: [start, end). */
  readonly start: number;
  readonly end: number;
  /** The path as written (without quotes or angle brackets): [pathStart, pathEnd). */
  readonly pathStart: number;
  readonly pathEnd: number;
  /** As written in the document. */
  readonly rawPath: string;
  /** Unescaped and percent-decoded: what a browser would ask for. */
  readonly path: string;
  /** The alt text, decoded; undefined where the syntax has none (CSS) or it was not given. */
  readonly alt: string | undefined;
}

type RawRef = ImageRef;

/** `text` with the ranges (sorted, disjoint) replaced by spaces, keeping newlines (and so every offset). */
function blankRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (!ranges.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of ranges) {
    parts.push(text.slice(at, from), spaces(text.slice(from, to)));
    at = to;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

const spaces = (s: string): string =>
  s.includes('\n')
    ? s
        .split('\n')
        .map((line) => ' '.repeat(line.length))
        .join('\n')
    : ' '.repeat(s.length);

/** Blanks each match of `re` (global; matches never overlap, and each starts past the last). */
function maskRegex(text: string, re: RegExp): string {
  const ranges: Array<[number, number]> = [];
  for (const m of text.matchAll(re)) ranges.push([m.index, m.index + m[0].length]);
  return blankRanges(text, ranges);
}

// The fence is taken whole ((?!`)): a shorter fence would only fail again at the same place.
const MD_FENCE = /^( {0,3})(`{3,}(?!`)|~{3,}(?!~))[^\n]*\n[\s\S]*?(?:\n {0,3}\2[`~]*[ \t]*(?=\n|$)|$(?![\s\S]))/gm;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$(?![\s\S]))/g;
const CSS_COMMENT = /\/\*[\s\S]*?(?:\*\/|$(?![\s\S]))/g;

export const maskFences = (text: string): string => maskRegex(text, MD_FENCE);
export const maskHtmlComments = (text: string): string => maskRegex(text, HTML_COMMENT);
export const maskCssComments = (text: string): string => maskRegex(text, CSS_COMMENT);

/**
 * Markdown code spans: a run of N backticks up to the next run of exactly N (CommonMark); a run
 * with no partner is literal text. One pass over the runs, with one forward cursor per length.
 */
export function maskCodeSpans(text: string): string {
  const runs: Array<{ at: number; len: number }> = [];
  for (let i = text.indexOf('`'); i >= 0; i = text.indexOf('`', i)) {
    let j = i;
    while (text[j] === '`') j++;
    runs.push({ at: i, len: j - i });
    i = j;
  }
  if (runs.length < 2) return text;
  const byLength = new Map<number, number[]>();
  runs.forEach((r, k) => {
    const list = byLength.get(r.len);
    if (list) list.push(k);
    else byLength.set(r.len, [k]);
  });
  const cursor = new Map<number, number>();
  const spans: Array<[number, number]> = [];
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k];
    if (!run) break;
    const list = byLength.get(run.len) ?? [];
    let c = cursor.get(run.len) ?? 0;
    while (c < list.length && (list[c] ?? 0) <= k) c++;
    cursor.set(run.len, c);
    const partner = list[c];
    if (partner === undefined) continue;
    const close = runs[partner];
    if (!close) continue;
    spans.push([run.at, close.at + close.len]);
    k = partner;
  }
  return blankRanges(text, spans);
}

// `](dest "title")` after an image's alt text; dest is <...> or balanced parentheses without spaces.
const MD_TAIL =
  /\]\([ \t]*(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))(?:[ \t]+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*\)/y;

/**
 * `![alt](dest "title")`. The alt text ends at the first unescaped `]` (or a line end), and
 * every `![` inside that alt text ends at the same place, so when the text after it is not a
 * destination, the search goes on from there rather than from each nested `![`.
 */
export function markdownRefs(scan: string, text: string): RawRef[] {
  const out: RawRef[] = [];
  for (let s = scan.indexOf('!['); s >= 0; s = scan.indexOf('![', s)) {
    let e = s + 2;
    while (e < scan.length) {
      const c = scan[e];
      if (c === ']' || c === '\n') break;
      if (c === '\\') {
        if (e + 1 >= scan.length || scan[e + 1] === '\n') break;
        e += 2;
      } else e++;
    }
    MD_TAIL.lastIndex = e;
    const m = scan[e] === ']' ? MD_TAIL.exec(scan) : null;
    if (!m) {
      s = Math.max(e, s + 2);
      continue;
    }
    const angled = m[1] !== undefined;
    const inner = angled ? (m[1] ?? '') : (m[2] ?? '');
    let pathStart = e + 2; // past `](`
    while (text[pathStart] === ' ' || text[pathStart] === '\t') pathStart++;
    if (angled) pathStart++;
    const rawPath = text.slice(pathStart, pathStart + inner.length);
    const alt = decodeEntities(unescapeMarkdown(text.slice(s + 2, e))).trim();
    const end = e + m[0].length;
    out.push({
      kind: 'markdown',
      start: s,
      end,
      pathStart,
      pathEnd: pathStart + rawPath.length,
      rawPath,
      path: percentDecode(decodeEntities(unescapeMarkdown(rawPath))),
      alt: alt || undefined,
    });
    s = end;
  }
  return out;
}

interface Attr {
  readonly name: string;
  readonly value: string;
  readonly valueStart: number;
  /** A JSX expression `{"..."}` whose content is a JavaScript string literal. */
  readonly jsString: boolean;
  /** A JSX expression that is not a plain string: not a path this module can read. */
  readonly expression: boolean;
}

const IMG_OPEN = /<img(?=[\s/>])/gi;
const ATTR_NAME = /[^\s"'>/=]+/y;
const UNQUOTED = /[^\s>]*/y;
const JS_STRING = /^\{\s*(["'])((?:(?!\1)[^\\\n]|\\.)*)\1\s*\}$/;

const isSpace = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || (c > 0x7f && /\s/.test(String.fromCharCode(c)));

function skipSpace(s: string, i: number, limit: number): number {
  while (i < limit && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** The first `src` and `alt` of a tag, from just after `<img` up to `limit`; `end` is -1 when it does not close before `limit`. */
function parseTag(
  scan: string,
  text: string,
  from: number,
  limit: number,
  kind: 'html' | 'jsx',
): { src: Attr | undefined; alt: Attr | undefined; end: number } {
  let src: Attr | undefined;
  let alt: Attr | undefined;
  const keep = (a: Attr): void => {
    const lower = a.name.toLowerCase();
    if (!src && lower === 'src' && (kind === 'html' || a.name === 'src')) src = a;
    else if (!alt && lower === 'alt') alt = a;
  };
  let i = from;
  while (i < limit) {
    i = skipSpace(scan, i, limit);
    if (i >= limit) break;
    if (scan[i] === '>') return { src, alt, end: i + 1 };
    if (scan.startsWith('/>', i)) return { src, alt, end: i + 2 };
    ATTR_NAME.lastIndex = i;
    const name = ATTR_NAME.exec(scan)?.[0];
    if (!name) {
      i++;
      continue;
    }
    const interesting = name.length === 3;
    i += name.length;
    let j = skipSpace(scan, i, limit);
    if (scan[j] !== '=') {
      if (interesting) keep({ name, value: '', valueStart: i, jsString: false, expression: false });
      continue;
    }
    j = skipSpace(scan, j + 1, limit);
    const q = scan[j];
    if (q === '"' || q === "'") {
      const endQ = scan.indexOf(q, j + 1);
      if (endQ < 0 || endQ >= limit) break;
      if (interesting)
        keep({ name, value: text.slice(j + 1, endQ), valueStart: j + 1, jsString: false, expression: false });
      i = endQ + 1;
    } else if (q === '{') {
      const endB = matchingBrace(scan, j, limit);
      if (endB < 0) break;
      const inner = interesting ? JS_STRING.exec(text.slice(j, endB + 1)) : null;
      if (inner) {
        const valueStart = j + text.slice(j, endB + 1).indexOf(inner[1] ?? '"') + 1;
        keep({ name, value: inner[2] ?? '', valueStart, jsString: true, expression: false });
      } else if (interesting) {
        keep({ name, value: '', valueStart: j, jsString: false, expression: true });
      }
      i = endB + 1;
    } else {
      UNQUOTED.lastIndex = j;
      const unquoted = (UNQUOTED.exec(scan)?.[0] ?? '').slice(0, Math.max(0, limit - j));
      if (interesting) {
        const value = kind === 'jsx' ? '' : text.slice(j, j + unquoted.replace(/\/$/, '').length);
        keep({ name, value, valueStart: j, jsString: false, expression: kind === 'jsx' });
      }
      i = j + Math.max(unquoted.length, 1);
    }
  }
  return { src, alt, end: -1 };
}

/**
 * `<img ...>` tags: attributes parsed by hand, so `>` inside quotes or braces does not end the
 * tag. As an HTML tokenizer does, the scan goes on after the end of each tag (an `<img` inside an
 * attribute value is not a tag), and a tag that never closes takes the rest of its block with
 * it: the rest of the document, or for Markdown (`blockEnds`) up to its paragraph's blank line.
 */
export function imgTags(scan: string, text: string, kind: 'html' | 'jsx', blockEnds = false): RawRef[] {
  const out: RawRef[] = [];
  IMG_OPEN.lastIndex = 0;
  const blankLine = /\n[ \t]*\n/g;
  let blockEnd = -1;
  for (let m = IMG_OPEN.exec(scan); m; m = IMG_OPEN.exec(scan)) {
    const start = m.index;
    if (blockEnds && start >= blockEnd) {
      // Found once per block, not once per tag: a paragraph of many tags stays linear.
      blankLine.lastIndex = start;
      blockEnd = blankLine.exec(scan)?.index ?? scan.length;
    }
    const limit = blockEnds ? blockEnd : scan.length;
    const { src, alt: altAttr, end } = parseTag(scan, text, start + 4, limit, kind);
    if (end < 0) {
      IMG_OPEN.lastIndex = limit;
      continue;
    }
    IMG_OPEN.lastIndex = end;
    if (!src || src.expression) continue;
    const decode = (a: Attr): string => (a.jsString ? unescapeJs(a.value) : decodeEntities(a.value));
    const alt = altAttr && !altAttr.expression ? decode(altAttr).trim() : '';
    out.push({
      kind,
      start,
      end,
      pathStart: src.valueStart,
      pathEnd: src.valueStart + src.value.length,
      rawPath: src.value,
      path: percentDecode(decode(src)),
      alt: alt || undefined,
    });
  }
  return out;
}

/** The index of the `}` closing the `{` at `open`, skipping strings; -1 if none before `limit`. */
function matchingBrace(s: string, open: number, limit: number): number {
  let depth = 0;
  for (let k = open; k < limit; k++) {
    const c = s[k];
    if (c === '"' || c === "'" || c === '`') {
      for (k++; k < limit && s[k] !== c; k++) if (s[k] === '\\') k++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return k;
  }
  return -1;
}

// Strings stop at their line's end, and the unquoted form at a space, quote or parenthesis: each
// attempt reads no further than the next `url(` could, so the scan stays linear.
const CSS_URL = /\burl\([ \t]*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|((?:[^"'()\\\s]|\\.)+))[ \t]*\)/gi;

export function cssUrls(scan: string, text: string): RawRef[] {
  const out: RawRef[] = [];
  for (const m of scan.matchAll(CSS_URL)) {
    const start = m.index;
    const inner = m[1] ?? m[2] ?? m[3] ?? '';
    const quoted = m[3] === undefined;
    let pathStart = start + 4;
    while (text[pathStart] === ' ' || text[pathStart] === '\t') pathStart++;
    if (quoted) pathStart++;
    const rawPath = text.slice(pathStart, pathStart + inner.length);
    out.push({
      kind: 'css',
      start,
      end: start + m[0].length,
      pathStart,
      pathEnd: pathStart + rawPath.length,
      rawPath,
      path: percentDecode(unescapeCss(rawPath)),
      alt: undefined,
    });
  }
  return out;
}

const unescapeMarkdown = (s: string): string => (!s.includes('\\') ? s : s.replace(/\\([!-/:-@[-`{-~])/g, '$1'));

const unescapeJs = (s: string): string =>
  !s.includes('\\')
    ? s
    : s.replace(/\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
        if (e.startsWith('u{')) return codePoint(parseInt(e.slice(2, -1), 16));
        if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
        return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
      });

const unescapeCss = (s: string): string =>
  !s.includes('\\')
    ? s
    : s.replace(/\\([0-9a-fA-F]{1,6})[ \t]?|\\(.)/g, (_, hex: string | undefined, ch: string | undefined) =>
        hex ? codePoint(parseInt(hex, 16)) : (ch ?? ''),
      );

/** A code point from a document's escape; one out of range (`&#99999999;`) is U+FFFD, not a RangeError. */
const codePoint = (n: number): string =>
  Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd';

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,8}|#\d{1,10}|[a-zA-Z]{1,32});/g, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return codePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return codePoint(parseInt(e.slice(1), 10));
    return NAMED_ENTITIES[e] ?? m;
  });
}

function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a lone % is a literal %
  }
}
