import * as vscode from 'vscode';
import { AisaClient, type ClientEvent } from '../core/client';
import { AisaError, cancelledError, describeError } from '../core/errors';
import { generateAndSave, type GenerationOutcome, type Progress } from '../core/generate';
import { annotateGeneratedImage } from '../core/pngText';
import type { ValidRequest } from '../core/request';
import { Semaphore } from '../core/semaphore';
import type { ApiKeyStore } from './apiKey';
import { basename } from './paths';
import { readSettings } from './settings';
import { vscodeFileSystem } from './vscodeFs';
import type { GenerationTarget } from './workspaceTarget';

export interface FinishedGeneration {
  /** `outcome.saved` holds each image's final path: for a target `file`, that file (or where it went instead). */
  readonly outcome: GenerationOutcome;
  readonly target: GenerationTarget;
  readonly startedAt: number;
  readonly durationMs: number;
}

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
  if (e.kind === 'input' || e.kind === 'cancelled' || e.kind === 'unsupported_model' || e.kind === 'invalid_key') return false;
  if (e.kind === 'network') return e.mayHaveBilled;
  return true;
}

export interface RunOptions {
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

  constructor(private readonly log: vscode.LogOutputChannel, private readonly apiKey: ApiKeyStore) {}

  /** Undefined when the user declined to enter a key. */
  async run(request: ValidRequest, target: GenerationTarget, opts: RunOptions = {}): Promise<GenerationOutcome | undefined> {
    const key = opts.interactive === false ? await this.apiKey.get() : await this.apiKey.ensure();
    if (!key) {
      if (opts.interactive === false) throw new AisaError('invalid_key', 'No AIsa API key is set: run "AIsa: Set API Key" first.');
      return undefined;
    }
    const settings = readSettings(target.folder.uri);
    this.slots.setLimit(settings.maxConcurrentRequests);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) controller.abort();
    this.track(controller, true);
    const startedAt = Date.now();
    try {
      const client = new AisaClient({
        baseUrl: settings.baseUrl,
        geminiApiVersion: settings.geminiApiVersion,
        apiKey: key,
        timeoutMs: settings.requestTimeoutSeconds * 1000,
        onEvent: (e) => this.logEvent(e),
      });
      this.log.info(`generate: model=${request.model} size=${request.size} n=${request.n} into ${(target.file ?? target.outDir).toString(true)}`);
      const outcome = await this.slots.use(
        () => generateAndSave(request, {
          client,
          fs: vscodeFileSystem,
          outDir: target.outDir.toString(),
          scope: { root: target.folder.uri.toString() },
          ...(target.file ? { exactName: basename(target.file) } : {}),
          signal: controller.signal,
          annotate: annotateGeneratedImage,
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        }),
        controller.signal,
      ).catch((e: unknown) => {
        throw controller.signal.aborted ? cancelledError() : e;
      });
      for (const s of outcome.saved) this.log.info(`saved ${vscode.Uri.parse(s.path).toString(true)} (${s.mime}, ${s.bytes} bytes)`);
      for (const u of outcome.unsaved) this.log.warn(`image ${u.index + 1} not saved: ${u.error.message}`);
      const durationMs = Date.now() - startedAt;
      this.log.info(`done in ${durationMs} ms: ${outcome.saved.length} saved, ${outcome.unsaved.length} not saved`);
      this.finished.fire({ outcome, target, startedAt, durationMs });
      return outcome;
    } catch (e) {
      this.log.error(`generation failed: ${describeError(e)}`);
      if (e instanceof AisaError && reachedTheApi(e)) this.failed.fire({ request, target, error: e, startedAt, durationMs: Date.now() - startedAt });
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
    else if (e.type === 'response') this.log.info(`${e.route} -> ${e.status} in ${e.durationMs} ms${e.requestId ? ` (request id ${e.requestId})` : ''}`);
    else this.log.warn(`${e.route}: ${e.reason}, retry ${e.attempt} in ${e.delayMs} ms`);
  }

  dispose(): void {
    this.cancelAll();
    this.finished.dispose();
    this.failed.dispose();
  }
}
