import { parseArgs } from 'node:util';
import { DEFAULT_BASE_URL } from '../core/baseUrl';
import { DEFAULT_MODEL } from '../core/models';
import { DEFAULT_SIZE } from '../core/sizes';

export const HELP = `aisa-image: generate images with the AIsa API and save them to a folder.

Usage:
  aisa-image generate --prompt TEXT [--size WxH] [--n N] [--model ID] [--out DIR] [--base-url URL] [--json]
  aisa-image --help

Options:
  --prompt TEXT     What to draw (required, at most 4000 characters).
  --size WxH        Width x height in pixels, at least 3,686,400 pixels in all
                    (default ${DEFAULT_SIZE}; e.g. 1920x1920, 2560x1440, 1440x2560).
  --n N             Number of images, 1 to 10 (default 1). Each one is billed.
  --model ID        Model id (default ${DEFAULT_MODEL}).
  --out DIR         Folder to save into, created if missing (default assets).
  --base-url URL    API base URL (default: $AISA_BASE_URL, else ${DEFAULT_BASE_URL}).
                    Plain http is refused except to localhost.
  --json            Print one JSON object instead of one path a line:
                    {model, created, images: [{path, size, bytes, mime}], usage, costUsd}
  -h, --help        Show this help.

Environment:
  AISA_API_KEY      Your AIsa API key (required). It is sent only to the base URL.
  AISA_BASE_URL     Base URL used when --base-url is not given.

Files are never overwritten: a new name is chosen when one exists. Images that were generated
but could not be saved are listed on stderr with their short-lived links.

Exit status: 0 every image saved; 1 the API or a download failed; 2 bad input (nothing sent).
`;

export interface CliArgs {
  help: boolean;
  command: string | undefined;
  prompt: string | undefined;
  size: string;
  n: string;
  model: string;
  out: string;
  baseUrl: string | undefined;
  json: boolean;
}

/** Throws a TypeError with node's own wording for unknown or malformed options. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      prompt: { type: 'string' },
      size: { type: 'string', default: DEFAULT_SIZE },
      n: { type: 'string', default: '1' },
      model: { type: 'string', default: DEFAULT_MODEL },
      out: { type: 'string', default: 'assets' },
      'base-url': { type: 'string' },
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
    json: values.json,
  };
}
