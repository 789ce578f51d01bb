/**
 * File names cut in the middle. Generated names share their prompt slug and differ only at the
 * end (`…-20261122-143005-1.png` / `…-2.png`), so the tiles keep the end and shorten the start.
 * DOM-free, so the unit tests run it in Node.
 */

export interface NameParts {
  /** Shown first, and shortened with an ellipsis when the tile is narrow. */
  readonly head: string;
  /** Always shown in full. Empty for a name short enough to need no split. */
  readonly tail: string;
}

const SEPARATOR = /[-_. ]/;

/**
 * Splits `name` so that the tail is its last `maxTail` characters at most, starting at a
 * separator where one leaves at least `minTail` (`-143005-1.png`, not `5-143005-1.png`).
 */
export function splitName(name: string, maxTail = 16, minTail = 8): NameParts {
  if (name.length <= maxTail) return { head: name, tail: '' };
  const window = name.slice(-maxTail);
  // Index 0 would leave the separator at the end of the head, which reads as a cut there.
  const at = window.slice(1).search(SEPARATOR) + 1;
  const cut = at > 0 && window.length - at >= minTail ? at : 0;
  return { head: name.slice(0, name.length - maxTail + cut), tail: window.slice(cut) };
}
