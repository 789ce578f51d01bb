import { DEFAULT_BASE_URL, validateBaseUrl } from '../core/baseUrl';
import { apiKeyProblem } from '../core/apiKey';
import { AisaClient, type ClientEvent } from '../core/client';
import { webReadyTransform, type WebReadyOptions } from '../core/convert/transform';
import { AisaError } from '../core/errors';
import { generateAndSave, type GenerationOutcome, type Progress } from '../core/generate';
import { nodeFileSystem } from '../core/nodeFs';
import { annotateGeneratedImage } from '../core/pngText';
import type { ValidRequest } from '../core/request';
import { parseGeminiApiVersion } from '../core/routes/gemini';
import type { GeminiApiVersion } from '../core/routes/types';

/**
 * What every process entry point (`aisa-image generate`, `aisa-image mcp`) shares: the key and
 * base URL from the environment, the client, and the one call into the core pipeline, so the two
 * cannot drift apart.
 */

/** Bad input found before anything is sent (exit 2 for the CLI, an isError result for MCP). */
export class UsageError extends Error {}

export const isBadInput = (e: unknown): boolean =>
  e instanceof UsageError || (e instanceof AisaError && (e.kind === 'input' || e.kind === 'unsupported_model'));

export interface ApiSetup {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly geminiApiVersion: GeminiApiVersion;
}

/**
 * A placeholder an MCP client left unexpanded (Claude Code passes `${AISA_API_KEY}` through as
 * text when the variable is unset): it is not a key, and sending it would only earn a 401.
 */
const PLACEHOLDER = /^\$\{[^}]*\}$/;

/** `baseUrl` (a --base-url flag) wins over AISA_BASE_URL. Throws UsageError or AisaError('input'). */
export function apiSetup(env: NodeJS.ProcessEnv, baseUrl?: string): ApiSetup {
  const url = validateBaseUrl(baseUrl ?? (env['AISA_BASE_URL']?.trim() || DEFAULT_BASE_URL));
  const geminiApiVersion = parseGeminiApiVersion(env['AISA_GEMINI_API_VERSION']);
  const apiKey = env['AISA_API_KEY']?.trim();
  if (!apiKey)
    throw new UsageError('AISA_API_KEY is not set: export your AIsa API key, e.g. export AISA_API_KEY=sk-...');
  const keyProblem = apiKeyProblem(apiKey);
  if (keyProblem) throw new UsageError(keyProblem.replace('paste the key again', 'set AISA_API_KEY again'));
  if (PLACEHOLDER.test(apiKey)) {
    throw new UsageError(
      `AISA_API_KEY is not set: the configuration passed the placeholder ${apiKey} unexpanded, so export AISA_API_KEY in the environment that starts your agent.`,
    );
  }
  return { baseUrl: url, apiKey, geminiApiVersion };
}

export interface SaveOptions {
  /** Absolute folder to save into. */
  outDir: string;
  /** Save the one image under exactly this name in outDir (see GenerateOptions.exactName). */
  exactName?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
  onEvent?: ((e: ClientEvent) => void) | undefined;
  /** Another format or exact dimensions (--format, --resize, --quality); as the API sent it when left out. */
  delivery?: WebReadyOptions | undefined;
  /** Every file is checked at write time to lie inside this root (the MCP server's), links followed. */
  root?: string | undefined;
}

/** The core pipeline on node:fs, with the generation recorded in each PNG's text chunks. */
export function generateToFolder(
  request: ValidRequest,
  setup: ApiSetup,
  opts: SaveOptions,
): Promise<GenerationOutcome> {
  const client = new AisaClient({ ...setup, ...(opts.onEvent ? { onEvent: opts.onEvent } : {}) });
  return generateAndSave(request, {
    client,
    fs: nodeFileSystem,
    outDir: opts.outDir,
    annotate: annotateGeneratedImage,
    ...(opts.delivery ? { transform: webReadyTransform(opts.delivery) } : {}),
    ...(opts.exactName !== undefined ? { exactName: opts.exactName } : {}),
    ...(opts.root !== undefined ? { scope: { root: opts.root } } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
}
