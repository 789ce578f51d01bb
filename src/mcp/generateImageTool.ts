import path from 'node:path';
// Full zod, unlike the extension's zod/mini: the SDK loads it anyway, so dist/mcp.js pays
// nothing more, and the extension never imports this file (test/unit/bundles.test.ts).
import * as z from 'zod';
import { GEMINI_ASPECT_RATIOS } from '../core/modelSizes';
import { AisaError } from '../core/errors';
import { DEFAULT_MODEL, describePrice, MAX_IMAGES_BY_FAMILY, MODELS } from '../core/models';
import { parseToolInput, type ToolRequest } from '../core/toolInput';
import { MAX_IMAGES, MAX_PROMPT_LENGTH } from '../core/request';
import { DEFAULT_SIZE, MIN_PIXELS, formatPixels } from '../core/sizes';

/**
 * The tool's contract: name, descriptions, input and output schemas, and the reading of its
 * arguments. Arguments are judged here and by the core (validateRequest), each fault as one
 * sentence, before anything is sent.
 */

export const TOOL_NAME = 'generate_image';
export const DEFAULT_OUT_DIR = 'assets';

const MODEL_LINES = MODELS.map((m) => `${m.id} (${m.label}, ${describePrice(m)})`).join('; ');

export const TOOL_DESCRIPTION = [
  'Generate image files for this project with the AIsa API and save them inside the project, never overwriting a file.',
  'Use it when the code or docs you are writing need a new bitmap image (hero image, illustration, placeholder art, icon artwork); give `path` when the code will reference an exact file such as public/hero.png.',
  `Every image is billed: ${MODELS.filter((m) => m.pricePerImageUsd !== undefined)
    .map((m) => `${m.id} ${describePrice(m)}`)
    .join(', ')}; ask for more than one only when the user wants choices.`,
  'Returns the saved paths (relative to the project root), size, estimated cost, request id, and a ready Markdown and HTML reference per file.',
].join(' ');

/**
 * The input schema exactly as clients see it (JSON Schema). Each field is carried by zod only to
 * publish it: the SDK's own check would answer a wrong type with a multi-line zod dump, so the
 * values are read by `readArguments` below instead, which answers in one sentence. Loose, so an
 * unknown argument reaches it and is refused rather than dropped (a silently ignored
 * `aspectRatio` would mean a paid image of the wrong shape).
 */
const field = (schema: Record<string, unknown>) => z.unknown().optional().meta(schema);

export const inputSchema = z
  .looseObject({
    prompt: field({
      type: 'string',
      minLength: 1,
      maxLength: MAX_PROMPT_LENGTH,
      description: `What to draw, in plain words (at most ${MAX_PROMPT_LENGTH} characters).`,
    }),
    path: field({
      type: 'string',
      description:
        'Optional. The exact file, relative to the project root, that the code will reference, e.g. public/hero.webp (.png, .jpg, .jpeg, .webp or .avif: written in that format). The image is saved exactly there; if that file already exists nothing is generated. Needs n = 1. Overrides outDir.',
    }),
    size: field({
      type: 'string',
      description: `Optional; written the way the model takes it. Seedream: WIDTHxHEIGHT in pixels, at least ${formatPixels(MIN_PIXELS)} pixels in all (default ${DEFAULT_SIZE}; e.g. 2560x1440 for 16:9, 1440x2560 for 9:16). Gemini: an aspect ratio, optionally with @1K, @2K or @4K (${GEMINI_ASPECT_RATIOS.join(' ')}; e.g. 16:9@2K). Wan: leave it out (the provider picks the size).`,
    }),
    n: field({
      type: 'integer',
      minimum: 1,
      maximum: MAX_IMAGES,
      description: `Optional. How many images, 1 to ${MAX_IMAGES} (default 1); each one is billed. Gemini models make ${MAX_IMAGES_BY_FAMILY.gemini} per request.`,
    }),
    model: field({ type: 'string', description: `Optional model id (default ${DEFAULT_MODEL}): ${MODEL_LINES}.` }),
    aspectRatio: field({
      type: 'string',
      description:
        'Optional instead of size, e.g. 16:9: seedream-4-5-251128 offers 1:1, 4:3, 3:4, 16:9, 9:16, 3:2, 2:3, 21:9; Gemini 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9.',
    }),
    format: field({
      type: 'string',
      enum: ['png', 'webp', 'jpeg', 'avif'],
      description:
        'Optional file format (default png, or the one path ends in). WebP is usually the best choice for the web.',
    }),
    width: field({
      type: 'integer',
      minimum: 1,
      description:
        "Optional, with height: the exact width in pixels of the saved file (e.g. 1200 for an Open Graph card). Generated at the model's nearest valid size with the same aspect ratio, then resized and centre-cropped.",
    }),
    height: field({
      type: 'integer',
      minimum: 1,
      description: 'Optional, with width: the exact height in pixels of the saved file (e.g. 630).',
    }),
    alt: field({
      type: 'string',
      description: 'Optional alt text for the ready references (default: the prompt, shortened).',
    }),
    outDir: field({
      type: 'string',
      description: `Optional folder, relative to the project root, to save into under fresh names (default ${DEFAULT_OUT_DIR}); created if missing.`,
    }),
  })
  .meta({ required: ['prompt'], additionalProperties: false });

const savedFile = z.object({
  path: z.string().describe('Relative to the project root, forward slashes.'),
  uri: z.string().describe('file:// URI of the saved file.'),
  mimeType: z.string(),
  bytes: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  markdown: z.string().describe('A Markdown image reference to the root-relative path.'),
  html: z.string().describe('An HTML <img> reference to the root-relative path.'),
});

export const outputSchema = z.object({
  files: z.array(savedFile),
  cost: z.number().nullable().describe('Estimated cost in USD; null when the model price is not published.'),
  requestId: z.string().nullable().describe('The API request id, for support.'),
  unsaved: z
    .array(
      z.object({
        index: z.number(),
        error: z.string(),
        url: z.string().nullable(),
        expiresAt: z.string().nullable(),
        expiryKnown: z.boolean(),
        keptAt: z.string().nullable(),
      }),
    )
    .optional()
    .describe('Images generated (and billed) that could not be saved, with the short-lived link to fetch them.'),
});

export interface ToolArguments extends ToolRequest {
  outDir: string;
}

const KNOWN = new Set(Object.keys(inputSchema.shape));

/**
 * Unknown arguments refused (a silently ignored one would mean a paid image of the wrong shape),
 * then the same reading as VS Code's tool (core/toolInput.ts). Throws AisaError('input').
 */
export function readArguments(raw: unknown): ToolArguments {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const unknown = Object.keys(raw).find((k) => !KNOWN.has(k));
    if (unknown !== undefined)
      throw new AisaError('input', `Unknown argument "${unknown}": generate_image takes ${[...KNOWN].join(', ')}.`);
  }
  const tool = parseToolInput(raw, DEFAULT_MODEL);
  const outDir = (raw as Record<string, unknown>)['outDir'];
  if (outDir !== undefined && outDir !== null && typeof outDir !== 'string')
    throw new AisaError('input', `outDir must be a string, not ${typeof outDir}.`);
  return { ...tool, outDir: outDir?.trim() || DEFAULT_OUT_DIR };
}

/** `path` split into the folder and the exact file name, still root-relative. */
export function splitExact(p: string): { dir: string; name: string } {
  const norm = p.trim().replace(/\\/g, '/');
  return { dir: path.posix.dirname(norm), name: path.posix.basename(norm) };
}
