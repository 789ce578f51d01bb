import * as vscode from 'vscode';
import type { ClientEvent } from '../core/client';
import { AisaError, cancelledError, describeError } from '../core/errors';
import type { GenerationResult } from '../core/client';
import type { GenerationOutcome, Progress, SaveOptions } from '../core/generate';
import type { ImageRecord } from '../core/convert/xmp';
import type { OriginalsStore } from '../core/originals';
import { loadEngine } from './engine';
import type { ValidRequest } from '../core/request';
import { Semaphore } from '../core/semaphore';
import type { ApiKeyStore } from './apiKey';
import { basename } from './paths';
import { readOutputSettings, readSettings } from './settings';
import { AS_GENERATED, type Delivery } from '../core/delivery';
import { vscodeFileSystem } from './vscodeFs';
import type { GenerationTarget } from './workspaceTarget';

export interface FinishedGeneration {
  /** `outcome.saved` holds each image's final path: for a target `file`, that file (or where it went instead). */
  readonly outcome: GenerationOutcome;
  readonly target: GenerationTarget;
  readonly startedAt: number;
  readonly durationMs: number;
  /** When the API handed out the images' links: `startedAt`, or the original generation's for a retry. */
  readonly issuedAt: number;
  /** How the files were written (format, quality, exact size): a retry writes them the same way. */
  readonly delivery: Delivery | undefined;
  /** For a retry: the number of images in the original answer (indexes are the original's too). */
  readonly total?: number;
}

/** The part of a paid answer kept to be saved again: its images and where they stood in it. */
export interface KeptAnswer {
  readonly result: GenerationResult;
  readonly issuedAt: number;
  readonly indexes: readonly number[];
  readonly total: number;
}

type Work = { kind: 'generate' } | { kind: 'resave'; answer: KeptAnswer };

/** A generation that reached the API (or may have) and failed: the history keeps it, with its request id. */
export interface FailedGeneration {
  readonly request: ValidRequest;
  readonly target: GenerationTarget;
  readonly error: AisaError;
  readonly startedAt: number;
  readonly durationMs: number;
}

/**
 * Failures worth a history entry: the API was asked (a request id, or perhaps a bill). Not bad
 * input, a cancel, a missing key, or a connection that never got through: nothing happened there.
 */
export function reachedTheApi(e: AisaError): boolean {
  if (e.kind === 'input' || e.kind === 'cancelled' || e.kind === 'unsupported_model' || e.kind === 'invalid_key')
    return false;
  if (e.kind === 'network') return e.mayHaveBilled;
  return true;
}

export interface RunOptions {
  /** The format, quality and exact size of the saved files; PNG at its own size when left out. */
  delivery?: Delivery;
  signal?: AbortSignal;
  /** Scripted runs (tests, keybindings with arguments) must not stop to ask for a key. */
  interactive?: boolean;
  onProgress?: (p: Progress) => void;
}

/**
 * The one place generations run, for the palette flow and the panel alike: one concurrency
 * cap, one log, one event that history and galleries listen to.
 */
export class GenerationService implements vscode.Disposable {
  private readonly running = new Set<AbortController>();
  private readonly finished = new vscode.EventEmitter<FinishedGeneration>();
  private readonly failed = new vscode.EventEmitter<FailedGeneration>();
  private readonly slots = new Semaphore(2);
  readonly onDidFinish = this.finished.event;
  readonly onDidFail = this.failed.event;

  private originals: OriginalsStore | undefined;

