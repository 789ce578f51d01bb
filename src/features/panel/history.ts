import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { lazy } from '../../core/lazy';
import type { GenerationOutcome } from '../../core/generate';
import type { FailedGeneration, FinishedGeneration } from '../generationService';

/** One generation as stored: enough to list it, find its files and run it again. */
export interface HistoryRecord {
  readonly id: string;
  readonly prompt: string;
  readonly model: string;
  /** Canonical, in the model's own form ('' for models without a size). */
  readonly size: string;
  readonly n: number;
  /** URI strings of the saved files, in image order. */
  readonly files: readonly string[];
  /** Indexes (0-based) of `files` within the request; same length as `files`. */
  readonly indexes: readonly number[];
  readonly unsaved: number;
  readonly costUsd?: number;
  readonly createdAt: number;
  readonly durationMs: number;
  readonly requestId?: string;
  /** URI string of the workspace folder it was saved into. */
  readonly folder: string;
  /** Set when the generation failed: what the user was told (no files then). */
  readonly error?: string;
  /** With `error`: whether it may still have been billed (a 500, a timeout, an unreadable answer). */
  readonly mayHaveBilled?: boolean;
  /** URI strings of the images it was edited or composed from, so Again uses them again. */
  readonly references?: readonly string[];
  /**
   * Per file (same length as `files`), the id of its full-size original in the originals store
   * ('' when none was kept): what "Export as..." converts from. Absent: none kept.
   */
  readonly originals?: readonly string[];
  /** Made by "Export as..." from this record's original, not generated: nothing was billed. */
  readonly exportedFrom?: string;
  /** An export's own WIDTHxHEIGHT (`size` stays the generation's, which Again repeats). */
  readonly exportedSize?: string;
}

const sourcesOf = (request: {
  readonly references?: readonly { readonly source?: string }[];
}): { references?: string[] } => {
  const refs = request.references?.flatMap((r) => (r.source ? [r.source] : [])) ?? [];
  return refs.length ? { references: refs } : {};
};

const FileSchema = lazy(() => {
  const RecordSchema = z.object({
    id: z.string(),
    prompt: z.string(),
    model: z.string(),
    size: z.string(),
    n: z.number(),
    files: z.array(z.string()),
    indexes: z.array(z.number()),
    unsaved: z.number(),
    costUsd: z.optional(z.number()),
    createdAt: z.number(),
    durationMs: z.number(),
    requestId: z.optional(z.string()),
    folder: z.string(),
    error: z.optional(z.string()),
    mayHaveBilled: z.optional(z.boolean()),
    references: z.optional(z.array(z.string())),
    originals: z.optional(z.array(z.string())),
    exportedFrom: z.optional(z.string()),
    exportedSize: z.optional(z.string()),
  });

  return z.object({ version: z.literal(1), entries: z.array(RecordSchema) });
});

export const HISTORY_FILE = 'generations.json';
export const MAX_ENTRIES = 500;

export function recordFrom(f: FinishedGeneration, id: string = randomUUID()): HistoryRecord {
  const { outcome } = f;
  return {
    id,
    prompt: outcome.request.prompt,
    model: outcome.request.model,
    size: outcome.request.size,
    n: outcome.request.n,
    files: outcome.saved.map((s) => s.path),
    indexes: outcome.saved.map((s) => s.index),
    unsaved: outcome.unsaved.length,
    ...(outcome.costUsd === undefined ? {} : { costUsd: outcome.costUsd }),
    createdAt: f.startedAt,
    durationMs: f.durationMs,
    ...(outcome.result.requestId ? { requestId: outcome.result.requestId } : {}),
    folder: f.target.folder.uri.toString(),
    ...sourcesOf(outcome.request),
    ...(outcome.saved.some((s) => s.originalId) ? { originals: outcome.saved.map((s) => s.originalId ?? '') } : {}),
  };
}

/** What "Export as..." made from one file of `from`: a record of its own, so it lists, opens and exports like any. */
export function exportRecord(
  from: HistoryRecord,
  exported: { readonly path: string; readonly originalId: string; readonly width: number; readonly height: number },
  startedAt: number,
  id: string = randomUUID(),
): HistoryRecord {
  return {
    id,
    prompt: from.prompt,
    model: from.model,
    size: from.size,
    n: 1,
    files: [exported.path],
    indexes: [0],
    unsaved: 0,
    costUsd: 0,
    createdAt: startedAt,
    durationMs: Date.now() - startedAt,
    ...(from.requestId ? { requestId: from.requestId } : {}),
    folder: from.folder,
    originals: [exported.originalId],
    exportedFrom: from.id,
    exportedSize: `${exported.width}x${exported.height}`,
  };
}

