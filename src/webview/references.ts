/**
 * The form's reference images: removable thumbnails, an "Add reference…" button, and files
 * dropped onto the form (VS Code gives a webview a drop from its Explorer with Shift held, as
 * `text/uri-list` or `application/vnd.code.uri-list`). The extension checks every URI again.
 */
import * as l10n from '@vscode/l10n';
import type { ReferenceView } from '../shared/protocol';
import { h, icon, iconButton } from './dom';

export const MAX_FORM_REFERENCES = 16;

export interface ReferenceStrip {
  readonly root: HTMLElement;
  readonly list: () => readonly ReferenceView[];
  /** Adds (without duplicates) or replaces the list, and re-renders. */
  readonly add: (refs: readonly ReferenceView[]) => void;
  readonly replace: (refs: readonly ReferenceView[]) => void;
  /** Says why the chosen model cannot take the references (Seedream), or nothing. */
  readonly warn: (message: string | undefined) => void;
}

/** Only well-typed entries from saved state. */
export function restoreReferences(saved: unknown): ReferenceView[] {
  if (!Array.isArray(saved)) return [];
  return saved
    .filter(
      (r): r is ReferenceView =>
        typeof r === 'object' &&
        r !== null &&
        typeof (r as ReferenceView).uri === 'string' &&
        typeof (r as ReferenceView).name === 'string' &&
        typeof (r as ReferenceView).relPath === 'string',
    )
    .slice(0, MAX_FORM_REFERENCES);
}

export function referenceStrip(
  initial: readonly ReferenceView[],
  on: { change: () => void; pick: () => void; drop: (uris: string[]) => void },
): ReferenceStrip {
  let refs: ReferenceView[] = [...initial];
  const items = h('ul', { id: 'references', class: 'references', 'aria-label': l10n.t('Reference images') });
  const add = h(
    'button',
    { type: 'button', id: 'add-reference', class: 'button secondary small', onclick: on.pick },
    icon('file-media'),
    h('span', {}, l10n.t('Add reference…')),
  );
  const hint = h(
    'p',
    { class: 'hint' },
    l10n.t('Images to edit or compose from (Wan 2.7 and Gemini). Drop files here with Shift held.'),
  );
  const warning = h('p', { id: 'references-error', class: 'error-text', role: 'alert', hidden: true });
  const root = h(
    'div',
    { class: 'field references-field' },
    h('div', { class: 'label' }, l10n.t('References')),
    items,
    warning,
    h('div', { class: 'references-actions' }, add),
    hint,
  );

  const render = (): void => {
    items.replaceChildren(
      ...refs.map((r) =>
        h(
          'li',
          { class: 'reference', title: r.relPath },
          r.src
            ? Object.assign(h('img', { alt: '', decoding: 'async' }), { src: r.src })
            : h('span', { class: 'thumb-missing' }, icon('circle-slash')),
          h('span', { class: 'reference-name' }, r.name),
          iconButton(
            'close',
            l10n.t('Remove the reference {0}', r.name),
            () => {
              refs = refs.filter((x) => x.uri !== r.uri);
              render();
              on.change();
            },
            { 'data-key': `ref:${r.uri}` },
          ),
        ),
      ),
    );
    items.hidden = refs.length === 0;
  };
  render();

  root.addEventListener('dragover', (e) => {
    e.preventDefault();
    root.classList.add('dropping');
  });
  root.addEventListener('dragleave', () => root.classList.remove('dropping'));
  root.addEventListener('drop', (e) => {
    e.preventDefault();
    root.classList.remove('dropping');
    const text =
      e.dataTransfer?.getData('application/vnd.code.uri-list') || e.dataTransfer?.getData('text/uri-list') || '';
    const uris = text
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s && !s.startsWith('#'))
      .slice(0, MAX_FORM_REFERENCES);
    if (uris.length) on.drop(uris);
  });

  return {
    root,
    list: () => refs,
    add: (more) => {
      for (const r of more) if (!refs.some((x) => x.uri === r.uri)) refs.push(r);
      refs = refs.slice(0, MAX_FORM_REFERENCES);
      render();
      on.change();
    },
    warn: (message) => {
      warning.hidden = message === undefined;
      warning.textContent = message ?? '';
    },
    replace: (next) => {
      refs = [...next].slice(0, MAX_FORM_REFERENCES);
      render();
      on.change();
    },
  };
}
