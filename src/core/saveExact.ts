import * as l10n from '@vscode/l10n';
import { AisaError } from './errors';
import { OUTSIDE } from './containment';
import { guard, isExists, saveNew, tempName, type FileSystem, type SaveScope } from './files';
import { inspectImage, isAvif, TYPE_LABEL, type ImageMime } from './imageType';

/**
 * Saving an image under one exact name, the name a document already refers to, rather than
 * under a fresh one (saveNew). Nothing is ever overwritten, and nothing is converted: a file
 * is only written under an extension that says what its bytes are.
 */

type SavedMime = ImageMime | 'image/avif';

/** The extensions a generated image can be saved under as it came: the types the API returns. */
export const EXACT_EXTENSIONS: Readonly<Record<string, SavedMime>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** With a conversion (generate.ts `transform`), AVIF can be written too. */
const CONVERTED_EXTENSIONS: Readonly<Record<string, SavedMime>> = { ...EXACT_EXTENSIONS, avif: 'image/avif' };

const savedMime = (data: Uint8Array): SavedMime | undefined =>
  inspectImage(data)?.mime ?? (isAvif(data) ? 'image/avif' : undefined);

export const extensionOf = (name: string): string => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/**
 * Judged before anything is spent: why an image cannot be saved under `name`, or undefined.
 * The API returns PNG, JPEG or WebP; with a conversion (`converts`) AVIF can be written too.
 * A `.gif` or `.svg` reference can never be filled.
 */
export function exactNameProblem(name: string, converts = false): string | undefined {
  const invalid = fileNameProblem(name);
  if (invalid) return invalid;
  const ext = extensionOf(name);
  if ((converts ? CONVERTED_EXTENSIONS : EXACT_EXTENSIONS)[ext]) return undefined;
  if (converts)
    return ext
      ? l10n.t(
          '{0} cannot be generated: images can be saved as PNG, JPEG, WebP or AVIF, so the file name must end in .png, .jpg, .jpeg, .webp or .avif (not .{1}).',
          name,
          ext,
        )
      : l10n.t(
          '{0} cannot be generated: images can be saved as PNG, JPEG, WebP or AVIF, so the file name must end in .png, .jpg, .jpeg, .webp or .avif.',
          name,
        );
  return ext
    ? l10n.t(
        '{0} cannot be generated: the API returns PNG, JPEG or WebP images and AIsa Images does not convert them, so the file name must end in .png, .jpg, .jpeg or .webp (not .{1}).',
        name,
        ext,
      )
    : l10n.t(
        '{0} cannot be generated: the API returns PNG, JPEG or WebP images and AIsa Images does not convert them, so the file name must end in .png, .jpg, .jpeg or .webp.',
        name,
      );
}

/** File systems take at most 255 bytes in one name (ext4, APFS, NTFS counts 255 UTF-16 units: less). */
export const MAX_NAME_BYTES = 255;

/**
 * Why no file system could hold a file named `name`, or undefined: judged before a request is
 * paid for, since the image could otherwise never be saved under it. (The temporary name is
 * short and fixed, tempName, so only the final name counts.)
 */
export function fileNameProblem(name: string): string | undefined {
  const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  if (!name || name === '.' || name === '..') return l10n.t('{0} is not a file name.', shown);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\x00-\x1f\x7f]/.test(name))
    return l10n.t(
      'The file name {0} contains a control character (such as a NUL byte, %00), which no file system accepts: rename the reference.',
      shown,
    );
  if (/[/\\]/.test(name)) return l10n.t('The file name {0} contains a slash.', shown);
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_NAME_BYTES)
    return l10n.t(
      'The file name {0} is {1} bytes long, over the {2} bytes a file system allows in one name: shorten it.',
      shown,
      bytes,
      MAX_NAME_BYTES,
    );
  return undefined;
}

/** Error codes on the AisaError('save') thrown by saveExact, for callers that offer a way out. */
export const EXACT_EXISTS = 'exists';
export const EXACT_TYPE_MISMATCH = 'type_mismatch';
export const EXACT_BAD_NAME = 'bad_name';

/** Whole sentences for each case, so each translates as one. */
function typeMismatch(known: string | undefined, name: string, wanted: string | undefined): string {
  if (known && wanted)
    return l10n.t(
      'The generated file is a {0} image, but {1} names a {2} file: it was not saved under that name (images are not converted).',
      known,
      name,
      wanted,
    );
  if (known)
    return l10n.t(
      'The generated file is a {0} image, but {1} names a different file: it was not saved under that name (images are not converted).',
      known,
      name,
    );
  if (wanted)
    return l10n.t(
      'The generated file is not a PNG, JPEG or WebP image, but {0} names a {1} file: it was not saved under that name (images are not converted).',
      name,
      wanted,
    );
  return l10n.t(
    'The generated file is not a PNG, JPEG or WebP image, but {0} names a different file: it was not saved under that name (images are not converted).',
    name,
  );
}

/** Refuses, before anything is written, a name the API cannot fill or an image of another type than the name says. */
function checkExact(name: string, mime: string | undefined): void {
  const problem = exactNameProblem(name, true);
  if (problem) throw new AisaError('save', problem, { code: EXACT_BAD_NAME });
  const wanted = CONVERTED_EXTENSIONS[extensionOf(name)];
  if (mime !== wanted) {
    const known = mime ? TYPE_LABEL[mime] : undefined;
    throw new AisaError('save', typeMismatch(known, name, wanted ? TYPE_LABEL[wanted] : undefined), {
      code: EXACT_TYPE_MISMATCH,
    });
  }
}

