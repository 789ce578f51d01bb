/** Small pieces of the form's DOM and text, built by FormView (formView.ts). */
import * as l10n from '@vscode/l10n';
import { h } from './dom';

/** Translated when shown (the translations are configured before the form is built). */
export function formatHint(format: string): string {
  switch (format) {
    case 'png':
      return l10n.t('as generated');
    case 'webp':
      return l10n.t('for the web');
    case 'jpeg':
      return l10n.t('photos');
    case 'avif':
      return l10n.t('smallest');
    default:
      return '';
  }
}

const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const GENERATE_SHORTCUT = isMac ? '⌘+Enter' : 'Ctrl+Enter';

export function chip(name: string, value: string, label: string, sub?: string): HTMLLabelElement {
  return h(
    'label',
    { class: 'chip' },
    h('input', { type: 'radio', name, value, class: 'chip-input' }),
    h('span', { class: 'chip-face' }, label, sub ? h('span', { class: 'chip-sub' }, sub) : undefined),
  );
}
