import * as vscode from 'vscode';
import { fetchImage } from '../core/download';
import { describeError } from '../core/errors';
import { saveNew } from '../core/files';
import { linkExpiry } from '../core/linkExpiry';
import { baseName } from '../core/naming';
import type { RemoteImage } from '../core/routes/types';
import { saveExactOrBeside } from '../core/saveExact';
import { combine } from '../dispose';
import type { Deps } from './deps';
import type { FinishedGeneration } from './generationService';
import { basename } from './paths';
import { vscodeFileSystem } from './vscodeFs';

/** A generated, paid-for image that is not on disk yet. */
export interface PendingImage {
  readonly id: string;
  readonly prompt: string;
  readonly model: string;
  readonly outDir: string;
  /** The file name in outDir a document refers to (the quick fix), tried first when saving. */
  readonly exactName?: string;
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

/** Kept per workspace until saved or expired, so nothing paid for is lost to a cancel or a disk error. */
export class PendingImages {
  private adding: Promise<unknown> = Promise.resolve();

  constructor(private readonly state: vscode.Memento, private readonly storage: vscode.Uri | undefined, private readonly log: vscode.LogOutputChannel) {}

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

  /** Queued, so a retry right after a generation sees what that generation left. */
  addFrom(done: FinishedGeneration): Promise<void> {
    const next = this.adding.then(() => this.add(done));
    this.adding = next.catch((e: unknown) => this.log.error(`could not keep unsaved images: ${describeError(e)}`));
    return next;
  }

  private async add(done: FinishedGeneration): Promise<void> {
    const { outcome, target } = done;
    if (!outcome.unsaved.length) return;
    const added: PendingImage[] = [];
    for (const u of outcome.unsaved) {
      const source = await this.sourceFor(u.image);
      if (!source) continue;
      const expiry = source.kind === 'url' ? linkExpiry(source.url, done.startedAt) : { at: done.startedAt + 7 * 24 * 3600_000, known: true };
      added.push({
        id: `${done.startedAt.toString(36)}-${u.index}`,
        prompt: outcome.request.prompt,
        model: outcome.request.model,
        outDir: target.outDir.toString(),
        ...(target.file && u.index === 0 ? { exactName: basename(target.file) } : {}),
        createdAt: done.startedAt,
        index: u.index,
        total: outcome.result.images.length,
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

  async retry(signal?: AbortSignal): Promise<RetryResult> {
    await this.adding;
    const now = Date.now();
    const all = this.state.get<PendingImage[]>(KEY, []);
    const expired = all.filter((p) => p.expiresAt <= now).length;
    const keep: PendingImage[] = [];
    const saved: string[] = [];
    for (const p of all.filter((x) => x.expiresAt > now)) {
      try {
        const image: RemoteImage = p.source.kind === 'url'
          ? { kind: 'url', url: p.source.url }
          : { kind: 'inline', base64: Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.parse(p.source.uri))).toString('utf8') };
        const { bytes, info } = await fetchImage(image, signal ? { signal } : {});
        const base = baseName(p.prompt, new Date(p.createdAt), p.index, p.total);
        // Checked when written, against the workspace folder: the stored folder may have become a link since.
        const scope = { root: vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(p.outDir))?.uri.toString() ?? p.outDir };
        saved.push(p.exactName
          ? (await saveExactOrBeside(vscodeFileSystem, p.outDir, p.exactName, { base, ext: info.ext }, bytes, scope)).path
          : await saveNew(vscodeFileSystem, p.outDir, base, info.ext, bytes, scope));
        if (p.source.kind === 'stored') await vscode.workspace.fs.delete(vscode.Uri.parse(p.source.uri)).then(undefined, () => undefined);
      } catch (e) {
        const message = describeError(e);
        this.log.warn(`retry saving image ${p.index + 1} of "${p.prompt.slice(0, 40)}" failed: ${message}`);
        // A link the host says is gone will not come back.
        if (!/expired or is gone/.test(message)) keep.push({ ...p, lastError: message });
      }
    }
    await this.write(keep);
    return { saved, remaining: keep.length, expired };
  }
}

export function registerPending(deps: Deps): vscode.Disposable {
  const pending = new PendingImages(deps.context.workspaceState, deps.context.storageUri ?? deps.context.globalStorageUri, deps.log);
  void vscode.commands.executeCommand('setContext', 'aisaImages.hasPending', pending.list().length > 0);
  return combine(
    deps.service.onDidFinish((done) => void pending.addFrom(done)),
    vscode.commands.registerCommand('aisaImages.retryPending', async (): Promise<RetryResult> => {
      await pending.settled();
      const count = pending.list().length;
      if (!count) {
        void vscode.window.showInformationMessage('No generated images are waiting to be saved.');
        return { saved: [], remaining: 0, expired: 0 };
      }
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `AIsa: saving ${count} pending image${count > 1 ? 's' : ''}...`, cancellable: true },
        (_p, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return pending.retry(controller.signal);
        },
      );
      for (const s of result.saved) deps.log.info(`saved pending image ${vscode.Uri.parse(s).toString(true)}`);
      const parts = [`Saved ${result.saved.length} pending image${result.saved.length === 1 ? '' : 's'}.`];
      if (result.remaining) parts.push(`${result.remaining} still could not be saved (see the log).`);
      if (result.expired) parts.push(`${result.expired} had expired links and are gone.`);
      void vscode.window[result.remaining ? 'showWarningMessage' : 'showInformationMessage'](parts.join(' '));
      return result;
    }),
  );
}
