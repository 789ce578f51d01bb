import * as l10n from '@vscode/l10n';

/**
 * The core's and the webview's sentences go through @vscode/l10n (`l10n.t('…{0}…', x)`, imported
 * from '@vscode/l10n' in each file, as `npm run l10n` finds them only there). Each bundle file
 * (dist/extension.js, dist/engine.js, dist/webview.js) holds its own copy of the runtime, so each
 * is configured on its own. The CLI and the MCP server never call this: they stay English.
 */
export function useTranslations(bundle: Readonly<Record<string, string>> | undefined): void {
  if (bundle) l10n.config({ contents: { ...bundle } });
}
