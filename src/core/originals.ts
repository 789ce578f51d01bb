/**
 * The full-size original of each generation, kept so that another size or format can be made
 * later without paying again ("Export as..."). Bounded: past a byte cap the least recently used
 * originals are deleted. The extension gives it its storage folder through the same kind of
 * small file interface as saving (files.ts); the CLI and tests give it node:fs.
 *
 * On disk: `<id>.<ext>` per original, and the index as `index-<seq>.json`, each version under
 * a new name (written whole, then the older ones deleted), so a crash mid-write never loses
 * the index: the newest one that parses wins, and files it does not list are swept.
 */
import type { ImageRecord } from './convert/xmp';
import { inspectImage, isAvif } from './imageType';

export interface OriginalsFs {
  join(dir: string, name: string): string;
  mkdirp(dir: string): Promise<void>;
  /** May refuse to replace an existing file: every name written here is new. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  delete(path: string): Promise<void>;
  /** Names (not paths) of the files in `dir`; [] when it does not exist. */
  list(dir: string): Promise<string[]>;
}

export interface OriginalEntry {
  readonly id: string;
  readonly file: string;
  readonly bytes: number;
  readonly mime: string;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly record: ImageRecord;
  readonly storedAt: number;
  lastUsed: number;
}

interface IndexFile {
  readonly version: 1;
  readonly entries: OriginalEntry[];
}

const INDEX = /^index-(\d{1,15})\.json$/;
const ORIGINAL = /^[a-z0-9]{8,40}\.(png|jpg|webp|avif)$/;

export interface OriginalsOptions {
  /** Bytes the originals may take in all; 0 keeps none. */
  capBytes: number;
  now?: () => number;
  newId?: () => string;
}

const randomId = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`.toLowerCase();

export class OriginalsStore {
  private entries: OriginalEntry[] | undefined;
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private capBytes: number;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(
    private readonly fs: OriginalsFs,
    private readonly dir: string,
    opts: OriginalsOptions,
  ) {
    this.capBytes = Math.max(0, opts.capBytes);
    this.now = opts.now ?? Date.now;
    this.newId = opts.newId ?? randomId;
  }

  /** One operation at a time: the index is read, changed and written whole. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<OriginalEntry[]> {
    if (this.entries) return this.entries;
    await this.fs.mkdirp(this.dir);
    const names = await this.fs.list(this.dir);
    const indexes = names
      .flatMap((n) => {
        const m = INDEX.exec(n);
        return m ? [{ name: n, seq: Number(m[1]) }] : [];
      })
      .sort((a, b) => b.seq - a.seq);
    let entries: OriginalEntry[] = [];
    for (const ix of indexes) {
      try {
        const parsed = JSON.parse(
          new TextDecoder().decode(await this.fs.readFile(this.fs.join(this.dir, ix.name))),
        ) as IndexFile;
        if (parsed.version === 1 && Array.isArray(parsed.entries)) {
          entries = parsed.entries.filter(
            (e) =>
              typeof e.id === 'string' &&
              typeof e.file === 'string' &&
              ORIGINAL.test(e.file) &&
              Number.isFinite(e.bytes),
          );
          this.seq = ix.seq;
          break;
        }
      } catch {
        // torn or foreign: try the one before
      }
    }
    const present = new Set(names);
    entries = entries.filter((e) => present.has(e.file));
    const listed = new Set(entries.map((e) => e.file));
    // Originals no index lists (a crash between writing one and the index), and old indexes.
    for (const n of names) {
      if (
        (ORIGINAL.test(n) && !listed.has(n)) ||
        (INDEX.test(n) && Number(INDEX.exec(n)?.[1]) !== this.seq) ||
        n.endsWith('.part')
      ) {
        await this.fs.delete(this.fs.join(this.dir, n)).catch(() => undefined);
      }
    }
    this.entries = entries;
    return entries;
  }

  private async saveIndex(entries: OriginalEntry[]): Promise<void> {
    const previous = this.seq;
    this.seq = previous + 1;
    const body: IndexFile = { version: 1, entries };
    await this.fs.writeFile(
      this.fs.join(this.dir, `index-${this.seq}.json`),
      new TextEncoder().encode(JSON.stringify(body)),
    );
    if (previous > 0) await this.fs.delete(this.fs.join(this.dir, `index-${previous}.json`)).catch(() => undefined);
  }

  /** Deletes least recently used originals until the total fits the cap. */
  private async evict(entries: OriginalEntry[]): Promise<void> {
    entries.sort((a, b) => b.lastUsed - a.lastUsed);
    let total = entries.reduce((n, e) => n + e.bytes, 0);
    while (total > this.capBytes && entries.length) {
      const gone = entries.pop();
      if (!gone) break;
      total -= gone.bytes;
      await this.fs.delete(this.fs.join(this.dir, gone.file)).catch(() => undefined);
    }
  }

  /**
   * Keeps `bytes` (PNG, JPEG, WebP or AVIF) with its record; returns its id, or undefined when
   * it alone is larger than the cap (or the cap is 0), in which case nothing is written.
   */
  put(bytes: Uint8Array, record: ImageRecord): Promise<string | undefined> {
    return this.serial(async () => {
      const entries = await this.load();
      if (bytes.length > this.capBytes) return undefined;
      const info = inspectImage(bytes);
      const ext = info?.ext ?? (isAvif(bytes) ? 'avif' : undefined);
      if (!ext) return undefined;
      const id = this.newId();
      const file = `${id}.${ext}`;
      await this.fs.writeFile(this.fs.join(this.dir, file), bytes);
      const at = this.now();
      entries.push({
        id,
        file,
        bytes: bytes.length,
        mime: info?.mime ?? 'image/avif',
        width: info?.width,
        height: info?.height,
        record,
        storedAt: at,
        lastUsed: at,
      });
      await this.evict(entries);
      await this.saveIndex(entries);
      return entries.some((e) => e.id === id) ? id : undefined;
    });
  }

  /** The original's bytes and entry, marking it used; undefined when it was evicted (or never kept). */
  get(id: string): Promise<{ bytes: Uint8Array; entry: OriginalEntry } | undefined> {
    return this.serial(async () => {
      const entries = await this.load();
      const entry = entries.find((e) => e.id === id);
      if (!entry) return undefined;
      let bytes: Uint8Array;
      try {
        bytes = await this.fs.readFile(this.fs.join(this.dir, entry.file));
      } catch {
        entries.splice(entries.indexOf(entry), 1);
        await this.saveIndex(entries);
        return undefined;
      }
      entry.lastUsed = this.now();
      await this.saveIndex(entries);
      return { bytes, entry };
    });
  }

  /** Every kept original, most recently used first. */
  list(): Promise<readonly OriginalEntry[]> {
    return this.serial(async () => [...(await this.load())].sort((a, b) => b.lastUsed - a.lastUsed));
  }

  totalBytes(): Promise<number> {
    return this.serial(async () => (await this.load()).reduce((n, e) => n + e.bytes, 0));
  }

  /** A new cap (the setting changed): evicts at once if the originals no longer fit. */
  setCap(capBytes: number): Promise<void> {
    return this.serial(async () => {
      this.capBytes = Math.max(0, capBytes);
      const entries = await this.load();
      const before = entries.length;
      await this.evict(entries);
      if (entries.length !== before) await this.saveIndex(entries);
    });
  }
}
