import * as vscode from 'vscode';
import { lazy } from '../core/lazy';

/**
 * The generation engine (core/engine.ts), loaded on the first generation. In the extension's
 * build it is its own file beside the bundle (dist/engine.js, see esbuild.mjs), so activation
 * never evaluates the client, the downloads or the conversion code.
 */
export const loadEngine = lazy(async () => {
  const engine = await import('../core/engine');
  // Its own copy of @vscode/l10n: the sentences it throws are translated like the rest.
  engine.useTranslations(vscode.l10n.bundle);
  return engine;
});
