/** The results of the running or latest generation, and the history list, as DOM from data. */
import * as l10n from '@vscode/l10n';
import type { EntryView, FileAction, FileView, FixAction, ResultView, RunView } from '../shared/protocol';
import { h, icon, iconButton } from './dom';
import { splitName } from './fileName';

export interface GalleryActions {
  file(entry: EntryView, file: FileView, action: FileAction): void;
  again(entry: EntryView): void;
  fix(action: FixAction): void;
}

function fixLabel(action: FixAction): string {
  switch (action) {
    case 'setApiKey':
      return l10n.t('Set API Key');
    case 'showLog':
      return l10n.t('Show Log');
    case 'openSettings':
      return l10n.t('Open Settings');
  }
}

// Whole messages for one and for several: languages differ in more than an "s".
const images = (n: number): string => (n === 1 ? l10n.t('1 image') : l10n.t('{0} images', n));
const seconds = (ms: number): string => l10n.t('{0} s', (ms / 1000).toFixed(ms < 10_000 ? 1 : 0));
const when = (ms: number): string =>
  new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A file name cut in the middle when the tile is narrow (the distinguishing end stays), as text
 * nodes only. Screen readers get the whole name once; the two visible parts are hidden from them.
 */
function thumbName(name: string, title?: string, ...before: Node[]): HTMLSpanElement {
  const { head, tail } = splitName(name);
  return h(
    'span',
    { class: 'thumb-name', title },
    ...before,
    h('span', { class: 'visually-hidden' }, name),
    h('span', { class: 'name-head', 'aria-hidden': 'true' }, head),
    tail ? h('span', { class: 'name-tail', 'aria-hidden': 'true' }, tail) : undefined,
  );
}

function thumb(entry: EntryView, file: FileView, actions: GalleryActions): HTMLLIElement {
  const key = `${entry.id}:${file.index}`;
  const act = (a: FileAction) => (): void => actions.file(entry, file, a);
  const missing = file.missing || !file.src;
  const picture = missing
    ? h(
        'div',
        { class: 'thumb-missing', title: l10n.t('{0} was deleted or moved', file.relPath) },
        icon('circle-slash'),
        h('span', {}, l10n.t('File missing')),
      )
    : h(
        'button',
        {
          type: 'button',
          class: 'thumb-open',
          'aria-label': l10n.t('Open {0}', file.name),
          title: l10n.t('Open {0}', file.relPath),
          'data-key': `${key}:img`,
          onclick: act('open'),
        },
        Object.assign(h('img', { loading: 'lazy', decoding: 'async', alt: '' }), { src: file.src ?? '' }),
      );
  return h(
    'li',
    { class: `thumb${missing ? ' missing' : ''}` },
    picture,
    h(
      'div',
      { class: 'thumb-bar' },
      thumbName(file.name, file.relPath),
      h(
        'div',
        { class: 'thumb-actions', role: 'toolbar', 'aria-label': l10n.t('Actions for {0}', file.name) },
        iconButton('link-external', l10n.t('Open {0}', file.name), act('open'), {
          disabled: missing,
          'data-key': `${key}:open`,
        }),
        iconButton(
          'insert',
          l10n.t('Insert a reference to {0} at the cursor of the last editor', file.name),
          act('insert'),
          {
            disabled: missing,
            'data-key': `${key}:insert`,
          },
        ),
        iconButton('folder-opened', l10n.t('Reveal {0} in the Explorer', file.name), act('reveal'), {
          disabled: missing,
          'data-key': `${key}:reveal`,
        }),
        iconButton('file-media', l10n.t('Use {0} as a reference image in the form', file.name), act('useAsReference'), {
          disabled: missing,
          'data-key': `${key}:reference`,
        }),
        iconButton('copy', l10n.t('Copy the relative path {0}', file.relPath), act('copyPath'), {
          'data-key': `${key}:copy`,
        }),
        // From the kept original, so also when the file itself was deleted.
        file.exportable
          ? iconButton('export', l10n.t('Export {0} as another format or size…', file.name), act('exportAs'), {
              'data-key': `${key}:export`,
            })
          : undefined,
      ),
    ),
  );
}

