import * as l10n from '@vscode/l10n';
/**
 * Why `key` cannot be used, or undefined: an HTTP header value takes only visible ASCII, so a
 * key with a space, a line break or an invisible character (a zero-width space pasted with it)
 * could never be sent. Judged when the key is set, not reported later as a network failure.
 */
export function apiKeyProblem(key: string): string | undefined {
  const k = key.trim();
  if (!k) return l10n.t('No AIsa API key is set: set one and try again.');
  if (!/^[\x21-\x7e]+$/.test(k)) {
    return l10n.t(
      'The AIsa API key contains a space, a line break or an invisible character, so it cannot be sent: paste the key again, exactly as AIsa shows it.',
    );
  }
  return undefined;
}
