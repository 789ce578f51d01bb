import { styleForLanguage, type ReferenceStyle } from './references';

/**
 * Image references already written in a document (Markdown `![alt](path)`, HTML/JSX `<img>`,
 * CSS `url()`), with their offsets, so the editor can offer to generate the ones whose file
 * does not exist yet. Pure text in, offsets out: no file system, no vscode.
 */
export type ImageRefKind = 'markdown' | 'html' | 'jsx' | 'css';

/**
 * Languages whose missing images get the "Generate this image" quick fix. package.json activates
 * the extension on each (onLanguage), else the quick fix would not exist until some command ran.
 */
export const QUICK_FIX_LANGUAGES: readonly string[] = ['markdown', 'mdx', 'html', 'vue', 'svelte', 'astro', 'php', 'javascriptreact', 'typescriptreact', 'css', 'scss', 'less', 'sass', 'plaintext'];

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

/** Language ids by file extension, for documents whose language VS Code does not know (no Vue/Svelte/Astro/MDX extension installed). */
const LANGUAGE_BY_EXTENSION: Readonly<Record<string, string>> = {
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'mdx',
  html: 'html',
  htm: 'html',
  vue: 'vue',
  svelte: 'svelte',
  astro: 'astro',
  jsx: 'javascriptreact',
  tsx: 'typescriptreact',
  css: 'css',
  scss: 'scss',
  less: 'less',
  sass: 'sass',
};

/** The document's reference style: its language's, or, for an unknown language, its file extension's. */
export function styleForDocument(languageId: string, fileName: string): ReferenceStyle {
  const byLanguage = styleForLanguage(languageId);
  if (byLanguage !== 'plain') return byLanguage;
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const fromName = LANGUAGE_BY_EXTENSION[ext];
  return fromName ? styleForLanguage(fromName) : 'plain';
}

/** Extensions that name an image; only references to these are considered at all. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['png', 'jpg', 'jpeg', 'webp', 'gif', 'svg', 'avif', 'bmp', 'ico', 'tif', 'tiff']);

/** Replaces the ranges matched by `re` with spaces, keeping every offset (and newline) in place. */
function mask(text: string, re: RegExp): string {
  return text.replace(re, (m) => m.replace(/[^\n]/g, ' '));
}

