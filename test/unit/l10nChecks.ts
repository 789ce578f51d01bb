// The localisation checks behind l10n.test.ts, as functions over a folder, so the test can also
// prove on a made-up folder that each one catches what it is for. Each returns its problems, one
// sentence each, naming the file and the key.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

/** The display languages shipped beside English (issue 17). */
export const LANGUAGES = ['zh-cn', 'ja'] as const;

type Messages = Record<string, unknown>;

export const readJson = (file: string): Messages => JSON.parse(readFileSync(file, 'utf8')) as Messages;

/** What a bundle entry says in English: the string, or `message` when l10n-dev kept a comment. */
function english(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string')
    return (value as { message: string }).message;
  return undefined;
}

const sorted = (items: Iterable<string>): string[] => [...items].sort();
const CODE_SPAN = /`([^`\n]+)`/g;
/** `{0}`, `{1}`, `{name}`: what vscode.l10n.t and @vscode/l10n fill in. */
const placeholders = (text: string): string[] =>
  sorted(new Set([...text.matchAll(/\{(?:\d+|[A-Za-z_$][\w$]*)\}/g)].map((m) => m[0])));
/** Link and image targets outside code spans: `[Set API Key](command:aisaImages.setApiKey)`. */
const linkTargets = (text: string): string[] =>
  sorted([...text.replace(CODE_SPAN, '').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? ''));
const codeSpans = (text: string): string[] => sorted([...text.matchAll(CODE_SPAN)].map((m) => m[1] ?? ''));
/** Code spans that name something VS Code resolves: `aisaImages.outputFolder`, `#aisaImages.x#`. */
const idSpans = (text: string): string[] => codeSpans(text).filter((s) => /^#?[A-Za-z_][\w-]*(\.[\w-]+)+#?$/.test(s));

export interface Kept {
  /** Every code span stays as it is (documentation: the manifest's Markdown, the walkthrough pages). */
  allCodeSpans: boolean;
}

/** Placeholders, link targets and code spans the translation of `source` must keep. */
export function keptParts(where: string, source: string, translation: string, kept: Kept): string[] {
  const problems: string[] = [];
  const same = (what: string, of: (t: string) => string[]): void => {
    const [a, b] = [of(source), of(translation)];
    if (a.join('\u0000') !== b.join('\u0000'))
      problems.push(`${where}: ${what} ${JSON.stringify(b)} where the English has ${JSON.stringify(a)}`);
  };
  same('placeholders', placeholders);
  same('link targets', linkTargets);
  same('code spans', kept.allCodeSpans ? codeSpans : idSpans);
  return problems;
}

/**
 * A translation file against its English one: the same keys, no more, no fewer; each a non-empty
 * string keeping the English's placeholders, link targets and code spans.
 */
export function checkTranslation(
  englishFile: string,
  englishMessages: Messages,
  file: string,
  translated: Messages,
  kept: Kept,
): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(englishMessages)) {
    const source = english(value);
    const t = translated[key];
    if (source === undefined) problems.push(`${englishFile}: "${key}" is neither a string nor { message }`);
    else if (!(key in translated)) problems.push(`${file}: "${key}" is missing (it is in ${englishFile})`);
    else if (typeof t !== 'string' || !t.trim()) problems.push(`${file}: "${key}" is not a non-empty string`);
    else problems.push(...keptParts(`${file}: "${key}"`, source, t, kept));
  }
  for (const key of Object.keys(translated)) {
    if (!(key in englishMessages)) problems.push(`${file}: "${key}" is not in ${englishFile} (stale: remove it)`);
  }
  return problems;
}

/** Every whole-string `%key%` in a manifest, where it is. */
export function manifestKeys(value: unknown, at = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof value === 'string') {
    const m = /^%([\w.-]+)%$/.exec(value);
    if (m?.[1]) out.set(m[1], at);
  } else if (Array.isArray(value)) value.forEach((v, i) => manifestKeys(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) manifestKeys(v, at ? `${at}.${k}` : k, out);
  return out;
}

