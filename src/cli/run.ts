import path from 'node:path';
import { DEFAULT_BASE_URL, validateBaseUrl } from '../core/baseUrl';
import { AisaClient } from '../core/client';
import { AisaError, describeError } from '../core/errors';
import { generateAndSave, type GenerationOutcome } from '../core/generate';
import { annotateGeneratedImage } from '../core/pngText';
import { nodeFileSystem } from '../core/nodeFs';
import { validateRequest } from '../core/request';
import { parseGeminiApiVersion } from '../core/routes/gemini';
import { checkDeliverySize, checkFormat, checkQuality, type OutputFormat } from '../core/convert/formats';
import { webReadyTransform } from '../core/convert/transform';
import { describePlan, planExactSize, planForSize } from '../core/exactSize';
import { requireModel } from '../core/models';
import { readFile } from 'node:fs/promises';
import { checkReferenceCount, type ReferenceImage } from '../core/refImages/limits';
import { prepareReference } from '../core/refImages/prepare';
import { referenceRecorder } from '../core/refImages/record';
import type { Size } from '../core/sizes';
import { HELP, parseCliArgs, type CliArgs } from './args';
import { describeUnsaved, rescueUnsaved, type UnsavedReport } from './unsaved';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
  /** Where images that came as bytes but could not be saved are kept (default: the temp dir). */
  unsavedFolder?: string;
}

class UsageError extends Error {}

/**
 * Each --reference read and made sendable (converted, downscaled), after the count is judged
 * against the model so that Seedream is refused before any file is read.
 */
async function readReferences(args: CliArgs, cwd: string): Promise<ReferenceImage[]> {
  if (!args.references.length) return [];
  const countError = checkReferenceCount(requireModel(args.model), args.references.length);
  if (countError) throw new UsageError(countError);
  return Promise.all(args.references.map(async (file) => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path.resolve(cwd, file)));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`--reference ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not an image' : (e as Error).message}.`);
    }
    return prepareReference(file, bytes);
  }));
}

function prepare(args: CliArgs, env: NodeJS.ProcessEnv, references: readonly ReferenceImage[]) {
  if (args.command !== 'generate') {
    throw new UsageError(args.command ? `Unknown command "${args.command}": the only command is "generate".` : 'Missing command: try "aisa-image generate --prompt TEXT".');
  }
  if (args.prompt === undefined) throw new UsageError('Missing --prompt: describe the image you want, e.g. --prompt "a red panda".');
  if (!/^\d+$/.test(args.n)) throw new UsageError(`--n must be a whole number from 1 to 10, not "${args.n}".`);
  const delivery = deliveryOf(args);
  // An exact size is generated at the model's nearest valid size, unless --size says otherwise.
  const plan = delivery?.size ? planExactSize(requireModel(args.model), delivery.size) : undefined;
  const size = args.size ?? plan?.size;
  const request = validateRequest({ prompt: args.prompt, size, n: Number(args.n), model: args.model, references });
  const baseUrl = validateBaseUrl(args.baseUrl ?? (env['AISA_BASE_URL']?.trim() || DEFAULT_BASE_URL));
  const geminiApiVersion = parseGeminiApiVersion(env['AISA_GEMINI_API_VERSION']);
  const apiKey = env['AISA_API_KEY']?.trim();
  if (!apiKey) throw new UsageError('AISA_API_KEY is not set: export your AIsa API key, e.g. export AISA_API_KEY=sk-...');
  if (!args.out.trim()) throw new UsageError('--out must name a folder.');
  const used = delivery?.size && args.size !== undefined ? planForSize(request.modelInfo, request.size, delivery.size) : plan;
  const note = delivery ? describePlan(request.modelInfo, used, delivery.format) : undefined;
  return { request, baseUrl, apiKey, geminiApiVersion, delivery, note };
}

interface Delivery {
  readonly format: OutputFormat;
  readonly quality: number | undefined;
  readonly size: Size | undefined;
}

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

function report(outcome: GenerationOutcome, unsaved: readonly UnsavedReport[], args: CliArgs, io: Io): void {
  const rel = (p: string): string => path.relative(io.cwd, p) || p;
  // What the model said (Gemini) is for the person: stdout stays paths or JSON only.
  if (outcome.result.text) io.err(`aisa-image: ${outcome.result.model} says: ${outcome.result.text}`);
  if (args.json) {
    io.out(JSON.stringify({
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
    }));
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
  let prepared: ReturnType<typeof prepare>;
  try {
    // Everything else is judged first, so a mistyped flag is not hidden behind reading large files.
    prepare(args, io.env, []);
    prepared = prepare(args, io.env, await readReferences(args, io.cwd));
  } catch (e) {
    // A reference that cannot be read or converted is bad input too: nothing has been sent.
    if (e instanceof UsageError || (e instanceof AisaError && (e.kind === 'input' || e.kind === 'unsupported_model' || e.kind === 'convert'))) {
      io.err(`aisa-image: ${e.message}`);
      return EXIT_USAGE;
    }
    throw e;
  }
  try {
    const client = new AisaClient({ baseUrl: prepared.baseUrl, apiKey: prepared.apiKey, geminiApiVersion: prepared.geminiApiVersion });
    const { delivery, note } = prepared;
    // Said before the request: what is generated, what is delivered.
    if (note) io.err(`aisa-image: ${note}`);
    const outcome = await generateAndSave(prepared.request, {
      client,
      fs: nodeFileSystem,
      outDir: path.resolve(io.cwd, args.out),
      ...(io.signal ? { signal: io.signal } : {}),
      // The same record of prompt, model and request id the extension writes into its PNGs.
      annotate: annotateGeneratedImage,
      // The PNG records the names of the images it was made from (the transform's own record does not).
      ...(delivery ? { transform: referenceRecorder(webReadyTransform(delivery)) } : {}),
    });
    report(outcome, await rescueUnsaved(outcome, io.unsavedFolder), args, io);
    const notConverted = outcome.saved.filter((s) => s.notTransformed);
    for (const s of notConverted) io.err(`aisa-image: ${path.relative(io.cwd, s.path) || s.path} was saved as the API sent it: ${s.notTransformed?.message}`);
    return outcome.unsaved.length || notConverted.length ? EXIT_FAILED : EXIT_OK;
  } catch (e) {
    io.err(`aisa-image: ${describeError(e)}`);
    // 'input' is only ever raised before a request is sent (e.g. a base URL Gemini's path cannot be built from).
    return e instanceof AisaError && e.kind === 'input' ? EXIT_USAGE : EXIT_FAILED;
  }
}
