/**
 * The one guard that keeps files inside the workspace: every write path asks it, at write time,
 * whether a folder or file lies inside a root, by its name and, where the file system can follow
 * symbolic links (FileSystem.realpath), by where it really leads. A folder that is replaced by a
 * link while a request runs is caught when the image is written, not only when it was checked.
 */
import * as l10n from '@vscode/l10n';
import { AisaError } from './errors';
/** The one file-system capability containment needs (FileSystem.realpath); none means names only. */
export interface RealPaths {
  realpath?(path: string): Promise<string | undefined>;
}

/** AisaError.code of a containment refusal: never retried under another name in the same folder. */
export const OUTSIDE = 'outside';

/** Forward slashes, no trailing slash (a root's own `/` or `C:/` kept). */
const norm = (p: string, caseInsensitive: boolean): string => {
  const s = p.replace(/\\/g, '/').replace(/(?<=[^/:])\/+$/, '');
  return caseInsensitive ? s.toLowerCase() : s;
};

/**
 * True when `path` is `root` or below it, by name: a segment starting with dots (`..assets`) is
 * a name like any other, only a `..` segment climbs. Works for native paths and URI strings alike.
 */
export function isWithin(root: string, path: string, caseInsensitive = false): boolean {
  const r = norm(root, caseInsensitive);
  const p = norm(path, caseInsensitive);
  if (p.split('/').includes('..')) return false;
  return p === r || p.startsWith(r.endsWith('/') ? r : `${r}/`);
}

/** The folder holding `path`, or `path` itself at the top. */
function parentOf(path: string): string {
  const m = /^(.*[^/\\:])[/\\]+[^/\\]+[/\\]*$/.exec(path);
  return m?.[1] ?? path;
}

export interface ContainmentOptions {
  /** Names the target in the message, e.g. 'The output folder'. */
  readonly what?: string;
  /** 'input' when refusing before anything is spent, 'save' (the default) at write time. */
  readonly kind?: 'input' | 'save';
  /** Compare names without case (Windows and macOS file systems). */
  readonly caseInsensitive?: boolean;
}

/**
 * Throws an AisaError (code OUTSIDE) unless `target`, which need not exist yet, lies inside
 * `root`: by name, then, when `fs.realpath` is there, through the real path of its deepest
 * existing ancestor (what the file will really be written under) against the root's.
 */
export async function assertContained(
  fs: RealPaths,
  root: string,
  target: string,
  options: ContainmentOptions = {},
): Promise<void> {
  const { what = l10n.t('The folder'), kind = 'save', caseInsensitive = false } = options;
  if (!isWithin(root, target, caseInsensitive)) {
    throw new AisaError(
      kind,
      l10n.t('{0} {1} is outside the workspace folder {2}: images are only saved inside it.', what, target, root),
      { code: OUTSIDE },
    );
  }
  const real = await linkEscape(fs, root, target, caseInsensitive);
  if (real !== undefined) {
    throw new AisaError(
      kind,
      l10n.t(
        '{0} {1} leads (through a symbolic link) to {2}, outside the workspace folder: images are only saved inside it, so nothing was written there.',
        what,
        target,
        real,
      ),
      { code: OUTSIDE },
    );
  }
}

/**
 * Where `target` (inside `root` by name) really leads when a symbolic link takes it out of the
 * root, judged on the real path of its deepest existing ancestor; undefined when it stays inside
 * or `fs` cannot follow links. For callers with sentences of their own (the MCP server's root).
 */
export async function linkEscape(
  fs: RealPaths,
  root: string,
  target: string,
  caseInsensitive = false,
): Promise<string | undefined> {
  if (!fs.realpath) return undefined;
  const realRoot = (await deepestReal(fs, root)) ?? root;
  const real = await deepestReal(fs, target);
  return real !== undefined && !isWithin(realRoot, real, caseInsensitive) ? real : undefined;
}

/** The real path of `path`'s deepest existing ancestor (itself included). */
async function deepestReal(fs: RealPaths, path: string): Promise<string | undefined> {
  for (let probe = path; ; probe = parentOf(probe)) {
    const real = await fs.realpath?.(probe);
    if (real !== undefined) return real;
    if (parentOf(probe) === probe) return undefined;
  }
}