/** package.json's %keys% against package.nls.json, and package.nls.<language>.json against both. */
export function checkManifest(root: string): string[] {
  const used = manifestKeys(readJson(path.join(root, 'package.json')));
  const nls = readJson(path.join(root, 'package.nls.json'));
  const problems: string[] = [];
  for (const [key, at] of used) {
    if (!(key in nls)) problems.push(`package.json: %${key}% (at ${at}) is missing from package.nls.json`);
  }
  for (const key of Object.keys(nls)) {
    if (!used.has(key)) problems.push(`package.nls.json: "${key}" is used nowhere in package.json`);
  }
  for (const language of LANGUAGES) {
    const file = `package.nls.${language}.json`;
    if (!existsSync(path.join(root, file))) problems.push(`${file} is missing`);
    else
      problems.push(
        ...checkTranslation('package.nls.json', nls, file, readJson(path.join(root, file)), { allCodeSpans: true }),
      );
  }
  return problems;
}

/**
 * l10n/bundle.l10n.<language>.json against l10n/bundle.l10n.json. No bundle.l10n.json means no
 * string in the code goes through l10n yet (freshness says whether that is true).
 */
export function checkBundles(l10nDir: string): string[] {
  const base = path.join(l10nDir, 'bundle.l10n.json');
  if (!existsSync(base)) return [];
  const messages = readJson(base);
  const rel = (f: string): string => `l10n/${f}`;
  const problems: string[] = [];
  const present = readdirSync(l10nDir).filter((f) => /^bundle\.l10n\.[\w-]+\.json$/.test(f));
  for (const language of LANGUAGES) {
    if (!present.includes(`bundle.l10n.${language}.json`))
      problems.push(`${rel(`bundle.l10n.${language}.json`)} is missing`);
  }
  for (const f of present) {
    problems.push(
      ...checkTranslation(rel('bundle.l10n.json'), messages, rel(f), readJson(path.join(l10nDir, f)), {
        allCodeSpans: false,
      }),
    );
  }
  return problems;
}

/**
 * The walkthrough's Markdown pages: VS Code shows `key.nls.<language>.md` in place of `key.md`
 * when it runs in that language (its walkthrough reads the file beside it), so each page has one
 * per language, keeping its link targets and code spans.
 */
export function checkWalkthroughPages(dir: string): string[] {
  const problems: string[] = [];
  const rel = (f: string): string => `media/walkthrough/${f}`;
  for (const page of readdirSync(dir).filter((f) => f.endsWith('.md') && !f.includes('.nls.'))) {
    const source = readFileSync(path.join(dir, page), 'utf8');
    for (const language of LANGUAGES) {
      const translated = page.replace(/\.md$/, `.nls.${language}.md`);
      if (!existsSync(path.join(dir, translated))) problems.push(`${rel(translated)} is missing`);
      else
        problems.push(
          ...keptParts(rel(translated), source, readFileSync(path.join(dir, translated), 'utf8'), {
            allCodeSpans: true,
          }),
        );
    }
  }
  return problems;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|tsx|js|jsx)$/.test(e.name)) out.push(p); // what `vscode-l10n-dev export` reads
  }
  return out;
}

/** What `npm run l10n` (vscode-l10n-dev export ./src) would write to l10n/bundle.l10n.json. */
export async function exportedBundle(srcDir: string): Promise<Messages> {
  const files = sourceFiles(srcDir).map((f) => ({ contents: readFileSync(f, 'utf8'), extension: path.extname(f) }));
  return (await getL10nJson(files)) as Messages;
}

/** l10n/bundle.l10n.json against what the sources say now. */
export function checkFresh(exported: Messages, l10nDir: string): string[] {
  const file = path.join(l10nDir, 'bundle.l10n.json');
  const onDisk = existsSync(file) ? readJson(file) : {};
  const problems: string[] = [];
  const fix = '(run npm run l10n)';
  for (const [key, value] of Object.entries(exported)) {
    if (!(key in onDisk)) problems.push(`l10n/bundle.l10n.json: "${key}" is in the code but missing ${fix}`);
    else if (JSON.stringify(onDisk[key]) !== JSON.stringify(value))
      problems.push(`l10n/bundle.l10n.json: "${key}" differs from the code ${fix}`);
  }
  for (const key of Object.keys(onDisk)) {
    if (!(key in exported)) problems.push(`l10n/bundle.l10n.json: "${key}" is in no source any more ${fix}`);
  }
  return problems;
}
