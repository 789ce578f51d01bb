// VS Code in another display language, offline. VS Code switches its language only when a
// language pack for it is installed, and language packs come from the Marketplace, which is not
// reachable here. What decides the language, in code-server 4.139 (VS Code 1.139):
//   - the workbench page asks for a locale: `--locale`, else `locale` in <user data>/User/argv.json
//     (what "Configure Display Language" writes; read on every page load), else "en";
//   - the server resolves it through <user data>/languagepacks.json, which VS Code's
//     LocalizationsService writes when the running server installs a language pack; without an
//     entry whose `translations.vscode` file exists, the workbench stays English;
//   - with one, the page gets `_VSCODE_NLS_LANGUAGE` = the language, so `vscode.env.language` is
//     it, extensions' manifests are read from package.nls.<language>.json, their vscode.l10n
//     bundles from l10n/bundle.l10n.<language>.json, and walkthrough pages from *.nls.<language>.md.
// So this writes a minimal language pack (a manifest contributing `localizations` and an empty
// core translation: VS Code's own strings stay English, ours switch) and registers it in
// languagepacks.json exactly as the LocalizationsService does. `code-server --install-extension`
// is not enough: it runs VS Code's CLI, which installs the extension but never registers the pack
// (its LocalizationsService is never instantiated there; seen: no languagepacks.json).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HOST_DIR } from './code-server.mjs';

const PUBLISHER = 'aisa-test';

/** The pack's folder under the host dir (written once, the same every time). */
function writePack(language) {
  const dir = path.join(HOST_DIR, 'language-packs', `${PUBLISHER}.language-pack-${language}`);
  const manifest = {
    name: `language-pack-${language}`,
    displayName: `Test language pack (${language})`,
    publisher: PUBLISHER,
    version: '0.0.1',
    engines: { vscode: '*' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        { languageId: language, languageName: language, translations: [{ id: 'vscode', path: './main.i18n.json' }] },
      ],
    },
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  // No core translations: every VS Code string falls back to its English.
  fs.writeFileSync(path.join(dir, 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  return { dir, manifest };
}

/**
 * Makes a running code-server open its next windows in `language` (e.g. 'zh-cn'). Returns
 * `restore()`, which puts argv.json back so later windows are English again.
 * @param {{ settingsFile: string }} server what startCodeServer returned
 */
export function useDisplayLanguage(server, language) {
  const userData = path.dirname(path.dirname(server.settingsFile));
  const { dir, manifest } = writePack(language);
  const id = `${PUBLISHER}.${manifest.name}`;
  const packsFile = path.join(userData, 'languagepacks.json');
  const packs = fs.existsSync(packsFile) ? JSON.parse(fs.readFileSync(packsFile, 'utf8')) : {};
  packs[language] = {
    // The LocalizationsService's hash: md5 over each contributing extension's id and version.
    hash: crypto.createHash('md5').update(id).update(manifest.version).digest('hex'),
    extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
    translations: { vscode: path.join(dir, 'main.i18n.json') },
    label: language,
  };
  fs.writeFileSync(packsFile, JSON.stringify(packs));
  const argvFile = path.join(userData, 'User', 'argv.json');
  const before = fs.existsSync(argvFile) ? fs.readFileSync(argvFile, 'utf8') : undefined;
  fs.writeFileSync(argvFile, JSON.stringify({ locale: language }, null, 2));
  return function restore() {
    if (before === undefined) fs.rmSync(argvFile, { force: true });
    else fs.writeFileSync(argvFile, before);
  };
}
