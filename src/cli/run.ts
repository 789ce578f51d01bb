import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_BASE_URL, validateBaseUrl } from '../core/baseUrl';
import { AisaClient, apiKeyProblem } from '../core/client';
import { AisaError, describeError } from '../core/errors';
import { generateAndSave, type GenerationOutcome } from '../core/generate';
import { nodeFileSystem } from '../core/nodeFs';
import { validateRequest } from '../core/request';
import { parseGeminiApiVersion } from '../core/routes/gemini';
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

function prepare(args: CliArgs, env: NodeJS.ProcessEnv) {
  if (args.command !== 'generate') {
    throw new UsageError(args.command ? `Unknown command "${args.command}": the only command is "generate".` : 'Missing command: try "aisa-image generate --prompt TEXT".');
  }
  if (args.prompt === undefined) throw new UsageError('Missing --prompt: describe the image you want, e.g. --prompt "a red panda".');
  if (!/^\d+$/.test(args.n)) throw new UsageError(`--n must be a whole number from 1 to 10, not "${args.n}".`);
  const request = validateRequest({ prompt: args.prompt, size: args.size, n: Number(args.n), model: args.model });
  const baseUrl = validateBaseUrl(args.baseUrl ?? (env['AISA_BASE_URL']?.trim() || DEFAULT_BASE_URL));
  const geminiApiVersion = parseGeminiApiVersion(env['AISA_GEMINI_API_VERSION']);
  const apiKey = env['AISA_API_KEY']?.trim();
  if (!apiKey) throw new UsageError('AISA_API_KEY is not set: export your AIsa API key, e.g. export AISA_API_KEY=sk-...');
  const keyProblem = apiKeyProblem(apiKey);
  if (keyProblem) throw new UsageError(keyProblem.replace('paste the key again', 'set AISA_API_KEY again'));
  if (!args.out.trim()) throw new UsageError('--out must name a folder.');
  return { request, baseUrl, apiKey, geminiApiVersion };
}

/** `--out` must be a folder or nothing yet: a file there would make every paid image unsavable. */
async function checkOutFolder(out: string): Promise<void> {
  for (let probe = out; ; probe = path.dirname(probe)) {
    const stat = await lstatOrUndefined(probe);
    if (stat) {
      const isDir = stat.isDirectory() || (stat.isSymbolicLink() && (await statOrUndefined(probe))?.isDirectory() === true);
      if (!isDir) throw new UsageError(`--out ${out}: ${probe === out ? 'it is' : `${probe} is`} a file, not a folder, so nothing could be saved there; nothing was sent.`);
      return;
    }
    if (path.dirname(probe) === probe) return;
  }
}

const lstatOrUndefined = (p: string): Promise<Stats | undefined> => lstat(p).catch(() => undefined);
const statOrUndefined = (p: string): Promise<Stats | undefined> => stat(p).catch(() => undefined);

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
  const outDir = path.resolve(io.cwd, args.out);
  try {
    prepared = prepare(args, io.env);
    await checkOutFolder(outDir);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof AisaError && e.kind === 'input') || (e instanceof AisaError && e.kind === 'unsupported_model')) {
      io.err(`aisa-image: ${e.message}`);
      return EXIT_USAGE;
    }
    throw e;
  }
  let requested = false;
  try {
    const client = new AisaClient({ baseUrl: prepared.baseUrl, apiKey: prepared.apiKey, geminiApiVersion: prepared.geminiApiVersion });
    const outcome = await generateAndSave(prepared.request, {
      onProgress: (p) => {
        if (p.phase === 'requesting') requested = true;
      },
      client,
      fs: nodeFileSystem,
      outDir,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    report(outcome, await rescueUnsaved(outcome, io.unsavedFolder), args, io);
    return outcome.unsaved.length ? EXIT_FAILED : EXIT_OK;
  } catch (e) {
    // Interrupted while the paid request was out: the API may have generated (and billed) it anyway.
    const interrupted = e instanceof AisaError && e.kind === 'cancelled' && requested;
    io.err(`aisa-image: ${interrupted ? 'Cancelled while the request was with the API: the images may still have been generated and billed, so check your usage before trying again.' : describeError(e)}`);
    // 'input' is only ever raised before a request is sent (e.g. a base URL Gemini's path cannot be built from).
    return e instanceof AisaError && e.kind === 'input' ? EXIT_USAGE : EXIT_FAILED;
  }
}
