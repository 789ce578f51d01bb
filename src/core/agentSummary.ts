import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GenerationOutcome, SavedImage } from './generate';
import { describeSizeInEnglish } from './modelSizes';
import { formatUsd } from './models';
import { TYPE_LABEL } from './imageType';
import { referenceSnippet } from './references';
import { safeText } from './safeText';

/**
 * What an agent is told about a generation: the saved files relative to the folder it works in,
 * each with ready references, the size, the estimated cost and the request id. One text for
 * every agent surface (the MCP tool now; VS Code's language-model tool can take the same).
 */

export interface SavedFile {
  /** Relative to the root, forward slashes: what the agent's code refers to. */
  readonly path: string;
  readonly uri: string;
  readonly mimeType: string;
  readonly bytes: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly markdown: string;
  readonly html: string;
}

const MAX_MODEL_TEXT = 600;

export const rootRelative = (root: string, p: string): string => path.relative(root, p).split(path.sep).join('/');

const kb = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** `alt` is the references' alt text (altText shortens it). */
export function savedFile(root: string, s: SavedImage, alt: string): SavedFile {
  return fileOf(rootRelative(root, s.path), pathToFileURL(s.path).href, s, alt);
}

/** The same for a file known by its root-relative path and URI (the extension's files are URIs). */
export function fileOf(rel: string, uri: string, s: SavedImage, alt: string): SavedFile {
  return {
    path: rel,
    uri,
    mimeType: s.mime,
    bytes: s.bytes,
    width: s.width ?? null,
    height: s.height ?? null,
    markdown: referenceSnippet('markdown', rel, alt),
    html: referenceSnippet('html', rel, alt),
  };
}

/**
 * The summary, one line per fact. `wanted` is the root-relative exact path asked for, if any: an
 * image that could not take it says where it went instead. `notSaved` lines (paid images that
 * are not on disk) are the caller's, which knows what was done with them.
 */
export function summarizeForAgent(
  outcome: GenerationOutcome,
  files: readonly SavedFile[],
  wanted: string | undefined,
  notSaved: readonly string[] = [],
  /** More lines under a file: VS Code's tool adds the reference from the file being edited. */
  more: (file: SavedFile) => readonly string[] = () => [],
): string {
  const { request, result } = outcome;
  // English whatever the display language: a language model reads it (the pieces too).
  const size = describeSizeInEnglish(request.modelInfo.family, request.size);
  const cost = outcome.costUsd === undefined ? 'price not published' : formatUsd(outcome.costUsd);
  const count = `${files.length} ${files.length === 1 ? 'image' : 'images'}`;
  const requestId = result.requestId ? `; request id ${result.requestId}` : '';
  const lines = [
    `Saved ${count} with ${request.modelInfo.label} (${request.model})${size ? ` at ${size}` : ''}; estimated cost ${cost}${requestId}.`,
  ];
  outcome.saved.forEach((s, i) => {
    const f = files[i];
    if (!f) return;
    const dims = f.width !== null && f.height !== null ? `${f.width}x${f.height} ` : '';
    lines.push(
      `- ${f.path} (${dims}${TYPE_LABEL[f.mimeType] ?? f.mimeType}, ${kb(f.bytes)})`,
      `  Markdown: ${f.markdown}`,
      `  HTML: ${f.html}`,
      ...more(f),
    );
    if (wanted !== undefined && s.placement && s.placement.as !== 'exact') {
      lines.push(
        `  It could not be saved as ${wanted} (${s.placement.why.message}) so it was saved as ${f.path}: reference that path.`,
      );
    }
  });
  for (const n of notSaved) lines.push(`Not saved: ${n}`);
  if (result.text) lines.push(`The model also wrote: ${safeText(result.text, { max: MAX_MODEL_TEXT })}`);
  lines.push('Existing files are never overwritten.');
  return lines.join('\n');
}