export function failureRecord(f: FailedGeneration, id: string = randomUUID()): HistoryRecord {
  const { request, error } = f;
  return {
    id,
    prompt: request.prompt,
    model: request.model,
    size: request.size,
    n: request.n,
    files: [],
    indexes: [],
    unsaved: 0,
    createdAt: f.startedAt,
    durationMs: f.durationMs,
    ...(error.requestId ? { requestId: error.requestId } : {}),
    folder: f.target.folder.uri.toString(),
    error: error.message,
    mayHaveBilled: error.mayHaveBilled,
    ...sourcesOf(request),
  };
}

interface Log {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Every generation of this workspace, newest first, in a JSON file under the extension's
 * per-workspace storage, so it survives restarts. It records from the generation service's
 * `onDidFinish`, so the palette flow's generations are listed as well as the panel's.
 */
export class HistoryStore implements vscode.Disposable {
  private entries: HistoryRecord[] = [];
  private readonly byOutcome = new WeakMap<GenerationOutcome, HistoryRecord>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly loaded: Promise<void>;
  private saving: Promise<void> = Promise.resolve();
  readonly onDidChange = this.changed.event;

  /** `dir` undefined (no workspace open): kept in memory only. */
  constructor(
    private readonly dir: vscode.Uri | undefined,
    private readonly log: Log,
  ) {
    this.loaded = this.load();
  }

  private get file(): vscode.Uri | undefined {
    return this.dir && vscode.Uri.joinPath(this.dir, HISTORY_FILE);
  }

  private async load(): Promise<void> {
    const file = this.file;
    if (!file) return;
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      return; // none yet
    }
    try {
      const parsed = FileSchema().safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error('unexpected shape');
      // Records added while loading go first (they are newer).
      const stored = parsed.data.entries.map(
        ({
          costUsd,
          requestId,
          error,
          mayHaveBilled,
          references,
          originals,
          exportedFrom,
          exportedSize,
          ...rest
        }): HistoryRecord => ({
          ...rest,
          ...(costUsd === undefined ? {} : { costUsd }),
          ...(requestId === undefined ? {} : { requestId }),
          ...(error === undefined ? {} : { error }),
          ...(mayHaveBilled === undefined ? {} : { mayHaveBilled }),
          ...(references === undefined ? {} : { references }),
          ...(originals === undefined ? {} : { originals }),
          ...(exportedFrom === undefined ? {} : { exportedFrom }),
          ...(exportedSize === undefined ? {} : { exportedSize }),
        }),
      );
      this.entries = [...this.entries, ...stored].slice(0, MAX_ENTRIES);
    } catch (e) {
      // Kept aside rather than overwritten, so nothing is lost to a bug or a bad edit.
      const aside = vscode.Uri.joinPath(this.dir as vscode.Uri, `${HISTORY_FILE}.${Date.now()}.bad`);
      this.log.warn(
        `history: ${file.toString(true)} is unreadable (${(e as Error).message}); moved to ${aside.toString(true)}, starting afresh`,
      );
      await vscode.workspace.fs.rename(file, aside, { overwrite: true }).then(undefined, () => undefined);
    }
  }

  /** Resolves once the file has been read. */
  ready(): Promise<void> {
    return this.loaded;
  }

  async all(): Promise<readonly HistoryRecord[]> {
    await this.loaded;
    return this.entries;
  }

  get(id: string): HistoryRecord | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** The record made for an outcome (the service fires onDidFinish before run() returns). */
  recordOf(outcome: GenerationOutcome): HistoryRecord | undefined {
    return this.byOutcome.get(outcome);
  }

  /** Records a finished generation at once (in memory) and saves it in the background. */
  add(f: FinishedGeneration): HistoryRecord {
    const record = recordFrom(f);
    this.byOutcome.set(f.outcome, record);
    return this.insert(record);
  }

  /** A failed generation, so its request id and settings stay at hand (and Again retries it). */
  addFailure(f: FailedGeneration): HistoryRecord {
    return this.insert(failureRecord(f));
  }

  /** A file "Export as..." made (exportRecord). */
  addExport(record: HistoryRecord): HistoryRecord {
    return this.insert(record);
  }

  private insert(record: HistoryRecord): HistoryRecord {
    this.entries = [record, ...this.entries].slice(0, MAX_ENTRIES);
    this.changed.fire();
    void this.save();
    return record;
  }

  /** Writes the file; saves run one after another, each writing the newest list. */
  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      await this.loaded;
      const file = this.file;
      if (!file || !this.dir) return;
      try {
        await vscode.workspace.fs.createDirectory(this.dir);
        const tmp = vscode.Uri.joinPath(this.dir, `${HISTORY_FILE}.tmp`);
        await vscode.workspace.fs.writeFile(
          tmp,
          new TextEncoder().encode(JSON.stringify({ version: 1, entries: this.entries })),
        );
        await vscode.workspace.fs.rename(tmp, file, { overwrite: true });
      } catch (e) {
        this.log.error(`history: could not save ${file.toString(true)}: ${(e as Error).message}`);
      }
    });
    return this.saving;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
