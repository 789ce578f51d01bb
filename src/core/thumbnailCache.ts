/**
 * Small renditions of saved images (convert.ts `thumbnail`, at most 512 px a side), made once
 * per image and kept in a folder of the extension's storage, so a gallery of 2048x2048 images
 * decodes kilobytes, not megapixels. A thumbnail is named for its source file's URI, size and
 * modification time: an edited or replaced image gets a new one, and the stale one is swept
 * with the names no longer in use.
 *
 * Work runs one image at a time, off the caller's path: `ensure` queues it and resolves when it
 * is done. An image that cannot be made is remembered and not tried again in this session; the
 * caller shows the full image instead.
 */
import { createHash } from 'node:crypto';
import type { FileSystem } from './files';
import { tempName } from './files';
import type { OriginalsFs } from './originals';

export type ThumbnailFs = Pick<FileSystem, 'join' | 'mkdirp' | 'writeFile' | 'renameNoReplace' | 'delete'> &
  Pick<OriginalsFs, 'list'>;

const THUMB = /^[0-9a-f]{32}\.webp$/;

/** The thumbnail's file name for a source (its URI string, byte size and modification time). */
export function thumbnailName(source: string, size: number, mtime: number): string {
  return `${createHash('sha256').update(`${source}\n${size}\n${mtime}`).digest('hex').slice(0, 32)}.webp`;
}

export interface ThumbnailCacheOptions {
  /** Makes the rendition; the core's `thumbnail` (WebP, <= 512 px) in the extension and the tests. */
  readonly make: (bytes: Uint8Array) => Promise<Uint8Array>;
}

export class ThumbnailCache {
  private known: Set<string> | undefined;
  private loading: Promise<Set<string>> | undefined;
  private readonly failed = new Set<string>();
  private readonly pending = new Map<string, Promise<boolean>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly fs: ThumbnailFs,
    readonly dir: string,
    private readonly opts: ThumbnailCacheOptions,
  ) {}

  /** Lists the folder once (and drops leftovers of an interrupted write); resolves when `has` can answer. */
  load(): Promise<Set<string>> {
    this.loading ??= (async () => {
      await this.fs.mkdirp(this.dir);
      const names = await this.fs.list(this.dir);
      for (const n of names)
        if (n.endsWith('.part')) await this.fs.delete(this.fs.join(this.dir, n)).catch(() => undefined);
      this.known = new Set(names.filter((n) => THUMB.test(n)));
      return this.known;
    })();
    return this.loading;
  }

  /** Whether the thumbnail exists (false until `load` has finished). */
  has(name: string): boolean {
    return this.known?.has(name) ?? false;
  }

  /** Whether making it failed already: the caller keeps the full image. */
  hasFailed(name: string): boolean {
    return this.failed.has(name);
  }

  path(name: string): string {
    return this.fs.join(this.dir, name);
  }

  /**
   * Makes the thumbnail `name` from the bytes `read` returns, unless it exists: true once it
   * exists, false when it cannot be made (unreadable or undecodable source, full disk).
   */
  ensure(name: string, read: () => Promise<Uint8Array>): Promise<boolean> {
    if (!THUMB.test(name) || this.failed.has(name)) return Promise.resolve(false);
    const inFlight = this.pending.get(name);
    if (inFlight) return inFlight;
    const run = this.queue.then(async () => {
      try {
        const known = await this.load();
        if (known.has(name)) return true;
        const small = await this.opts.make(await read());
        const tmp = this.fs.join(this.dir, tempName());
        await this.fs.writeFile(tmp, small);
        try {
          await this.fs.renameNoReplace(tmp, this.fs.join(this.dir, name));
        } catch (e) {
          await this.fs.delete(tmp).catch(() => undefined);
          // Another window made the same one meanwhile: as good as ours.
          if ((e as { code?: unknown }).code !== 'EEXIST') throw e;
        }
        known.add(name);
        return true;
      } catch {
        this.failed.add(name);
        return false;
      }
    });
    this.queue = run.catch(() => undefined);
    this.pending.set(name, run);
    void run.finally(() => this.pending.delete(name));
    return run;
  }

  /** Deletes every thumbnail whose name is not in `inUse` (its image left the history, or changed). */
  sweep(inUse: ReadonlySet<string>): Promise<number> {
    const run = this.queue.then(async () => {
      const known = await this.load();
      let n = 0;
      for (const name of [...known]) {
        if (inUse.has(name)) continue;
        known.delete(name);
        await this.fs.delete(this.fs.join(this.dir, name)).catch(() => undefined);
        n++;
      }
      return n;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