const MD_FENCE = /^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\2[`~]*[ \t]*(?=\n|$)|$(?![\s\S]))/gm;
const MD_CODE_SPAN = /(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$(?![\s\S]))/g;
const CSS_COMMENT = /\/\*[\s\S]*?(?:\*\/|$(?![\s\S]))/g;

/** Every image reference in `text`, in document order, for a document of `style`. */
export function findImageRefs(text: string, style: ReferenceStyle): ImageRef[] {
  let refs: ImageRef[];
  switch (style) {
    case 'markdown': {
      const prose = mask(mask(mask(text, MD_FENCE), HTML_COMMENT), MD_CODE_SPAN);
      refs = [...markdownRefs(prose, text), ...imgTags(prose, text, 'html')];
      break;
    }
    case 'html': {
      const code = mask(text, HTML_COMMENT);
      refs = [...imgTags(code, text, 'html'), ...cssUrls(mask(code, CSS_COMMENT), text)];
      break;
    }
    case 'jsx':
      refs = [...imgTags(text, text, 'jsx'), ...cssUrls(text, text)];
      break;
    case 'css':
      refs = cssUrls(mask(text, CSS_COMMENT), text);
      break;
    case 'plain':
      refs = [];
      break;
  }
  return refs.sort((a, b) => a.start - b.start);
}

/** The reference whose text contains `offset` (ends included, so a cursor just after `)` counts). */
export function refAt(refs: readonly ImageRef[], offset: number): ImageRef | undefined {
  return refs.find((r) => offset >= r.start && offset <= r.end);
}

// ![alt](dest "title"): alt with escapes, dest either <...> or balanced parentheses without spaces.
const MD_IMAGE = /!\[((?:[^\]\\\n]|\\.)*)\]\([ \t]*(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))(?:[ \t]+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*\)/g;

function markdownRefs(scan: string, text: string): ImageRef[] {
  const out: ImageRef[] = [];
  for (const m of scan.matchAll(MD_IMAGE)) {
    const start = m.index;
    const altLength = m[1]?.length ?? 0;
    const angled = m[2] !== undefined;
    const inner = angled ? m[2] ?? '' : m[3] ?? '';
    let pathStart = start + 2 + altLength + 2; // past `![alt](`
    while (/[ \t]/.test(text[pathStart] ?? '')) pathStart++;
    if (angled) pathStart++;
    const rawPath = text.slice(pathStart, pathStart + inner.length);
    const alt = decodeEntities(unescapeMarkdown(text.slice(start + 2, start + 2 + altLength))).trim();
    out.push({
      kind: 'markdown',
      start,
      end: start + m[0].length,
      pathStart,
      pathEnd: pathStart + rawPath.length,
      rawPath,
      path: percentDecode(decodeEntities(unescapeMarkdown(rawPath))),
      alt: alt || undefined,
    });
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

/** `<img ...>` tags: attributes parsed by hand, so `>` inside quotes or braces does not end the tag. */
function imgTags(scan: string, text: string, kind: 'html' | 'jsx'): ImageRef[] {
  const out: ImageRef[] = [];
  const re = /<img(?=[\s/>])/gi;
  for (let m = re.exec(scan); m; m = re.exec(scan)) {
    const start = m.index;
    const attrs: Attr[] = [];
    let i = start + 4;
    let closed = false;
    while (i < scan.length) {
      while (i < scan.length && /\s/.test(scan[i] ?? '')) i++;
      if (scan[i] === '>') { i++; closed = true; break; }
      if (scan.startsWith('/>', i)) { i += 2; closed = true; break; }
      const nameMatch = /^[^\s"'>/=]+/.exec(scan.slice(i, i + 200));
      if (!nameMatch) { i++; continue; }
      const name = nameMatch[0];
      i += name.length;
      let j = i;
      while (j < scan.length && /\s/.test(scan[j] ?? '')) j++;
      if (scan[j] !== '=') {
        attrs.push({ name, value: '', valueStart: i, jsString: false, expression: false });
        continue;
      }
      j++;
      while (j < scan.length && /\s/.test(scan[j] ?? '')) j++;
      const q = scan[j];
      if (q === '"' || q === "'") {
        const endQ = scan.indexOf(q, j + 1);
        if (endQ < 0) break;
        attrs.push({ name, value: text.slice(j + 1, endQ), valueStart: j + 1, jsString: false, expression: false });
        i = endQ + 1;
      } else if (q === '{') {
        const endB = matchingBrace(scan, j);
        if (endB < 0) break;
        const inner = /^\{\s*(["'])((?:(?!\1)[^\\\n]|\\.)*)\1\s*\}$/.exec(text.slice(j, endB + 1));
        if (inner) {
          const valueStart = j + (text.slice(j, endB + 1).indexOf(inner[1] ?? '"')) + 1;
          attrs.push({ name, value: inner[2] ?? '', valueStart, jsString: true, expression: false });
        } else {
          attrs.push({ name, value: '', valueStart: j, jsString: false, expression: true });
        }
        i = endB + 1;
      } else {
        const unquoted = /^[^\s>]+/.exec(scan.slice(j, j + 2000))?.[0] ?? '';
        const value = kind === 'jsx' ? '' : text.slice(j, j + unquoted.replace(/\/$/, '').length);
        attrs.push({ name, value, valueStart: j, jsString: false, expression: kind === 'jsx' });
        i = j + Math.max(unquoted.length, 1);
      }
    }
    if (!closed) continue;
    const src = attrs.find((a) => a.name.toLowerCase() === 'src' && (kind === 'html' || a.name === 'src'));
    if (!src || src.expression) continue;
    const altAttr = attrs.find((a) => a.name.toLowerCase() === 'alt');
    const decode = (a: Attr): string => (a.jsString ? unescapeJs(a.value) : decodeEntities(a.value));
    const alt = altAttr && !altAttr.expression ? decode(altAttr).trim() : '';
    out.push({
      kind,
      start,
      end: i,
      pathStart: src.valueStart,
      pathEnd: src.valueStart + src.value.length,
      rawPath: src.value,
      path: percentDecode(decode(src)),
      alt: alt || undefined,
    });
  }
  return out;
}

/** The index of the `}` closing the `{` at `open`, skipping strings; -1 if none. */
function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let k = open; k < s.length; k++) {
    const c = s[k];
    if (c === '"' || c === "'" || c === '`') {
      for (k++; k < s.length && s[k] !== c; k++) if (s[k] === '\\') k++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return k;
  }
  return -1;
}

