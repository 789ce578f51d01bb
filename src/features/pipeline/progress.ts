import * as vscode from 'vscode';
import type { GenerationOutcome, Progress } from '../../core/generate';
import { describeSize } from '../../core/modelSizes';
import type { ValidRequest } from '../../core/request';

/** A cancellable progress notification around `work`, which gets the signal and reports into it. */
export function withNotification(
  request: ValidRequest,
  work: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<GenerationOutcome | undefined>,
): Thenable<GenerationOutcome | undefined> {
  const sizeText = describeSize(request.modelInfo.family, request.size);
  const n = request.n;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'AIsa', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      const step = 100 / (n + 1);
      try {
        return await work(controller.signal, (p) => {
          if (p.phase === 'requesting')
            progress.report({
              message: `Generating ${sizeText ? `${n} x ${sizeText}` : `${n} image${n > 1 ? 's' : ''}`} with ${request.modelInfo.label}...`,
            });
          else if (p.phase === 'downloading')
            progress.report({ message: `Downloading ${p.total} image${p.total > 1 ? 's' : ''}...`, increment: step });
          else progress.report({ message: `Saved ${p.done} of ${p.total}`, increment: step });
        });
      } finally {
        sub.dispose();
      }
    },
  );
}
