import {
  cssUrls,
  imgTags,
  markdownRefs,
  maskCodeSpans,
  maskCssComments,
  maskFences,
  maskHtmlComments,
  type ImageRef,
} from './refScan';
export type { ImageRef, ImageRefKind } from './refScan';
import { styleForLanguage, type ReferenceStyle } from './references';

/**
 * Image references already written in a document (Markdown `![alt](path)`, HTML/JSX `<img>`,
 * CSS `url()`), with their offsets, so the editor can offer to generate the ones whose file
 * does not exist yet. Pure text in, offsets out: no file system, no vscode.
 */
/**
 * Languages whose missing images get the "Generate this image" quick fix. package.json activates
 * the extension on each (onLanguage), else the quick fix would not exist until some command ran;
 * except plaintext, which would activate it in almost every window (BENCHMARKS.md).
 */
export const QUICK_FIX_LANGUAGES: readonly string[] = [
  'markdown',
  'mdx',
  'html',
  'vue',
  'svelte',
  'astro',
  'php',
  'javascriptreact',
  'typescriptreact',
  'css',
  'scss',
  'less',
  'sass',
  'plaintext',
];

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
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  'png',
  'jpg',
  'jpeg',
  'webp',
  'gif',
  'svg',
  'avif',
  'bmp',
  'ico',
  'tif',
  'tiff',
]);

/** Every image reference in `text`, in document order, for a document of `style`. Linear in `text` on any input. */
export function findImageRefs(text: string, style: ReferenceStyle): ImageRef[] {
  let refs: ImageRef[];
  switch (style) {
    case 'markdown': {
      const prose = maskCodeSpans(maskHtmlComments(maskFences(text)));
      refs = [...markdownRefs(prose, text), ...imgTags(prose, text, 'html', true)];
      break;
    }
    case 'html': {
      const code = maskHtmlComments(text);
      refs = [...imgTags(code, text, 'html'), ...cssUrls(maskCssComments(code), text)];
      break;
    }
    case 'jsx':
      refs = [...imgTags(text, text, 'jsx'), ...cssUrls(text, text)];
      break;
    case 'css':
      refs = cssUrls(maskCssComments(text), text);
      break;
    case 'plain':
      refs = [];
      break;
  }
  return refs.sort((a, b) => a.start - b.start);
}

/** How much of a document the quick fix reads around the range it is asked about. */
export interface ScanBudget {
  /** Whole lines read either side of the range (default 40). */
  readonly contextLines?: number;
  /** Characters read either side of the range, at most, however long its lines (default 32,768). */
  readonly maxChars?: number;
}

/**
 * The part of `text` to scan for references touching [from, to]: the range's lines and
 * `contextLines` more either side, cut to `maxChars` either side. A reference can span
 * lines, so a few are read around it; a document of one enormous line costs no more than
 * `maxChars`. Offsets into `text`: [start, end).
 */
export function scanWindow(
  text: string,
  from: number,
  to: number,
  budget: ScanBudget = {},
): { start: number; end: number } {
  const { contextLines = 40, maxChars = 32_768 } = budget;
  const lo = Math.max(0, Math.min(from, to, text.length));
  const hi = Math.min(text.length, Math.max(from, to, 0));
  const floor = Math.max(0, lo - maxChars);
  const ceiling = Math.min(text.length, hi + maxChars);
  let start = lo;
  for (let n = 0; n <= contextLines; n++) {
    const nl = start > floor ? text.lastIndexOf('\n', start - 1) : -1;
    if (nl < floor) {
      start = floor;
      break;
    }
    start = nl + 1;
    if (n < contextLines) start = nl; // and on into the line above
  }
  let end = hi;
  for (let n = 0; n <= contextLines; n++) {
    const nl = text.indexOf('\n', n === 0 ? end : end + 1);
    if (nl < 0 || nl >= ceiling) {
      end = ceiling;
      break;
    }
    end = nl;
  }
  return { start, end };
}

/**
 * The references touching [from, to] (document offsets), found by scanning only the window
 * scanWindow gives: what the quick fix needs on each request, at a cost bounded by the budget
 * whatever the document's size. Constructs that begin before the window (a code fence opened
 * far above) are not seen, so a reference inside one may be offered; that costs nothing but a
 * needless quick fix, and only where a document keeps code fences that long.
 */
export function findImageRefsNear(
  text: string,
  style: ReferenceStyle,
  from: number,
  to: number,
  budget: ScanBudget = {},
): ImageRef[] {
  const w = scanWindow(text, from, to, budget);
  return findImageRefs(text.slice(w.start, w.end), style)
    .map((r) => ({
      ...r,
      start: r.start + w.start,
      end: r.end + w.start,
      pathStart: r.pathStart + w.start,
      pathEnd: r.pathEnd + w.start,
    }))
    .filter((r) => r.start <= to && r.end >= from);
}

/** The reference whose text contains `offset` (ends included, so a cursor just after `)` counts). */
export function refAt(refs: readonly ImageRef[], offset: number): ImageRef | undefined {
  return refs.find((r) => offset >= r.start && offset <= r.end);
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
  const base =
    ref.path
      .replace(/[?#].*$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  return base
    .replace(/\.[^.]+$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_.+\s]+/g, ' ')
    .trim();
}