const CSS_URL = /\burl\([ \t]*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|((?:[^"'()\\\s]|\\.)+))[ \t]*\)/gi;

function cssUrls(scan: string, text: string): ImageRef[] {
  const out: ImageRef[] = [];
  for (const m of scan.matchAll(CSS_URL)) {
    const start = m.index;
    const inner = m[1] ?? m[2] ?? m[3] ?? '';
    const quoted = m[3] === undefined;
    const open = text.indexOf('(', start) + 1;
    let pathStart = open;
    while (/[ \t]/.test(text[pathStart] ?? '')) pathStart++;
    if (quoted) pathStart++;
    const rawPath = text.slice(pathStart, pathStart + inner.length);
    out.push({ kind: 'css', start, end: start + m[0].length, pathStart, pathEnd: pathStart + rawPath.length, rawPath, path: percentDecode(unescapeCss(rawPath)), alt: undefined });
  }
  return out;
}

const unescapeMarkdown = (s: string): string => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

const unescapeJs = (s: string): string =>
  s.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });

const unescapeCss = (s: string): string =>
  s.replace(/\\([0-9a-fA-F]{1,6})[ \t]?|\\(.)/g, (_, hex: string | undefined, ch: string | undefined) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : ch ?? '');

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return NAMED_ENTITIES[e] ?? m;
  });
}

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a lone % is a literal %
  }
}

/** Why a reference's path is not a workspace file this extension could create, if it is not. */
export type LocalPath =
  | { readonly ok: true; readonly path: string; readonly ext: string }
  | { readonly ok: false; readonly reason: 'empty' | 'remote' | 'absolute' | 'template' | 'not-image' };

/**
 * The relative file path a reference asks for, without query or fragment, or why it is not
 * one: links (`https:`, `data:`, `//host`), root-relative paths (`/img/a.png`, which depend on
 * how a site is served), template expressions, and non-image files are left alone.
 */
export function localImagePath(path: string): LocalPath {
  const p = path.trim();
  if (!p || p.startsWith('#') || p.startsWith('?')) return { ok: false, reason: 'empty' };
  if (/\{\{|\$\{|<%|\{%|^\{|^@/.test(p)) return { ok: false, reason: 'template' };
  if (/^\/\//.test(p) || /^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(p)) return { ok: false, reason: 'remote' };
  if (/^([a-zA-Z]:)?[\\/]|^~/.test(p)) return { ok: false, reason: 'absolute' };
  const file = p.replace(/[?#].*$/, '').replace(/\\/g, '/');
  const ext = /\.([^./]+)$/.exec(file)?.[1]?.toLowerCase();
  if (!ext || !IMAGE_EXTENSIONS.has(ext)) return { ok: false, reason: 'not-image' };
  return { ok: true, path: file, ext };
}

/**
 * `relative` (forward slashes) resolved against the folder holding `documentPath` (a posix
 * path such as a URI's path), normalised. Undefined when `..` climbs above the root.
 */
export function resolveRelative(documentPath: string, relative: string): string | undefined {
  const parts = documentPath.split('/').slice(0, -1);
  for (const seg of relative.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length <= 1) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** True when posix `path` is `root` itself or below it (case-sensitive unless told otherwise). */
export function isInside(root: string, path: string, caseInsensitive = false): boolean {
  const norm = (s: string): string => (caseInsensitive ? s.toLowerCase() : s).replace(/\/+$/, '');
  const r = norm(root);
  const p = norm(path);
  return p === r || p.startsWith(`${r}/`);
}

/** A prompt from a reference: its alt text, or else its file name made readable (`hero-banner_2x.png` -> `hero banner 2x`). */
export function promptForRef(ref: Pick<ImageRef, 'alt' | 'path'>): string {
  if (ref.alt?.trim()) return ref.alt.trim();
  const base = ref.path.replace(/[?#].*$/, '').split(/[\\/]/).pop() ?? '';
  return base
    .replace(/\.[^.]+$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_.+\s]+/g, ' ')
    .trim();
}
