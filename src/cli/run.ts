import type { Stats } from 'node:fs';
import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AisaError, describeError } from '../core/errors';
import type { GenerationOutcome } from '../core/generate';
import { checkDeliverySize, checkFormat, checkQuality, type OutputFormat } from '../core/convert/formats';
import { AS_GENERATED, plannedRequest, type Delivery } from '../core/delivery';
import { requireModel } from '../core/models';
import { checkReferenceCount, type ReferenceImage } from '../core/refImages/limits';
import { prepareReference } from '../core/refImages/prepare';
import type { Size } from '../core/sizes';
import { HELP, parseCliArgs, type CliArgs } from './args';
import { apiSetup, generateToFolder, isBadInput, UsageError } from './setup';
import { describeUnsaved, rescueUnsaved, type UnsavedReport } from './unsaved';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
  /** Where images that came as bytes but could not be saved are kept (default: the temp dir). */
  unsavedFolder?: string;
}

/**
 * Each --reference read and made sendable (converted, downscaled), after the count is judged
 * against the model so that Seedream is refused before any file is read.
 */
async function readReferences(args: CliArgs, cwd: string): Promise<ReferenceImage[]> {
  if (!args.references.length) return [];
  const countError = checkReferenceCount(requireModel(args.model), args.references.length);
  if (countError) throw new UsageError(countError);
  return Promise.all(
    args.references.map(async (file) => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(path.resolve(cwd, file)));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UsageError(
          `--reference ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not an image' : (e as Error).message}.`,
        );
      }
      return prepareReference(file, bytes);
    }),
  );
}

function prepare(args: CliArgs, env: NodeJS.ProcessEnv, references: readonly ReferenceImage[]) {
  if (args.command !== 'generate') {
    throw new UsageError(
      args.command
        ? `Unknown command "${args.command}": the commands are "generate" and "mcp".`
        : 'Missing command: try "aisa-image generate --prompt TEXT".',
    );
  }
  if (args.root !== undefined) throw new UsageError('--root is for "aisa-image mcp"; generate saves into --out.');
  if (args.prompt === undefined)
    throw new UsageError('Missing --prompt: describe the image you want, e.g. --prompt "a red panda".');
  if (!/^\d+$/.test(args.n)) throw new UsageError(`--n must be a whole number from 1 to 10, not "${args.n}".`);
  const delivery = deliveryOf(args);
  // An exact size is generated at the model's nearest valid size, unless --size says otherwise.
  const { request, note } = plannedRequest(
    { prompt: args.prompt, size: args.size, n: Number(args.n), model: args.model, references },
    delivery ?? AS_GENERATED,
  );
  const setup = apiSetup(env, args.baseUrl);
  if (!args.out.trim()) throw new UsageError('--out must name a folder.');
  return { request, setup, delivery, note };
}

/** `--out` must be a folder or nothing yet: a file there would make every paid image unsavable. */
async function checkOutFolder(out: string): Promise<void> {
  for (let probe = out; ; probe = path.dirname(probe)) {
    const found = await lstatOrUndefined(probe);
    if (found) {
      const isDir =
        found.isDirectory() || (found.isSymbolicLink() && (await statOrUndefined(probe))?.isDirectory() === true);
      if (!isDir)
        throw new UsageError(
          `--out ${out}: ${probe === out ? 'it is' : `${probe} is`} a file, not a folder, so nothing could be saved there; nothing was sent.`,
        );
      return;
    }
    if (path.dirname(probe) === probe) return;
  }
}

const lstatOrUndefined = (p: string): Promise<Stats | undefined> => lstat(p).catch(() => undefined);
const statOrUndefined = (p: string): Promise<Stats | undefined> => stat(p).catch(() => undefined);

/** --format, --resize and --quality, each judged before anything is sent; undefined when none is given. */
function deliveryOf(args: CliArgs): Delivery | undefined {
  if (args.format === undefined && args.resize === undefined && args.quality === undefined) return undefined;
  let format: OutputFormat = 'png';
  if (args.format !== undefined) {
    const f = checkFormat(args.format);
    if (!f.ok) throw new UsageError(`--format: ${f.message}`);
    format = f.value;
  }
  let quality: number | undefined;
  if (args.quality !== undefined) {
    const q = checkQuality(args.quality, format);
    if (!q.ok) throw new UsageError(`--quality: ${q.message}`);
    quality = q.value;
  }
  let size: Size | undefined;
  if (args.resize !== undefined) {
    const r = checkDeliverySize(args.resize, format);
    if (!r.ok) throw new UsageError(`--resize: ${r.message}`);
    size = r.value;
  }
  return { format, quality, size };
}

