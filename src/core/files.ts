import * as l10n from '@vscode/l10n';
import { assertContained } from './containment';
import { AisaError } from './errors';
import { candidateName } from './naming';

/**
 * The few file operations saving needs. The extension passes one on vscode.workspace.fs, the
 * CLI and tests one on node:fs. Paths are whatever the implementation understands; only
 * `join` composes them.
 */
export interface FileSystem {
  join(dir: string, name: string): string;
  mkdirp(dir: string): Promise<void>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Must fail with an error whose `code` is 'EEXIST' when `to` exists: never overwrite. */
  renameNoReplace(from: string, to: string): Promise<void>;
  delete(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /**
   * `path` with every symbolic link resolved, in the same form; undefined when nothing is there.
   * Optional (a virtual file system has no links): without it containment is judged by name.
   */
  realpath?(path: string): Promise<string | undefined>;
}

/** Where a file may be written: inside `root` (the workspace folder), judged when it is written. */
export interface SaveScope {
  readonly root?: string;
  readonly caseInsensitive?: boolean;
}

export const isExists = (e: unknown): boolean =>
  (e as { code?: unknown } | null)?.code === 'EEXIST' || (e as { code?: unknown } | null)?.code === 'FileExists';

const MAX_NAME_ATTEMPTS = 1000;

/**
 * Writes to a hidden temporary name, then publishes it under the first free name, so a crash
 * or a cut write never leaves a partial image, and an existing file is never replaced, even
 * when two generations race for the same name.
 */
export async function saveNew(
  fs: FileSystem,
  dir: string,
  base: string,
  ext: string,
  data: Uint8Array,
  scope: SaveScope = {},
): Promise<string> {
  try {
    await fs.mkdirp(dir);
  } catch (e) {
    throw saveError(dir, e);
  }
  await guard(fs, dir, scope);
  const tmp = fs.join(dir, tempName());
  try {
    await fs.writeFile(tmp, data);
    // Again once the bytes are down: the folder may have been swapped for a link meanwhile.
    await guard(fs, dir, scope);
    for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
      const target = fs.join(dir, candidateName(base, ext, attempt));
      try {
        await fs.renameNoReplace(tmp, target);
        return target;
      } catch (e) {
        if (!isExists(e)) throw e;
      }
    }
    throw new Error(`no free file name after ${MAX_NAME_ATTEMPTS} attempts`);
  } catch (e) {
    await fs.delete(tmp).catch(() => undefined);
    if (e instanceof AisaError) throw e;
    throw saveError(dir, e);
  }
}

/** A hidden temporary name of fixed, short length: it never runs past a file system's 255-byte limit, whatever the final name. */
export const tempName = (): string => `.aisa-${process.pid}-${Math.random().toString(36).slice(2, 10)}.part`;

/** The containment check at write time, when a root is given. */
export async function guard(fs: FileSystem, dir: string, scope: SaveScope): Promise<void> {
  if (scope.root !== undefined)
    await assertContained(fs, scope.root, dir, {
      what: l10n.t('The folder'),
      ...(scope.caseInsensitive ? { caseInsensitive: true } : {}),
    });
}

function saveError(dir: string, e: unknown): AisaError {
  const reason = (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
  return new AisaError(
    'save',
    l10n.t('Could not save the image in {0} ({1}): check that the folder is writable.', dir, reason),
    {
      cause: e,
    },
  );
}
