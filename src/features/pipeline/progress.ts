import * as vscode from 'vscode';
import type { GenerationOutcome, Progress } from '../../core/generate';
import { describeSize } from '../../core/modelSizes';
import type { ValidRequest } from '../../core/request';

/** The notification's title: the product's name, which is not translated. */
const PRODUCT = 'AIsa';

/** What is being generated, in a whole sentence for each form English gives it. */
function generatingMessage(request: ValidRequest, sizeText: string): string {
  const { n } = request;
  const label = request.modelInfo.label;
  if (sizeText) return vscode.l10n.t('Generating {0} x {1} with {2}...', n, sizeText, label);
  return n === 1
    ? vscode.l10n.t('Generating 1 image with {0}...', label)
    : vscode.l10n.t('Generating {0} images with {1}...', n, label);
}

/** A cancellable progress notification around `work`, which gets the signal and reports into it. */
export function withNotification(
  request: ValidRequest,
  work: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<GenerationOutcome | undefined>,
): Thenable<GenerationOutcome | undefined> {
  const sizeText = describeSize(request.modelInfo.family, request.size);
  const n = request.n;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: PRODUCT, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      const step = 100 / (n + 1);
      try {
        return await work(controller.signal, (p) => {
          if (p.phase === 'requesting') progress.report({ message: generatingMessage(request, sizeText) });
          else if (p.phase === 'downloading')
            progress.report({
              message:
                p.total === 1
                  ? vscode.l10n.t('Downloading 1 image...')
                  : vscode.l10n.t('Downloading {0} images...', p.total),
              increment: step,
            });
          else progress.report({ message: vscode.l10n.t('Saved {0} of {1}', p.done, p.total), increment: step });
        });
      } finally {
        sub.dispose();
      }
    },
  );
}
