import * as vscode from 'vscode';
import type { GenerationOutcome } from '../core/generate';
import { describeSize } from '../core/modelSizes';
import type { ValidRequest } from '../core/request';
import type { Deps } from './deps';
import { showError } from './showError';
import type { GenerationTarget } from './workspaceTarget';

/** One generation through the shared service, with a cancellable progress notification: what every command runs. */
export function runWithProgress(deps: Deps, request: ValidRequest, target: GenerationTarget, scripted: boolean): Thenable<GenerationOutcome | undefined> {
  const sizeText = describeSize(request.modelInfo.family, request.size);
  const n = request.n;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'AIsa', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      const step = 100 / (n + 1);
      try {
        return await deps.service.run(request, target, {
          signal: controller.signal,
          interactive: !scripted,
          onProgress: (p) => {
            if (p.phase === 'requesting') progress.report({ message: `Generating ${sizeText ? `${n} x ${sizeText}` : `${n} image${n > 1 ? 's' : ''}`} with ${request.modelInfo.label}...` });
            else if (p.phase === 'downloading') progress.report({ message: `Downloading ${p.total} image${p.total > 1 ? 's' : ''}...`, increment: step });
            else progress.report({ message: `Saved ${p.done} of ${p.total}`, increment: step });
          },
        });
      } finally {
        sub.dispose();
      }
    },
  );
}

/** Paid-for images that could not be written: said once, with the log a click away. */
export function warnUnsaved(deps: Deps, outcome: GenerationOutcome): void {
  if (!outcome.unsaved.length) return;
  void vscode.window
    .showWarningMessage(`${outcome.unsaved.length} of ${outcome.result.images.length} generated images could not be saved: ${outcome.unsaved[0]?.error.message ?? ''}`, 'Show Log')
    .then((c) => c && deps.log.show(true));
}

/** Scripted runs get the error thrown back; people get the one-sentence message with its button. */
export async function guarded<T>(deps: Deps, scripted: boolean, body: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await body();
  } catch (e) {
    if (scripted) throw e;
    await showError(deps, e);
    return undefined;
  }
}

export const savedUris = (outcome: GenerationOutcome): vscode.Uri[] => outcome.saved.map((s) => vscode.Uri.parse(s.path));
