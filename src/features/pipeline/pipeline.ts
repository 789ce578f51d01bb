import type * as vscode from 'vscode';
import type { GenerationOutcome, Progress } from '../../core/generate';
import { AisaError } from '../../core/errors';
import { requireModel, type ModelInfo } from '../../core/models';
import { checkReferenceCount } from '../../core/refImages/limits';
import type { RequestInput, ValidRequest } from '../../core/request';
import { askRequest, type RequestArgs } from '../ask';
import type { Deps } from '../deps';
import type { TrackedPoint } from '../editorTracker';
import type { KeptAnswer } from '../generationService';
import { loadReferences } from '../references/load';
import { editModel, pickEditModel } from '../references/pickModel';
import { readSettings } from '../settings';
import { showError } from '../showError';
import type { GenerationTarget } from '../workspaceTarget';
import { offerRetrySaving, savedUris } from './afterSave';
import { planDelivery, plannedRequest, type Delivery } from '../../core/delivery';
import { resolveDelivery, type DeliveryAsk } from './delivery';
import { withNotification } from './progress';

/**
 * Who started a generation, which decides everything the entry points used to decide apart:
 * - person: a command from the UI; asks for the key and the request, shows progress and errors
 *   as notifications, and offers Retry Saving for paid images that could not be written;
 * - script: a command with arguments (tests, keybindings); asks nothing, throws its errors back;
 * - panel: the webview form; may ask for the key, shows progress and errors itself;
 * - agent: the language-model tool; asks nothing, its caller shows progress and errors.
 */
export type Caller = 'person' | 'script' | 'panel' | 'agent';

/** The steps asked of a person (prompt, size, count), each skipped where a script gave it. */
export interface AskSpec {
  readonly title: string;
  readonly initialPrompt: string;
  readonly promptHint?: string | ((model: ModelInfo) => string);
  readonly maxCount?: number;
  readonly args?: RequestArgs | undefined;
  /** The model, instead of the setting (a script editing with a given model). */
  readonly model?: string | undefined;
}

/** Where the request comes from: asked, given whole, or an earlier paid answer kept to be saved again. */
export type Source =
  | { readonly ask: AskSpec }
  | { readonly given: RequestInput }
  | { readonly kept: { readonly request: ValidRequest; readonly answer: KeptAnswer; readonly delivery: Delivery } };

export interface Job<R> {
  readonly caller: Caller;
  /** Where the images go; undefined when the person backed out. Judged before anything is asked or spent. */
  readonly target: () => Promise<GenerationTarget | undefined>;
  /** The delivered file's format and exact size, where the entry point knows them (a reference, an agent). */
  readonly delivery?: DeliveryAsk | (() => DeliveryAsk | undefined);
  /** A function when it depends on what `target` judged. */
  readonly source: Source | (() => Source);
  /** Given by callers that show progress themselves (the panel, the agent, Retry Saving); else a notification with Cancel. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  /**
   * Take the person's cursor now (it follows their edits meanwhile) for a reference to go to
   * later: `deliver` gets it and owns it from then on (offerNext disposes it); if nothing is
   * delivered, the pipeline disposes it.
   */
  readonly insertionPoint?: boolean;
  /**
   * Images to edit or compose from (workspace files). With an asked request, the person also
   * chooses the model, among those that take images. Read, converted and shrunk after the
   * request is known and its model judged able to take them, before anything is sent.
   */
  readonly references?: readonly vscode.Uri[];
  /** What the entry point does with the saved files; its errors are reported like the pipeline's. */
  readonly deliver: (done: Generated) => Promise<R> | R;
}

export interface Generated {
  readonly outcome: GenerationOutcome;
  readonly target: GenerationTarget;
  readonly request: ValidRequest;
  readonly uris: vscode.Uri[];
  readonly point: TrackedPoint | undefined;
}

/**
 * The one generation pipeline under every entry point: target -> key -> request (asked or
 * given, validated before anything is spent) -> queue -> generate -> save -> annotate -> log ->
 * history and pending -> Retry Saving offered -> the entry point's delivery. Undefined when the
 * person backed out.
 */
export async function runPipeline<R>(deps: Deps, job: Job<R>): Promise<R | undefined> {
  try {
    return await run(deps, job);
  } catch (e) {
    if (job.caller !== 'person') throw e;
    await showError(deps, e);
    return undefined;
  }
}

async function run<R>(deps: Deps, job: Job<R>): Promise<R | undefined> {
  const point = job.insertionPoint && job.caller === 'person' ? deps.editors.trackPoint() : undefined;
  let delivered = false;
  try {
    const generated = await generate(deps, job);
    if (!generated) return undefined;
    delivered = true;
    return await job.deliver({ ...generated, point });
  } finally {
    if (!delivered) point?.dispose();
  }
}

