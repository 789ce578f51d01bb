/**
 * Text from the network (the API's error message, a request id, a model's words, a link) made
 * safe to show: every sink (a terminal, a notification, the log, the history, a webview) gets
 * one line of printable text of bounded length, with no escape sequence that could retitle or
 * clear a terminal, add a hyperlink or forge a line, and without the API key if it was echoed.
 * Applied where such text enters the core, so no sink has to remember to.
 */

/** Characters kept of one piece of network text by default. */
export const MAX_SHOWN_CHARS = 500;
export const REDACTED = '[redacted]';

// ESC-introduced sequences (CSI, OSC up to BEL or ST, DCS/SOS/PM/APC up to ST, and two-byte
// escapes) and their 8-bit C1 forms, each matched in one linear step.
const ESCAPES =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  /\x1b\[[0-?]*[ -/]*[@-~]?|\x9b[0-?]*[ -/]*[@-~]?|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|[\x90\x9d\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?/g;
// C0 and C1 controls, DEL, and the invisible formatting characters that can reorder or hide text
// (bidirectional overrides and isolates, zero-width characters, line and paragraph separators).
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+/g;

export interface SafeTextOptions {
  /** At most this many characters are kept (default MAX_SHOWN_CHARS); the cut is marked with an ellipsis. */
  readonly max?: number;
  /** Secrets (the API key) replaced by [redacted] wherever they appear. */
  readonly secrets?: readonly (string | undefined)[];
}

export function safeText(text: unknown, options: SafeTextOptions = {}): string {
  const { max = MAX_SHOWN_CHARS } = options;
  // Only as much as could be shown is ever processed: a 1 MB message costs no more than a short one.
  let s = String(text ?? '').slice(0, Math.max(max * 4, 4096));
  s = redact(s, options.secrets);
  s = s.replace(ESCAPES, '').replace(CONTROLS, ' ').replace(/ {2,}/g, ' ').trim();
  // A key split by control characters is whole again once they are gone.
  s = redact(s, options.secrets);
  const points = Array.from(s);
  return points.length > max
    ? `${points
        .slice(0, Math.max(0, max - 1))
        .join('')
        .trimEnd()}…`
    : s;
}

/** `text` with each secret (at least 4 characters long) replaced by [redacted]. */
export function redact(text: string, secrets: readonly (string | undefined)[] | undefined): string {
  let s = text;
  for (const secret of secrets ?? []) {
    if (secret && secret.length >= 4) s = s.split(secret).join(REDACTED);
  }
  return s;
}
