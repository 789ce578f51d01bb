import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

/**
 * package.json as VS Code shows it in `language` (English by default): each whole-string `%key%`
 * replaced from package.nls[.language].json, as VS Code does with an extension's manifest.
 */
export function localizedManifest<T>(language?: string): T {
  const nls = JSON.parse(
    readFileSync(path.join(ROOT, language ? `package.nls.${language}.json` : 'package.nls.json'), 'utf8'),
  ) as Record<string, string>;
  return JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'), (_key, value: unknown) => {
    const m = typeof value === 'string' ? /^%([\w.-]+)%$/.exec(value) : null;
    return m?.[1] && m[1] in nls ? nls[m[1]] : value;
  }) as T;
}