async function generate<R>(deps: Deps, job: Job<R>): Promise<Omit<Generated, 'point'> | undefined> {
  const { caller } = job;
  const target = await job.target();
  if (!target) return undefined;
  const source = typeof job.source === 'function' ? job.source() : job.source;
  // Asked before the prompt, so backing out of the key box never throws away a typed prompt.
  if (caller === 'person' && !('kept' in source) && !(await deps.apiKey.ensure())) return undefined;
  const resolved =
    'kept' in source
      ? source.kept.delivery
      : resolveDelivery(typeof job.delivery === 'function' ? job.delivery() : job.delivery, target);
  const asked = await requestOf(source, target, caller, resolved, job.references ?? []);
  if (!asked) return undefined;
  const { request } = asked;
  const delivery = asked.delivery ?? resolved;
  const outcome = await execute(deps, job, source, request, target, delivery);
  if (!outcome) return undefined;
  if (caller === 'person') offerRetrySaving(deps, outcome);
  return { outcome, target, request, uris: savedUris(outcome) };
}

/**
 * The request, asked or given, judged before anything is spent: with exact delivered
 * dimensions the generated size is planned from them (unless one was given); references are
 * judged against the model (Seedream, or too many, refused before a single file is read), then
 * read and prepared.
 */
async function requestOf(
  source: Source,
  target: GenerationTarget,
  caller: Caller,
  delivery: Delivery,
  references: readonly vscode.Uri[],
): Promise<{ request: ValidRequest; delivery?: Delivery } | undefined> {
  if ('kept' in source) return { request: source.kept.request };
  const got = await inputOf(source, target, caller, delivery, references.length > 0);
  if (!got) return undefined;
  const used = got.delivery ?? delivery;
  if (!references.length)
    return { request: plannedRequest(got.input, used).request, ...(got.delivery ? { delivery: used } : {}) };
  const countError = checkReferenceCount(requireModel(got.input.model), references.length);
  if (countError) throw new AisaError('input', countError);
  const request = plannedRequest({ ...got.input, references: await loadReferences(references) }, used).request;
  return { request, ...(got.delivery ? { delivery: used } : {}) };
}

/** What was given, or what a person was asked (the prompt step says what will be generated and what delivered). */
async function inputOf(
  source: Exclude<Source, { kept: unknown }>,
  target: GenerationTarget,
  caller: Caller,
  delivery: Delivery,
  editing: boolean,
): Promise<{ input: RequestInput & { model: string }; delivery?: Delivery } | undefined> {
  const settings = readSettings(target.folder.uri);
  if ('given' in source) return { input: { ...source.given, model: source.given.model ?? settings.model } };
  const { promptHint, model: given, ...ask } = source.ask;
  const model = given ? requireModel(given) : editing ? editModel(settings.model) : requireModel(settings.model);
  const { plan, sentence } = planDelivery(model.id, delivery, ask.args?.size);
  const hint = promptHint === undefined ? undefined : typeof promptHint === 'string' ? promptHint : promptHint(model);
  const asked = await askRequest({
    ...ask,
    ...(hint === undefined && !delivery.size
      ? {}
      : { promptHint: [hint, delivery.size ? sentence : undefined].filter(Boolean).join(' ') }),
    model,
    defaultSize: settings.defaultSize,
    args: plan?.size ? { ...ask.args, size: plan.size } : ask.args,
    scripted: caller !== 'person',
    format: delivery.format,
    ...(editing && !given ? { chooseModel: pickEditModel(settings.model) } : {}),
  });
  if (!asked) return undefined;
  const input = { prompt: asked.prompt, size: asked.size, n: asked.n, model: (asked.model ?? model).id };
  if (!asked.deliver) return { input };
  // "Exact size and format..." picked in the size step: delivered that way, whatever the setting
  // says; a file a document names keeps the format its name says.
  return {
    input,
    delivery: { ...delivery, format: target.file ? delivery.format : asked.deliver.format, size: asked.deliver.size },
  };
}

function execute<R>(
  deps: Deps,
  job: Job<R>,
  source: Source,
  request: ValidRequest,
  target: GenerationTarget,
  delivery: Delivery,
): Thenable<GenerationOutcome | undefined> {
  const start = (
    signal: AbortSignal | undefined,
    onProgress: ((p: Progress) => void) | undefined,
  ): Promise<GenerationOutcome | undefined> => {
    const opts = {
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
      interactive: job.caller === 'person' || job.caller === 'panel',
      delivery,
    };
    return 'kept' in source
      ? deps.service.resave(request, target, source.kept.answer, opts)
      : deps.service.run(request, target, opts);
  };
  if (job.caller === 'panel' || job.caller === 'agent' || job.signal) return start(job.signal, job.onProgress);
  return withNotification(request, start);
}
