/**
 * Which generations the History list shows. DOM-free, so the unit tests run it in Node.
 * The generation shown under Latest is left out of History, so right after a generation the
 * same card does not show twice; it joins the list once Latest shows something else.
 */
import * as l10n from '@vscode/l10n';
import type { EntryView } from '../shared/protocol';

export function matches(entry: EntryView, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = [
    entry.prompt,
    entry.model,
    entry.modelLabel,
    entry.sizeLabel,
    entry.size,
    entry.requestId ?? '',
    entry.error ?? '',
    ...entry.files.map((f) => f.relPath),
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

export interface Listing {
  /** The history minus the entry under Latest, newest first, that match the filter. */
  readonly hits: readonly EntryView[];
  /** `3`, `1 of 3` while filtering, or '' for an empty list. */
  readonly count: string;
  /** What an empty result says; '' when there are hits. */
  readonly empty: string;
}

export function historyListing(history: readonly EntryView[], latestId: string | undefined, filter: string): Listing {
  const listed = latestId === undefined ? history : history.filter((e) => e.id !== latestId);
  const hits = listed.filter((e) => matches(e, filter));
  const count = filter.trim()
    ? l10n.t('{0} of {1}', hits.length, listed.length)
    : listed.length
      ? String(listed.length)
      : '';
  const empty = hits.length
    ? ''
    : listed.length
      ? l10n.t('No generation matches the filter.')
      : latestId !== undefined
        ? l10n.t('Earlier generations appear here, newest first, including those made from the Command Palette.')
        : l10n.t('Generations appear here, newest first, including those made from the Command Palette.');
  return { hits, count, empty };
}
