import { parseArgs } from 'node:util';
import { DEFAULT_BASE_URL } from '../core/baseUrl';
import { DEFAULT_GEMINI_SIZE, GEMINI_ASPECT_RATIOS } from '../core/modelSizes';
import { DEFAULT_MODEL, describePrice, MODELS } from '../core/models';
import { DEFAULT_GEMINI_API_VERSION } from '../core/routes/gemini';
import { DEFAULT_SIZE } from '../core/sizes';
import { DEFAULT_QUALITY } from '../core/convert/formats';

const MODEL_LIST = MODELS.map((m) => `                      ${m.id.padEnd(28)}${describePrice(m)}`).join('\n');

export const HELP = `aisa-image: generate images with the AIsa API and save them to a folder.

Usage:
  aisa-image generate --prompt TEXT [--size WxH] [--n N] [--model ID] [--out DIR] [--base-url URL] [--json]
                      [--format png|webp|jpeg|avif] [--resize WxH] [--quality N] [--reference FILE]...
  aisa-image mcp [--root DIR] [--base-url URL]
  aisa-image --help

Commands:
  generate          Generate images and save them into --out.
  mcp               Serve the tool generate_image to AI agents over MCP (stdio: stdin and stdout
                    carry the protocol, log lines go to stderr). Files are saved only inside --root.

Options:
  --prompt TEXT     What to draw (required, at most 4000 characters).
  --size WxH        Image size, written the way the model takes it:
                    Seedream: width x height in pixels, at least 3,686,400 pixels in all
                      (default ${DEFAULT_SIZE}; e.g. 1920x1920, 2560x1440, 1440x2560).
                    Gemini: an aspect ratio, optionally @1K, @2K or @4K (default ${DEFAULT_GEMINI_SIZE};
                      e.g. 16:9 or 16:9@4K). Ratios: ${GEMINI_ASPECT_RATIOS.join(' ')}.
                    Wan: none. Its route has no size setting, so leave --size out.
  --n N             Number of images, 1 to 10 (default 1). Each one is billed.
                    Gemini models make one image per request: n must be 1.
  --model ID        Model id (default ${DEFAULT_MODEL}); the right API route is chosen for it:
${MODEL_LIST}
                    Other gemini-*-image* ids are sent to the Gemini route.
  --reference FILE  An image to edit or compose from (PNG, JPEG or WebP; other formats are
                    converted to PNG, and images over 10 MB are downscaled to fit). Repeatable.
                    Wan 2.7 and Gemini take 1 (AIsa does not document more); Seedream on AIsa
                    takes text only. E.g. --model wan2.7-image --prompt "at night" --reference hero.png
  --out DIR         Folder to save into, created if missing (default assets).
  --format FORMAT   Save as png (default: as the API sends it), webp, jpeg (or jpg) or avif,
                    with the prompt, model, size and request id inside (PNG text chunks, XMP).
  --resize WxH      Deliver exactly W x H pixels: generated at the model's nearest valid size
                    with the same aspect ratio (unless --size is given), then resized and
                    centre-cropped. WebP holds at most 16383 pixels a side, AVIF 16384, JPEG 65500.
  --quality N       1 to 100, for webp (default ${DEFAULT_QUALITY.webp}), jpeg (${DEFAULT_QUALITY.jpeg}) and avif (${DEFAULT_QUALITY.avif}); not for png.
  --base-url URL    API base URL (default: $AISA_BASE_URL, else ${DEFAULT_BASE_URL}).
                    Plain http is refused except to localhost.
  --root DIR        mcp only: the folder the tool's paths are relative to, and the only place it
                    writes (default: the working directory).
  --json            Print one JSON object instead of one path a line:
                    {model, created, images: [{path, size, bytes, mime}], usage, costUsd}
                    costUsd is null when the model's price is not published.
  -h, --help        Show this help.

Environment:
  AISA_API_KEY      Your AIsa API key (required). It is sent only to the base URL.
  AISA_BASE_URL     Base URL used when --base-url is not given.
  AISA_GEMINI_API_VERSION
                    v1beta (default ${DEFAULT_GEMINI_API_VERSION}) or v1: Gemini models are sent to
                    {base URL without /v1}/VERSION/models/ID:generateContent.

Text a model writes beside its images (Gemini) is printed on stderr; stdout holds only the
paths, or the JSON object. Files are never overwritten: a new name is chosen when one exists.
Images that were generated (and billed) but could not be saved are listed on stderr, and in the
JSON as "unsaved": [{index, error, url, expiresAt, expiryKnown, keptAt}]. A link can be fetched
until expiresAt; images that came as bytes are kept in $TMPDIR/aisa-image-unsaved-UID (keptAt), readable only by you.

Exit status: 0 every image saved; 1 the API, a download or a save failed; 2 bad input (nothing sent).
`;

export interface CliArgs {
  help: boolean;
  command: string | undefined;
  prompt: string | undefined;
  /** Undefined takes the model's own default (none for Wan). */
  size: string | undefined;
  n: string;
  model: string;
  out: string;
  baseUrl: string | undefined;
  /** `mcp` only: undefined is the working directory. */
  root: string | undefined;
  json: boolean;
  format: string | undefined;
  resize: string | undefined;
  quality: string | undefined;
  references: string[];
}

const STRING_OPTIONS = new Set([
  '--prompt',
  '--size',
  '--n',
  '--model',
  '--out',
  '--base-url',
  '--format',
  '--resize',
  '--quality',
  '--reference',
  '--root',
]);

/**
 * `--n -1` or `--prompt "-ish"`: a value that starts with a dash is still the option's value (node
 * would call it ambiguous), so that the checks below can say what is wrong with it.
 */
function joinDashValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    if (STRING_OPTIONS.has(arg) && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** Throws a TypeError with node's own wording for unknown or malformed options. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: joinDashValues(argv),
    allowPositionals: true,
    strict: true,
    options: {
      prompt: { type: 'string' },
      size: { type: 'string' },
      n: { type: 'string', default: '1' },
      model: { type: 'string', default: DEFAULT_MODEL },
      out: { type: 'string', default: 'assets' },
      'base-url': { type: 'string' },
      format: { type: 'string' },
      resize: { type: 'string' },
      quality: { type: 'string' },
      reference: { type: 'string', multiple: true, default: [] },
      root: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (positionals.length > 1) throw new TypeError(`Unexpected argument "${positionals[1]}"`);
  return {
    help: values.help,
    command: positionals[0],
    prompt: values.prompt,
    size: values.size,
    n: values.n,
    model: values.model,
    out: values.out,
    baseUrl: values['base-url'],
    root: values.root,
    json: values.json,
    format: values.format,
    resize: values.resize,
    quality: values.quality,
    references: values.reference,
  };
}