/** Generation flags mean nothing to the server: each tool call brings its own. */
const GENERATE_ONLY = [
  '--prompt',
  '--size',
  '--n',
  '--model',
  '--out',
  '--json',
  '--format',
  '--resize',
  '--quality',
  '--reference',
];

/** The MCP server lives in dist/mcp.js (esbuild.mjs), loaded only here: generate never pays for the SDK. */
async function serveMcp(argv: readonly string[], args: CliArgs, io: Io): Promise<number> {
  const stray = GENERATE_ONLY.find((f) => argv.some((a) => a === f || a.startsWith(`${f}=`)));
  if (stray) {
    io.err(
      `aisa-image: ${stray} is not an option of "aisa-image mcp" (it takes --root DIR and --base-url URL); the agent passes the prompt, size and count with each call.`,
    );
    return EXIT_USAGE;
  }
  const { runMcpServer } = await import('../mcp/server');
  return runMcpServer({
    root: path.resolve(io.cwd, args.root ?? '.'),
    baseUrl: args.baseUrl,
    env: io.env,
    err: io.err,
    ...(io.signal ? { signal: io.signal } : {}),
  });
}

function report(outcome: GenerationOutcome, unsaved: readonly UnsavedReport[], args: CliArgs, io: Io): void {
  const rel = (p: string): string => path.relative(io.cwd, p) || p;
  // What the model said (Gemini) is for the person: stdout stays paths or JSON only.
  if (outcome.result.text) io.err(`aisa-image: ${outcome.result.model} says: ${outcome.result.text}`);
  if (args.json) {
    io.out(
      JSON.stringify({
        model: outcome.result.model,
        created: outcome.result.created,
        images: outcome.saved.map((s) => ({
          path: rel(s.path),
          size: s.width !== undefined && s.height !== undefined ? `${s.width}x${s.height}` : null,
          bytes: s.bytes,
          mime: s.mime,
        })),
        usage: outcome.result.usage ?? null,
        costUsd: outcome.costUsd ?? null,
        ...(unsaved.length ? { unsaved } : {}),
      }),
    );
  } else {
    for (const s of outcome.saved) io.out(rel(s.path));
  }
  for (const u of unsaved) io.err(`aisa-image: ${describeUnsaved(u, outcome.result.images.length)}`);
}

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    io.err(`aisa-image: ${(e as Error).message}. See aisa-image --help.`);
    return EXIT_USAGE;
  }
  if (args.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  if (args.command === 'mcp') return serveMcp(argv, args, io);
  let prepared: ReturnType<typeof prepare>;
  const outDir = path.resolve(io.cwd, args.out);
  try {
    // Everything else is judged first, so a mistyped flag is not hidden behind reading large files.
    prepare(args, io.env, []);
    prepared = prepare(args, io.env, await readReferences(args, io.cwd));
    await checkOutFolder(outDir);
  } catch (e) {
    // A reference that cannot be read or converted is bad input too: nothing has been sent.
    if (isBadInput(e) || (e instanceof AisaError && e.kind === 'convert')) {
      io.err(`aisa-image: ${(e as Error).message}`);
      return EXIT_USAGE;
    }
    throw e;
  }
  let requested = false;
  try {
    const { delivery, note } = prepared;
    // Said before the request: what is generated, what is delivered.
    if (note) io.err(`aisa-image: ${note}`);
    const outcome = await generateToFolder(prepared.request, prepared.setup, {
      outDir,
      signal: io.signal,
      delivery,
      onProgress: (p) => {
        if (p.phase === 'requesting') requested = true;
      },
    });
    report(outcome, await rescueUnsaved(outcome, io.unsavedFolder), args, io);
    const notConverted = outcome.saved.filter((s) => s.notTransformed);
    for (const s of notConverted)
      io.err(
        `aisa-image: ${path.relative(io.cwd, s.path) || s.path} was saved as the API sent it: ${s.notTransformed?.message}`,
      );
    return outcome.unsaved.length || notConverted.length ? EXIT_FAILED : EXIT_OK;
  } catch (e) {
    // Interrupted while the paid request was out: the API may have generated (and billed) it anyway.
    const interrupted = e instanceof AisaError && e.kind === 'cancelled' && requested;
    io.err(
      `aisa-image: ${interrupted ? 'Cancelled while the request was with the API: the images may still have been generated and billed, so check your usage before trying again.' : describeError(e)}`,
    );
    // 'input' is only ever raised before a request is sent (e.g. a base URL Gemini's path cannot be built from).
    return e instanceof AisaError && e.kind === 'input' ? EXIT_USAGE : EXIT_FAILED;
  }
}
