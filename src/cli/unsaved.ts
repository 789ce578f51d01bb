import os from 'node:os';
import path from 'node:path';
import { decodeInline } from '../core/download';
import type { GenerationOutcome } from '../core/generate';
import { chmod, lstat, mkdir, writeFile } from 'node:fs/promises';
import { saveNew, type FileSystem } from '../core/files';
import { linkExpiry } from '../core/linkExpiry';
import { baseName } from '../core/naming';
import { nodeFileSystem } from '../core/nodeFs';

/** What the CLI can still tell or do about an image that was paid for but not saved. */
export interface UnsavedReport {
  readonly index: number;
  readonly error: string;
  /** The short-lived link, for images served as links. */
  readonly url: string | null;
  /** When that link stops working (ISO 8601), and whether the link itself says so. */
  readonly expiresAt: string | null;
  readonly expiryKnown: boolean;
  /** Where an image that came as bytes was kept instead, since nothing else holds them once the process exits. */
  readonly keptAt: string | null;
}

/** Per user: in a shared temp dir, another user must neither read these images nor plant the folder. */
export const UNSAVED_FOLDER = (): string =>
  path.join(os.tmpdir(), `aisa-image-unsaved-${process.getuid?.() ?? os.userInfo().username}`);

/**
 * node:fs for the rescue folder: created 0700 and refused unless it is a real folder of this
 * user's with no access for others (one planted by someone else, or a link, is not used); files 0600.
 */
export const rescueFileSystem: FileSystem = {
  ...nodeFileSystem,
  async mkdirp(dir) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const st = await lstat(dir);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid))
      throw Object.assign(new Error(`${dir} is not a folder of this user's`), { code: 'EPERM' });
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) await chmod(dir, 0o700);
  },
  writeFile: (p, data) => writeFile(p, data, { flag: 'wx', mode: 0o600 }),
};

/**
 * A link can be fetched again until it expires, so it is listed; bytes that came inline exist
 * only in this process, so they are written to a folder of the temp dir before it exits.
 */
export async function rescueUnsaved(outcome: GenerationOutcome, folder = UNSAVED_FOLDER()): Promise<UnsavedReport[]> {
  const createdMs = outcome.result.created * 1000;
  const total = outcome.result.images.length;
  return Promise.all(
    outcome.unsaved.map(async (u): Promise<UnsavedReport> => {
      if (u.image.kind === 'url') {
        const expiry = linkExpiry(u.image.url, createdMs);
        return {
          index: u.index,
          error: u.error.message,
          url: u.image.url,
          expiresAt: new Date(expiry.at).toISOString(),
          expiryKnown: expiry.known,
          keptAt: null,
        };
      }
      let keptAt: string | null = null;
      try {
        const image = decodeInline(u.image.base64);
        keptAt = await saveNew(
          rescueFileSystem,
          folder,
          baseName(outcome.request.prompt, new Date(createdMs), u.index, total),
          image.info.ext,
          image.bytes,
        );
      } catch {
        // Bytes that are not an image, or a temp dir that cannot be written: nothing left to keep.
      }
      return { index: u.index, error: u.error.message, url: null, expiresAt: null, expiryKnown: false, keptAt };
    }),
  );
}

/** One sentence per image, for stderr. */
export function describeUnsaved(r: UnsavedReport, total: number): string {
  const head = `image ${r.index + 1} of ${total} was generated but not saved: ${r.error}`;
  if (r.keptAt) return `${head} It was kept at ${r.keptAt}; move it where you want it.`;
  if (r.url) {
    const until = r.expiryKnown
      ? `until ${r.expiresAt}`
      : `for a limited time (about a day, until around ${r.expiresAt})`;
    return `${head} Its short-lived link works ${until}: ${r.url}`;
  }
  return `${head} Its bytes could not be kept.`;
}
