import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import path from 'node:path';
import { rootRelative } from '../core/agentSummary';
import { describeError, isAisaError } from '../core/errors';
import type { Progress } from '../core/generate';
import { AS_GENERATED, plannedRequest, type Delivery } from '../core/delivery';
import type { ValidRequest } from '../core/request';
import type { Semaphore } from '../core/semaphore';
import { apiSetup, generateToFolder, isBadInput, type ApiSetup } from '../cli/setup';
import { rescueUnsaved } from '../cli/unsaved';
import { readArguments } from './generateImageTool';
import { insideRoot } from './insideRoot';
import { errorResult, successResult } from './summary';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface HandlerContext {
  /** Real path of the root. */
  readonly root: string;
  readonly baseUrl: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  readonly queue: Semaphore;
}

/** Where images that came as bytes but could not be saved are kept: inside the root like everything else. */
export const UNSAVED_DIR = '.aisa-image-unsaved';

/** While the API works (often 10-60 s), a beat this often tells the client the call is alive. */
const HEARTBEAT_MS = 10_000;

interface Plan {
  request: ValidRequest;
  delivery: Delivery | undefined;
  setup: ApiSetup;
  outDir: string;
  exactName: string | undefined;
  /** The root-relative `path` asked for. */
  wanted: string | undefined;
  alt: string;
}

/** Everything judged before a request is sent: a fault here costs nothing. */
async function plan(raw: unknown, ctx: HandlerContext): Promise<Plan> {
  const a = readArguments(raw);
  // Another format or exact dimensions: converted as each image arrives (the core's web-ready transform).
  const delivery =
    a.format !== undefined || a.deliver
      ? { format: a.format ?? 'png', quality: undefined, size: a.deliver }
      : undefined;
  const { request } = plannedRequest(a.request, delivery ?? AS_GENERATED);
  const setup = apiSetup(ctx.env, ctx.baseUrl);
  const { alt } = a;
  if (a.path === undefined)
    return {
      request,
      delivery,
      setup,
      outDir: await insideRoot(ctx.root, a.outDir, 'outDir'),
      exactName: undefined,
      wanted: undefined,
      alt,
    };
  if (!a.path.trim() || /[\\/]$/.test(a.path.trim()))
    throw new TypeError(
      `path "${a.path}" names no file: give the file the code will reference, such as public/hero.png, or leave path out.`,
    );
  const target = await insideRoot(ctx.root, a.path, 'path');
  return {
    request,
    delivery,
    setup,
    outDir: path.dirname(target),
    exactName: path.basename(target),
    wanted: rootRelative(ctx.root, target),
    alt,
  };
}

/** Progress notifications, only when the client asked for them (it sent a progress token). */
function progressReporter(extra: Extra, root: string, n: number) {
  const token = extra._meta?.progressToken;
  let last = -1;
  let total = n + 1;
  let beat: NodeJS.Timeout | undefined;
  // In order, and all out before the result: a client drops progress that arrives after it.
  let sent: Promise<void> = Promise.resolve();
  const send = (progress: number, message: string): void => {
    if (token === undefined || progress <= last) return;
    last = progress;
    const params = { progressToken: token, progress, total, message };
    sent = sent.then(() => extra.sendNotification({ method: 'notifications/progress', params })).catch(() => undefined);
  };
  const stop = (): void => clearInterval(beat);
  const on = (p: Progress): void => {
    if (p.phase === 'requesting') {
      send(0, `Generating ${n} ${n === 1 ? 'image' : 'images'}`);
      let beats = 0;
      beat = setInterval(() => {
        beats++;
        // Below 1 (the answer) and always rising, however long the API takes.
        send(beats / (beats + 1), `Still generating (${(beats * HEARTBEAT_MS) / 1000} s)`);
      }, HEARTBEAT_MS);
      beat.unref();
    } else if (p.phase === 'downloading') {
      stop();
      total = p.total + 1;
      send(1, `Downloading ${p.total} ${p.total === 1 ? 'image' : 'images'}`);
    } else {
      send(1 + p.done, `Saved ${rootRelative(root, p.image.path)}`);
    }
  };
  const flush = (): Promise<void> => {
    stop();
    return sent;
  };
  return { on, stop, flush };
}

/** The generate_image tool: plan, then the core pipeline (through the CLI's setup), then the summary. */
export async function generateImage(raw: unknown, extra: Extra, ctx: HandlerContext): Promise<CallToolResult> {
  let p: Plan;
  try {
    p = await plan(raw, ctx);
  } catch (e) {
    const sentence = e instanceof TypeError || isBadInput(e) ? (e as Error).message : describeError(e);
    ctx.log(`generate_image refused, nothing sent: ${sentence}`);
    return errorResult(sentence);
  }
  const { request } = p;
  const progress = progressReporter(extra, ctx.root, request.n);
  ctx.log(
    `generate_image: ${request.n} x ${request.model}${request.size ? ` ${request.size}` : ''} into ${rootRelative(ctx.root, p.wanted ? path.join(p.outDir, p.exactName ?? '') : p.outDir) || '.'}`,
  );
  try {
    const outcome = await ctx.queue.use(
      () =>
        generateToFolder(request, p.setup, {
          outDir: p.outDir,
          exactName: p.exactName,
          delivery: p.delivery,
          root: ctx.root,
          signal: extra.signal,
          onProgress: progress.on,
          onEvent: (e) => {
            if (e.type === 'response')
              ctx.log(
                `${e.route} ${e.status} in ${e.durationMs} ms${e.requestId ? ` (request id ${e.requestId})` : ''}`,
              );
            if (e.type === 'retry') ctx.log(`${e.route}: retry ${e.attempt} in ${e.delayMs} ms (${e.reason})`);
          },
        }),
      extra.signal,
    );
    const unsaved = await rescueUnsaved(outcome, path.join(ctx.root, UNSAVED_DIR));
    for (const s of outcome.saved) ctx.log(`saved ${rootRelative(ctx.root, s.path)}`);
    for (const u of unsaved)
      ctx.log(
        `image ${u.index + 1} paid but not saved: ${u.error}${u.url ? ` (link ${u.url}${u.expiresAt ? ` until ${u.expiresAt}` : ''})` : ''}${u.keptAt ? ` (kept at ${u.keptAt})` : ''}`,
      );
    if (extra.signal.aborted) ctx.log('generate_image cancelled by the client');
    await progress.flush();
    return successResult(ctx.root, outcome, unsaved, p.alt, p.wanted);
  } catch (e) {
    const sentence = describeError(e);
    // Cancelled while waiting its turn in the queue comes as the signal's own reason, not an AisaError.
    const cancelled = isAisaError(e, 'cancelled') || extra.signal.aborted;
    ctx.log(cancelled ? 'generate_image cancelled by the client: nothing saved' : `generate_image failed: ${sentence}`);
    return errorResult(sentence);
  } finally {
    progress.stop();
  }
}
