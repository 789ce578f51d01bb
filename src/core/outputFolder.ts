import * as l10n from '@vscode/l10n';
import { AisaError } from './errors';

/**
 * The output folder setting as path segments below the workspace folder. Absolute paths and
 * anything that climbs out (`..`) are refused: files are only ever written inside the workspace.
 */
export function outputFolderSegments(setting: string): string[] {
  const text = setting.trim() || 'assets';
  if (/^([a-zA-Z]:|[\\/]|~)/.test(text)) {
    throw new AisaError(
      'input',
      l10n.t(
        'The output folder "{0}" must be relative to the workspace folder (for example assets or docs/images), not an absolute path.',
        setting,
      ),
    );
  }
  const segments: string[] = [];
  for (const part of text.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!segments.length)
        throw new AisaError(
          'input',
          l10n.t(
            'The output folder "{0}" leads outside the workspace folder: use a folder inside it, such as assets.',
            setting,
          ),
        );
      segments.pop();
      continue;
    }
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\u0000-\u001f<>:"|?*]/.test(part))
      throw new AisaError(
        'input',
        l10n.t('The output folder "{0}" contains a character that is not allowed in folder names.', setting),
      );
    segments.push(part);
  }
  return segments;
}
