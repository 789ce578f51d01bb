import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { savedFile, summarizeForAgent, type SavedFile } from '../core/agentSummary';
import type { GenerationOutcome } from '../core/generate';
import { describeUnsaved, type UnsavedReport } from '../cli/unsaved';

/** What the tool returns: the text an agent reads, a link per file, and the same facts as structuredContent. */

export interface ToolOutput {
  readonly files: SavedFile[];
  /** Estimated USD for what was generated; null where the model's price is not published. */
  readonly cost: number | null;
  readonly requestId: string | null;
  readonly unsaved?: UnsavedReport[];
  [key: string]: unknown;
}

export function successResult(
  root: string,
  outcome: GenerationOutcome,
  unsaved: readonly UnsavedReport[],
  alt: string,
  wanted: string | undefined,
): CallToolResult {
  const files = outcome.saved.map((s) => savedFile(root, s, alt));
  const total = outcome.result.images.length;
  const text = summarizeForAgent(
    outcome,
    files,
    wanted,
    unsaved.map((u) => describeUnsaved(u, total)),
  );
  const structured: ToolOutput = {
    files,
    cost: outcome.costUsd ?? null,
    requestId: outcome.result.requestId ?? null,
    ...(unsaved.length ? { unsaved: [...unsaved] } : {}),
  };
  return {
    content: [
      { type: 'text', text },
      // Links, not the bytes: base64 images overflow an agent's context.
      ...files.map((f): ResourceLink => ({
        type: 'resource_link',
        uri: f.uri,
        name: f.path,
        mimeType: f.mimeType,
        size: f.bytes,
      })),
    ],
    structuredContent: structured,
    // Paid images that did not reach the disk: the agent must not assume their references work.
    ...(unsaved.length ? { isError: true } : {}),
  };
}

export const errorResult = (sentence: string): CallToolResult => ({
  content: [{ type: 'text', text: sentence }],
  isError: true,
});
