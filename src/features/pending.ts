import * as vscode from 'vscode';
import { AisaError, describeError } from '../core/errors';
import { linkExpiry } from '../core/linkExpiry';
import { findModel } from '../core/models';
import type { ValidRequest } from '../core/request';
import type { RemoteImage } from '../core/routes/types';
import { combine } from '../dispose';
import type { Deps } from './deps';
import type { FinishedGeneration } from './generationService';
import { basename } from './paths';
import { runPipeline } from './pipeline/pipeline';
import { AS_GENERATED, type Delivery } from '../core/delivery';
import type { GenerationTarget } from './workspaceTarget';

/** A generated, paid-for image that is not on disk yet. */
export interface PendingImage {
  readonly id: string;
  readonly prompt: string;
  readonly model: string;
  /** The request's size and count, so a retry saves (and annotates) it as the generation would have. */
  readonly size?: string;
  readonly n?: number;
  readonly requestId?: string;
  readonly outDir: string;
  /** The file name in outDir a document refers to (the quick fix), tried first when saving. */
  readonly exactName?: string;
  /** How it is to be written (format, quality, exact size), as the generation asked. */
  readonly delivery?: Delivery;
  /** When the API handed out the links; names and expiry count from here. */
  readonly createdAt: number;
  readonly index: number;
  readonly total: number;
  readonly expiresAt: number;
  readonly expiryKnown: boolean;
  /** A link to fetch again, or a file in extension storage holding inline bytes. */
  readonly source: { kind: 'url'; url: string } | { kind: 'stored'; uri: string };
  readonly lastError: string;
}

const KEY = 'aisaImages.pending';

export interface RetryResult {
  saved: string[];
  remaining: number;
  expired: number;
}

/** A link the host says is gone (HTTP 403/404/410 on download) will not come back. */
const gone = (e: AisaError): boolean =>
  e.kind === 'download' && (e.status === 403 || e.status === 404 || e.status === 410);

/** Kept per workspace until saved or expired, so nothing paid for is lost to a cancel or a disk error. */
export class PendingImages {
  private adding: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: vscode.Memento,
    private readonly storage: vscode.Uri | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  settled(): Promise<unknown> {
    return this.adding;
  }

  list(now = Date.now()): PendingImage[] {
    return this.state.get<PendingImage[]>(KEY, []).filter((p) => p.expiresAt > now);
  }

  private async write(items: PendingImage[]): Promise<void> {
    await this.state.update(KEY, items);
    await vscode.commands.executeCommand('setContext', 'aisaImages.hasPending', items.length > 0);
  }

  /** Queued, so a retry right after a generation sees what that generation left; a failure is logged. */
  addFrom(done: FinishedGeneration): Promise<unknown> {
    this.adding = this.adding
      .then(() => this.add(done))
      .catch((e: unknown) => this.log.error(`could not keep unsaved images: ${describeError(e)}`));
    return this.adding;
  }

  private async add(done: FinishedGeneration): Promise<void> {
    const { outcome, target } = done;
    const keep = outcome.unsaved.filter((u) => !gone(u.error));
    if (!keep.length) return;
    const added: PendingImage[] = [];
    for (const u of keep) {
      const source = await this.sourceFor(u.image);
      if (!source) continue;
      const expiry =
        source.kind === 'url'
          ? linkExpiry(source.url, done.issuedAt)
          : { at: done.issuedAt + 7 * 24 * 3600_000, known: true };
      const { request, result } = outcome;
      added.push({
        id: `${done.issuedAt.toString(36)}-${u.index}`,
        prompt: request.prompt,
        model: request.model,
        size: request.size,
        n: request.n,
        ...(result.requestId ? { requestId: result.requestId } : {}),
        outDir: target.outDir.toString(),
        ...(done.delivery ? { delivery: done.delivery } : {}),
        ...(target.file && u.index === 0 ? { exactName: basename(target.file) } : {}),
        createdAt: done.issuedAt,
        index: u.index,
        total: done.total ?? result.images.length,
        expiresAt: expiry.at,
        expiryKnown: expiry.known,
        source,
        lastError: u.error.message,
      });
    }
    this.log.warn(`${added.length} generated image(s) kept to retry saving (AIsa: Retry Saving Pending Images)`);
    await this.write([...this.list(), ...added]);
  }

  private async sourceFor(image: RemoteImage): Promise<PendingImage['source'] | undefined> {
    if (image.kind === 'url') return { kind: 'url', url: image.url };
    if (!this.storage) return undefined;
    const dir = vscode.Uri.joinPath(this.storage, 'pending');
    await vscode.workspace.fs.createDirectory(dir);
    const file = vscode.Uri.joinPath(dir, `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.b64`);
    await vscode.workspace.fs.writeFile(file, Buffer.from(image.base64, 'utf8'));
    return { kind: 'stored', uri: file.toString() };
  }