/** One generation: prompt as text, its settings, its images and what can be done with them. */
export function entryCard(
  entry: EntryView,
  actions: GalleryActions,
  opts: { headingLevel: 'h3' | 'h4'; running: boolean },
): HTMLElement {
  const meta = [
    entry.modelLabel,
    entry.sizeLabel,
    entry.error === undefined
      ? images(entry.n)
      : entry.n === 1
        ? l10n.t('1 image asked for')
        : l10n.t('{0} images asked for', entry.n),
    entry.cost,
    when(entry.createdAt),
    seconds(entry.durationMs),
  ];
  const missing = entry.files.filter((f) => f.missing).length;
  return h(
    'article',
    { class: 'entry', 'aria-label': entry.prompt.slice(0, 80) },
    h(
      'div',
      { class: 'entry-head' },
      h(opts.headingLevel, { class: 'entry-prompt', title: entry.prompt }, entry.prompt),
      h(
        'button',
        {
          type: 'button',
          class: 'button secondary small',
          'data-key': `${entry.id}:again`,
          disabled: opts.running,
          title: l10n.t('Generate again with the same prompt and settings'),
          onclick: () => actions.again(entry),
        },
        icon('refresh'),
        h('span', {}, l10n.t('Again')),
      ),
    ),
    h(
      'p',
      { class: 'entry-meta' },
      meta.join(' · '),
      entry.requestId
        ? h(
            'span',
            { class: 'request-id', title: l10n.t('Request id: support asks for it') },
            ` · ${l10n.t('request {0}', entry.requestId)}`,
          )
        : undefined,
    ),
    entry.error !== undefined
      ? h(
          'p',
          { class: 'entry-warning entry-failed' },
          icon('error'),
          h('span', {}, l10n.t('Failed: {0}', entry.error)),
        )
      : undefined,
    entry.unsaved
      ? h(
          'p',
          { class: 'entry-warning' },
          icon('info'),
          entry.unsaved === 1
            ? l10n.t('1 image generated but not saved.')
            : l10n.t('{0} images generated but not saved.', entry.unsaved),
        )
      : undefined,
    missing
      ? h(
          'p',
          { class: 'entry-note' },
          missing === 1 ? l10n.t('1 file no longer on disk.') : l10n.t('{0} files no longer on disk.', missing),
        )
      : undefined,
    entry.files.length
      ? h(
          'ul',
          { class: 'thumbs', 'aria-label': l10n.t('Images') },
          ...entry.files.map((f) => thumb(entry, f, actions)),
        )
      : undefined,
  );
}

/** The running generation: one tile per image, filled in as each is saved. */
export function runCard(run: RunView, now: number): HTMLElement {
  const done = run.saved.length;
  const phase =
    run.phase === 'downloading'
      ? l10n.t('Saved {0} of {1}', done, run.total)
      : run.phase === 'requesting'
        ? l10n.t('Waiting for the API to generate…')
        : l10n.t('Starting…');
  const bar = h(
    'div',
    {
      class: `progress${run.phase === 'downloading' ? '' : ' indeterminate'}`,
      role: 'progressbar',
      'aria-label': l10n.t('Images saved'),
      'aria-valuemin': 0,
      'aria-valuemax': run.total,
      'aria-valuenow': done,
    },
    h('div', { class: 'progress-fill' }),
  );
  const fill = bar.firstElementChild as HTMLElement;
  if (run.phase === 'downloading') fill.style.width = `${run.total ? Math.round((100 * done) / run.total) : 0}%`;
  const tiles = Array.from({ length: run.total }, (_, i) => {
    const saved = run.saved.find((f) => f.index === i);
    if (saved?.src) {
      return h(
        'li',
        { class: 'thumb' },
        h('div', { class: 'thumb-open' }, Object.assign(h('img', { alt: saved.name }), { src: saved.src })),
        h('div', { class: 'thumb-bar' }, thumbName(saved.name, saved.relPath, icon('check', 'ok'))),
      );
    }
    return h(
      'li',
      { class: 'thumb pending' },
      h('div', { class: 'thumb-wait' }, icon('loading', 'spin'), h('span', {}, l10n.t('Image {0}', i + 1))),
    );
  });
  return h(
    'article',
    { class: 'entry run', 'aria-busy': 'true' },
    h('div', { class: 'entry-head' }, h('h3', { class: 'entry-prompt' }, run.prompt)),
    h(
      'p',
      { class: 'entry-meta' },
      `${phase} · ${images(run.n)} · ${run.modelLabel}${run.sizeLabel ? ` · ${run.sizeLabel}` : ''} · `,
      h('span', { class: 'elapsed' }, seconds(now - run.startedAt)),
    ),
    bar,
    h('ul', { class: 'thumbs', 'aria-label': l10n.t('Images') }, ...tiles),
  );
}

export function resultCard(result: ResultView, actions: GalleryActions): HTMLElement {
  if (result.kind === 'done') {
    return h(
      'div',
      {},
      result.warning
        ? h('p', { class: 'banner warning', role: 'status' }, icon('info'), h('span', {}, result.warning))
        : undefined,
      entryCard(result.entry, actions, { headingLevel: 'h3', running: false }),
    );
  }
  if (result.kind === 'cancelled')
    return h('p', { class: 'banner info', role: 'status' }, icon('info'), h('span', {}, result.message));
  return h(
    'div',
    { class: 'banner error', role: 'alert' },
    icon('error'),
    h('span', { class: 'banner-text' }, result.message),
    ...result.actions.map((a) =>
      h('button', { type: 'button', class: 'button secondary small', onclick: () => actions.fix(a) }, fixLabel(a)),
    ),
  );
}
