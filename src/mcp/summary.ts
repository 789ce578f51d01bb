import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GenerationOutcome, SavedImage } from '../core/generate';
import { describeSize } from '../core/modelSizes';
import { formatUsd } from '../core/models';
import { referenceSnippet } from '../core/references';
import { describeUnsaved, type UnsavedReport } from '../cli/unsaved';

/** What the tool returns: the text an agent reads, and the same facts as structuredContent. */

export interface SavedFile {
  /** Relative to the server's root, forward slashes: what the agent's code refers to. */
  readonly path: string;
  readonly uri: string;
  readonly mimeType: string;
  readonly bytes: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly markdown: string;
  readonly html: string;
}

export interface ToolOutput {
  readonly files: SavedFile[];
  /** Estimated USD for what was generated; null where the model's price is not published. */
  readonly cost: number | null;
  readonly requestId: string | null;
  readonly unsaved?: UnsavedReport[];
  [key: string]: unknown;
}

const MAX_MODEL_TEXT = 600;

/** Text from the network reaches an agent's context: no control characters, and capped. */
export function plainText(text: string, max = MAX_MODEL_TEXT): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const rootRelative = (root: string, p: string): string => path.relative(root, p).split(path.sep).join('/');

const kb = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

const TYPE_NAMES: Readonly<Record<string, string>> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/webp': 'WebP' };
const TYPE = (mime: string): string => TYPE_NAMES[mime] ?? mime;

function savedFile(root: string, s: SavedImage, alt: string): SavedFile {
  const rel = rootRelative(root, s.path);
  return {
    path: rel,
    uri: pathToFileURL(s.path).href,
    mimeType: s.mime,
    bytes: s.bytes,
    width: s.width ?? null,
    height: s.height ?? null,
    markdown: referenceSnippet('markdown', rel, alt),
    html: referenceSnippet('html', rel, alt),
  };
}

/** Where an image asked for at `path` went instead, and why, in one sentence. */
function placementNote(s: SavedImage, file: SavedFile, wanted: string): string | undefined {
  const p = s.placement;
  if (!p || p.as === 'exact') return undefined;
  return `It could not be saved as ${wanted} (${p.why.message}) so it was saved as ${file.path}: reference that path.`;
}

export function successResult(root: string, outcome: GenerationOutcome, unsaved: readonly UnsavedReport[], alt: string, wanted: string | undefined): CallToolResult {
  const { request, result } = outcome;
  const files = outcome.saved.map((s) => savedFile(root, s, alt));
  const cost = outcome.costUsd ?? null;
  const requestId = result.requestId ?? null;
  const size = describeSize(request.modelInfo.family, request.size);
  const count = `${files.length} ${files.length === 1 ? 'image' : 'images'}`;
  const lines = [
    `Saved ${count} with ${request.modelInfo.label} (${request.model})${size ? ` at ${size}` : ''}; estimated cost ${formatUsd(outcome.costUsd)}${requestId ? `; request id ${requestId}` : ''}.`,
  ];
  outcome.saved.forEach((s, i) => {
    const f = files[i];
    if (!f) return;
    const dims = f.width !== null && f.height !== null ? `${f.width}x${f.height} ` : '';
    lines.push(`- ${f.path} (${dims}${TYPE(f.mimeType)}, ${kb(f.bytes)})`, `  Markdown: ${f.markdown}`, `  HTML: ${f.html}`);
    const note = wanted === undefined ? undefined : placementNote(s, f, wanted);
    if (note) lines.push(`  ${note}`);
  });
  for (const u of unsaved) lines.push(`Not saved: ${describeUnsaved(u, result.images.length)}`);
  if (result.text) lines.push(`The model also wrote: ${plainText(result.text)}`);
  lines.push('Existing files are never overwritten.');
  const structured: ToolOutput = { files, cost, requestId, ...(unsaved.length ? { unsaved: [...unsaved] } : {}) };
  return {
    content: [
      { type: 'text', text: lines.join('\n') },
      ...files.map((f): ResourceLink => ({ type: 'resource_link', uri: f.uri, name: f.path, mimeType: f.mimeType, size: f.bytes })),
    ],
    structuredContent: structured,
    // Paid images that did not reach the disk: the agent must not assume the reference works.
    ...(unsaved.length ? { isError: true } : {}),
  };
}

export const errorResult = (sentence: string): CallToolResult => ({ content: [{ type: 'text', text: sentence }], isError: true });
