import * as l10n from '@vscode/l10n';
import { AisaError } from './errors';

export const DEFAULT_BASE_URL = 'https://api.aisa.one/v1';

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The key is sent to this URL, so it must be HTTPS; plain HTTP is allowed only to this machine
 * (a local simulator or proxy), where nothing crosses a network.
 */
export function validateBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AisaError('input', l10n.t('"{0}" is not a URL: use something like {1}.', text, DEFAULT_BASE_URL));
  }
  if (url.username || url.password) {
    throw new AisaError(
      'input',
      l10n.t('The base URL must not contain a user name or password: the key is sent in a header.'),
    );
  }
  if (url.search || url.hash) {
    throw new AisaError(
      'input',
      l10n.t('The base URL must not have a query or fragment: use something like {0}.', DEFAULT_BASE_URL),
    );
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw new AisaError(
        'input',
        l10n.t(
          'Refusing plain http to {0}: the API key would travel unencrypted. Use https (plain http is allowed only to localhost).',
          url.hostname,
        ),
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new AisaError('input', l10n.t('The base URL must use https, not {0}.', url.protocol.replace(':', '')));
  }
  return url.toString().replace(/\/+$/, '');
}
