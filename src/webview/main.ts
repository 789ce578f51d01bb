/**
 * The Image Generator panel's script (browser, bundled by esbuild.mjs into dist/webview.js).
 * Handshake (src/shared/protocol.ts): it posts `ready` once its listener is in place (again after
 * each reload); the extension answers with `init`, which carries the display language's
 * translations. Nothing is rendered before: l10n is configured first, then the page is built.
 */
import type { ToWebview } from '../shared/protocol';
import { useTranslations } from '../core/l10n';
import { startPanel, type Panel, type VsCodeApi } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let panel: Panel | undefined;

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (!panel) {
    if (m?.type !== 'init') return;
    useTranslations(m.l10n);
    panel = startPanel(vscode);
  }
  panel.receive(m);
});

vscode.postMessage({ type: 'ready' });