  /** Takes every live item out of the store, grouped by the answer it came from; expired ones are dropped. */
  async take(now = Date.now()): Promise<{ groups: PendingImage[][]; expired: number }> {
    await this.adding;
    const all = this.state.get<PendingImage[]>(KEY, []);
    const live = all.filter((p) => p.expiresAt > now);
    await this.write([]);
    const groups = new Map<string, PendingImage[]>();
    for (const p of live) {
      const key = `${p.createdAt}\n${p.outDir}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    // The image saved under a document's exact name goes first: only the first of an answer may take it.
    const ordered = [...groups.values()].map((g) =>
      g.sort((a, b) => Number(!!b.exactName) - Number(!!a.exactName) || a.index - b.index),
    );
    return { groups: ordered, expired: all.length - live.length };
  }

  /** Puts items back that could not even be tried (their folder is not open, a stored file is unreadable). */
  async putBack(items: readonly PendingImage[], why: string): Promise<void> {
    await this.adding;
    await this.write([...this.list(), ...items.map((p) => ({ ...p, lastError: why }))]);
  }

  async discardStored(items: readonly PendingImage[]): Promise<void> {
    for (const p of items) {
      if (p.source.kind === 'stored')
        await vscode.workspace.fs.delete(vscode.Uri.parse(p.source.uri)).then(undefined, () => undefined);
    }
  }
}

/** The request and answer a group of kept images came from, as the pipeline saves them. */
async function keptAnswer(group: readonly PendingImage[]): Promise<{ request: ValidRequest; images: RemoteImage[] }> {
  const first = group[0];
  const modelInfo = first && findModel(first.model);
  if (!first || !modelInfo)
    throw new AisaError(
      'input',
      vscode.l10n.t('The model {0} of these images is no longer known.', first?.model ?? ''),
    );
  const images = await Promise.all(
    group.map(async (p): Promise<RemoteImage> =>
      p.source.kind === 'url'
        ? { kind: 'url', url: p.source.url }
        : {
            kind: 'inline',
            base64: Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.parse(p.source.uri))).toString('utf8'),
          },
    ),
  );
  return {
    request: { model: first.model, modelInfo, prompt: first.prompt, n: first.n ?? first.total, size: first.size ?? '' },
    images,
  };
}

function targetOf(group: readonly PendingImage[]): GenerationTarget | undefined {
  const first = group[0];
  if (!first) return undefined;
  const outDir = vscode.Uri.parse(first.outDir);
  const folder = vscode.workspace.getWorkspaceFolder(outDir);
  if (!folder) return undefined;
  return { folder, outDir, ...(first.exactName ? { file: vscode.Uri.joinPath(outDir, first.exactName) } : {}) };
}

/**
 * Retry Saving: each kept answer goes through the one pipeline again (queue, log, PNG text
 * chunks, history), with no request to the API; what still fails is kept again by `addFrom`.
 */
export async function retryPending(deps: Deps, pending: PendingImages, signal?: AbortSignal): Promise<RetryResult> {
  const { groups, expired } = await pending.take();
  const saved: string[] = [];
  for (const group of groups) {
    const target = targetOf(group);
    if (!target) {
      await pending.putBack(
        group,
        vscode.l10n.t('Its folder is not in an open workspace folder: open that folder and retry.'),
      );
      continue;
    }
    try {
      const { request, images } = await keptAnswer(group);
      const first = group[0] as PendingImage;
      const answer = {
        result: {
          model: request.model,
          created: Math.floor(first.createdAt / 1000),
          images,
          ...(first.requestId ? { requestId: first.requestId } : {}),
        },
        issuedAt: first.createdAt,
        indexes: group.map((p) => p.index),
        total: first.total,
      };
      const outcome = await runPipeline(deps, {
        caller: 'script',
        target: () => Promise.resolve(target),
        source: { kept: { request, answer, delivery: first.delivery ?? AS_GENERATED } },
        ...(signal ? { signal } : {}),
        deliver: (done) => done.outcome,
      });
      for (const s of outcome?.saved ?? []) saved.push(s.path);
      // What failed again was stored anew by addFrom; the old copies go.
      await pending.settled();
      await pending.discardStored(group);
    } catch (e) {
      const message = describeError(e);
      deps.log.warn(
        `retry saving ${group.length} image(s) of "${group[0]?.prompt.slice(0, 40) ?? ''}" failed: ${message}`,
      );
      await pending.putBack(group, message);
    }
  }
  const remaining = pending.list().length;
  return { saved, remaining, expired };
}

export function registerPending(deps: Deps): vscode.Disposable {
  const pending = new PendingImages(
    deps.context.workspaceState,
    deps.context.storageUri ?? deps.context.globalStorageUri,
    deps.log,
  );
  void vscode.commands.executeCommand('setContext', 'aisaImages.hasPending', pending.list().length > 0);
  return combine(
    deps.service.onDidFinish((done) => void pending.addFrom(done)),
    vscode.commands.registerCommand('aisaImages.retryPending', async (): Promise<RetryResult> => {
      await pending.settled();
      const count = pending.list().length;
      if (!count) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No generated images are waiting to be saved.'));
        return { saved: [], remaining: 0, expired: 0 };
      }
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title:
            count === 1
              ? vscode.l10n.t('AIsa: saving 1 pending image...')
              : vscode.l10n.t('AIsa: saving {0} pending images...', count),
          cancellable: true,
        },
        (_p, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return retryPending(deps, pending, controller.signal);
        },
      );
      const parts = [
        result.saved.length === 1
          ? vscode.l10n.t('Saved 1 pending image.')
          : vscode.l10n.t('Saved {0} pending images.', result.saved.length),
      ];
      if (result.remaining) parts.push(vscode.l10n.t('{0} still could not be saved (see the log).', result.remaining));
      if (result.expired) parts.push(vscode.l10n.t('{0} had expired links and are gone.', result.expired));
      const report = parts.join(' ');
      void (result.remaining ? vscode.window.showWarningMessage(report) : vscode.window.showInformationMessage(report));
      return result;
    }),
  );
}