async function ensureDir(fs: FileSystem, dir: string): Promise<void> {
  try {
    await fs.mkdirp(dir);
  } catch (e) {
    throw new AisaError(
      'save',
      l10n.t('Could not create the folder {0} ({1}): check that it is writable.', dir, reason(e)),
      {
        cause: e,
      },
    );
  }
}

const existsError = (name: string, cause?: unknown): AisaError =>
  cause === undefined
    ? new AisaError('save', l10n.t('{0} already exists: it was not overwritten.', name), { code: EXACT_EXISTS })
    : new AisaError('save', l10n.t('{0} appeared while the image was being saved: it was not overwritten.', name), {
        code: EXACT_EXISTS,
        cause,
      });

/**
 * Moves the image file `from` (of type `mime`, as sniffed from its bytes) to `dir/name` in one rename that
 * refuses to replace: there is never a second copy, and a file that is there, or appears in the
 * meantime, is never overwritten (code EXACT_EXISTS). The bytes must be the type the extension
 * names (code EXACT_TYPE_MISMATCH). On failure `from` is left where it is. Returns the new path.
 */
export async function moveExact(
  fs: FileSystem,
  from: string,
  dir: string,
  name: string,
  mime: string,
  scope: SaveScope = {},
): Promise<string> {
  checkExact(name, mime);
  await ensureDir(fs, dir);
  await guard(fs, dir, scope);
  const target = fs.join(dir, name);
  if (await fs.exists(target)) throw existsError(name);
  try {
    await fs.renameNoReplace(from, target);
    return target;
  } catch (e) {
    if (isExists(e)) throw existsError(name, e);
    throw new AisaError('save', couldNotSave(name, dir, e), {
      cause: e,
    });
  }
}

/**
 * Writes `data` to `dir/name` and nowhere else: through a hidden temporary file and moveExact,
 * so a partial image is never visible and nothing is overwritten. Returns the saved path.
 */
export async function saveExact(
  fs: FileSystem,
  dir: string,
  name: string,
  data: Uint8Array,
  scope: SaveScope = {},
): Promise<string> {
  const mime = savedMime(data);
  checkExact(name, mime);
  await ensureDir(fs, dir);
  await guard(fs, dir, scope);
  if (await fs.exists(fs.join(dir, name))) throw existsError(name);
  const tmp = fs.join(dir, tempName());
  try {
    await fs.writeFile(tmp, data);
    return await moveExact(fs, tmp, dir, name, mime ?? '', scope);
  } catch (e) {
    await fs.delete(tmp).catch(() => undefined);
    // It was checked to be free before writing: if it is taken now, it appeared meanwhile.
    if (e instanceof AisaError && e.code === EXACT_EXISTS) throw existsError(name, e);
    if (e instanceof AisaError) throw e;
    throw new AisaError('save', couldNotSave(name, dir, e), {
      cause: e,
    });
  }
}

/** How an image asked for under an exact name ended up saved; `why` is the AisaError('save') that kept it from that name. */
export type ExactPlacement =
  | { readonly as: 'exact' }
  /** Its bytes are another type than the name says: the same name with its real extension. */
  | { readonly as: 'retyped'; readonly why: AisaError }
  /** The name was taken (or, retyped, that one too): a fresh name beside it. */
  | { readonly as: 'fresh'; readonly why: AisaError };

/**
 * Saves a generated image as `dir/name` if it can. The image has been paid for, so where that
 * name cannot take it (taken, naming another type, or refused by the file system for any
 * reason) it is still saved in `dir`: under the name with its real extension `fresh.ext`, else
 * under a fresh name from `fresh.base`. Never overwrites, and never writes outside `scope.root`
 * (that refusal is thrown, not worked around); the placement says where it went and why.
 */
export async function saveExactOrBeside(
  fs: FileSystem,
  dir: string,
  name: string,
  fresh: { base: string; ext: string },
  data: Uint8Array,
  scope: SaveScope = {},
): Promise<{ path: string; placement: ExactPlacement }> {
  try {
    return { path: await saveExact(fs, dir, name, data, scope), placement: { as: 'exact' } };
  } catch (err) {
    if (err instanceof AisaError && err.code === OUTSIDE) throw err;
    const e =
      err instanceof AisaError
        ? err
        : new AisaError('save', l10n.t('Could not save {0} in {1} ({2}).', name, dir, reason(err)), { cause: err });
    if (e.code === EXACT_TYPE_MISMATCH) {
      try {
        return {
          path: await saveExact(fs, dir, `${name.replace(/\.[^.]+$/, '')}.${fresh.ext}`, data, scope),
          placement: { as: 'retyped', why: e },
        };
      } catch (again) {
        if (again instanceof AisaError && again.code === OUTSIDE) throw again;
        // taken too: a fresh name, below
      }
    }
    return { path: await saveNew(fs, dir, fresh.base, fresh.ext, data, scope), placement: { as: 'fresh', why: e } };
  }
}

function couldNotSave(name: string, dir: string, e: unknown): string {
  return l10n.t('Could not save {0} in {1} ({2}): check that the folder is writable.', name, dir, reason(e));
}

const reason = (e: unknown): string => (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