  /** `storage`: where full-size originals are kept (the extension's global storage); none kept without it. */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly apiKey: ApiKeyStore,
    private readonly storage?: vscode.Uri,
  ) {}

  /** The bounded store of full-size originals ("Export as..." later, without paying again). */
  async originalsStore(): Promise<OriginalsStore | undefined> {
    if (!this.originals && this.storage?.scheme === 'file') {
      const { OriginalsStore: Store, nodeOriginalsFs } = await loadEngine();
      this.originals ??= new Store(nodeOriginalsFs, vscode.Uri.joinPath(this.storage, 'originals').fsPath, {
        capBytes: readOutputSettings().originalsMaxBytes,
      });
    }
    return this.originals;
  }

  private async originalsFor(settings: {
    readonly originalsMaxBytes: number;
  }): Promise<((bytes: Uint8Array, record: ImageRecord) => Promise<string | undefined>) | undefined> {
    const store = await this.originalsStore();
    if (!store || settings.originalsMaxBytes <= 0) return undefined;
    return async (bytes, record) => {
      await store.setCap(settings.originalsMaxBytes);
      return store.put(bytes, record);
    };
  }

  /** Undefined when the user declined to enter a key. */
  run(request: ValidRequest, target: GenerationTarget, opts: RunOptions = {}): Promise<GenerationOutcome | undefined> {
    return this.execute(request, target, opts, { kind: 'generate' });
  }

  /**
   * Saves images of an earlier, paid answer again (Retry Saving): the same queue, log, PNG text
   * chunks and events as a generation, and no request to the API. `answer.issuedAt` is when its
   * links were handed out (their expiry counts from there), and names the files as they would
   * have been named then.
   */
  resave(
    request: ValidRequest,
    target: GenerationTarget,
    answer: KeptAnswer,
    opts: RunOptions = {},
  ): Promise<GenerationOutcome | undefined> {
    return this.execute(request, target, { ...opts, interactive: false }, { kind: 'resave', answer });
  }

  private async execute(
    request: ValidRequest,
    target: GenerationTarget,
    opts: RunOptions,
    work: Work,
  ): Promise<GenerationOutcome | undefined> {
    const key =
      work.kind === 'resave' ? '' : opts.interactive === false ? await this.apiKey.get() : await this.apiKey.ensure();
    if (key === undefined) {
      if (opts.interactive === false)
        throw new AisaError('invalid_key', 'No AIsa API key is set: run "AIsa: Set API Key" first.');
      return undefined;
    }
    const settings = { ...readSettings(target.folder.uri), ...readOutputSettings(target.folder.uri) };
    this.slots.setLimit(settings.maxConcurrentRequests);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) controller.abort();
    this.track(controller, true);
    const startedAt = Date.now();
    const issuedAt = work.kind === 'resave' ? work.answer.issuedAt : startedAt;
    try {
      const { AisaClient, annotateGeneratedImage, generateAndSave, saveImages, webReadyTransform } = await loadEngine();
      const save: SaveOptions = {
        fs: vscodeFileSystem,
        outDir: target.outDir.toString(),
        // Checked when each file is written, against the workspace folder: the folder may have become a link meanwhile.
        scope: { root: target.folder.uri.toString() },
        ...(target.file ? { exactName: basename(target.file) } : {}),
        signal: controller.signal,
        annotate: annotateGeneratedImage,
        transform: webReadyTransform({
          ...(opts.delivery ?? AS_GENERATED),
          keepOriginal: await this.originalsFor(settings),
        }),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      };
      const into = (target.file ?? target.outDir).toString(true);
      const outcome = await this.slots
        .use(() => {
          if (work.kind === 'resave') {
            const { answer } = work;
            this.log.info(
              `retry saving ${answer.result.images.length} image(s) of "${request.prompt.slice(0, 40)}" into ${into}`,
            );
            return saveImages(request, answer.result, {
              ...save,
              now: () => new Date(issuedAt),
              indexes: answer.indexes,
              total: answer.total,
            });
          }
          const client = new AisaClient({
            baseUrl: settings.baseUrl,
            geminiApiVersion: settings.geminiApiVersion,
            apiKey: key,
            timeoutMs: settings.requestTimeoutSeconds * 1000,
            onEvent: (e) => this.logEvent(e),
          });
          this.log.info(`generate: model=${request.model} size=${request.size} n=${request.n} into ${into}`);
          return generateAndSave(request, { ...save, client });
        }, controller.signal)
        .catch((e: unknown) => {
          throw controller.signal.aborted ? cancelledError() : e;
        });
      for (const s of outcome.saved)
        this.log.info(`saved ${vscode.Uri.parse(s.path).toString(true)} (${s.mime}, ${s.bytes} bytes)`);
      for (const u of outcome.unsaved) this.log.warn(`image ${u.index + 1} not saved: ${u.error.message}`);
      const durationMs = Date.now() - startedAt;
      this.log.info(`done in ${durationMs} ms: ${outcome.saved.length} saved, ${outcome.unsaved.length} not saved`);
      this.finished.fire({
        outcome,
        target,
        startedAt,
        durationMs,
        issuedAt,
        delivery: opts.delivery,
        ...(work.kind === 'resave' ? { total: work.answer.total } : {}),
      });
      return outcome;
    } catch (e) {
      this.log.error(`generation failed: ${describeError(e)}`);
      if (work.kind === 'generate' && e instanceof AisaError && reachedTheApi(e))
        this.failed.fire({ request, target, error: e, startedAt, durationMs: Date.now() - startedAt });
      throw e;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      this.track(controller, false);
    }
  }

  cancelAll(): number {
    const n = this.running.size;
    for (const c of this.running) c.abort();
    return n;
  }

  private track(controller: AbortController, add: boolean): void {
    if (add) this.running.add(controller);
    else this.running.delete(controller);
    void vscode.commands.executeCommand('setContext', 'aisaImages.generating', this.running.size > 0);
  }

  private logEvent(e: ClientEvent): void {
    if (e.type === 'request') this.log.info(`${e.route} attempt ${e.attempt + 1}`);
    else if (e.type === 'response')
      this.log.info(
        `${e.route} -> ${e.status} in ${e.durationMs} ms${e.requestId ? ` (request id ${e.requestId})` : ''}`,
      );
    else this.log.warn(`${e.route}: ${e.reason}, retry ${e.attempt} in ${e.delayMs} ms`);
  }

  dispose(): void {
    this.cancelAll();
    this.finished.dispose();
    this.failed.dispose();
  }
}
