import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { outputFolderSegments } from '../../core/outputFolder';
import { readSettings } from '../settings';

/** The panel's title, in the display language (looked up when a panel opens, not at load). */
export const panelTitle = (): string => vscode.l10n.t('Image Generator');

/** The output folder of every workspace folder, as the settings say now. */
export function outputFolders(): vscode.Uri[] {
  const out: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      out.push(vscode.Uri.joinPath(folder.uri, ...outputFolderSegments(readSettings(folder.uri).outputFolder)));
    } catch {
      // an invalid setting: generating there is refused anyway
    }
  }
  return out;
}

/** A fresh nonce for each page: 128 bits from the OS's CSPRNG. */
export const nonce = (): string => randomBytes(16).toString('base64');

const STYLESHEETS = ['panel.css', 'form.css', 'controls.css', 'gallery.css'];

/**
 * The page is a fixed shell: the stylesheets, an empty #app and the script, all from the
 * extension. No data is written into it: the script asks for everything over postMessage.
 * CSP: nothing by default; the script only with this page's nonce; the stylesheets and images
 * only from the webview's own resource origin (files under localResourceRoots).
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, n = nonce()): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  // In this order: each sheet builds on the ones before it (variables and layout first).
  const styles = STYLESHEETS.map((name) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  // The only text in the page; the script renders the rest, translated (the bundle comes by postMessage).
  const title = escapeHtml(panelTitle());
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.map((href) => `<link rel="stylesheet" href="${href.toString()}">`).join('\n')}
<title>${title}</title>
</head>
<body>
<div id="app" aria-busy="true"></div>
<script nonce="${n}" src="${script.toString()}"></script>
</body>
</html>`;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the webview may load from disk: its own media and bundle, and the image folders. */
export function panelOptions(extensionUri: vscode.Uri, imageFolders: readonly vscode.Uri[]): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'media'),
      vscode.Uri.joinPath(extensionUri, 'dist'),
      ...imageFolders,
    ],
  };
}
