import type * as vscode from 'vscode';
import type { GenerationOutcome, Progress } from '../../core/generate';
import { AisaError } from '../../core/errors';
import { requireModel, type ModelInfo } from '../../core/models';
import { checkReferenceCount } from '../../core/refImages/limits';
import { validateRequest, type RequestInput, type ValidRequest } from '../../core/request';
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
  | { readonly kept: { readonly request: ValidRequest; readonly answer: KeptAnswer } };

export interface Job<R> {
  readonly caller: Caller;
  /** Where the images go; undefined when the person backed out. Judged before anything is asked or spent. */
  readonly target: () => Promise<GenerationTarget | undefined>;
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
  const request = await requestOf(source, target, caller, job.references ?? []);
  if (!request) return undefined;
  const outcome = await execute(deps, job, source, request, target);
  if (!outcome) return undefined;
  if (caller === 'person') offerRetrySaving(deps, outcome);
  return { outcome, target, request, uris: savedUris(outcome) };
}

async function requestOf(source: Source, target: GenerationTarget, caller: Caller, references: readonly vscode.Uri[]): Promise<ValidRequest | undefined> {
  if ('kept' in source) return source.kept.request;
  const input = await inputOf(source, target, caller, references.length > 0);
  if (!input) return undefined;
  if (!references.length) return validateRequest(input);
  // Seedream, or too many, is refused before a single file is read.
  const countError = checkReferenceCount(requireModel(input.model), references.length);
  if (countError) throw new AisaError('input', countError);
  return validateRequest({ ...input, references: await loadReferences(references) });
}

async function inputOf(source: Exclude<Source, { kept: unknown }>, target: GenerationTarget, caller: Caller, editing: boolean): Promise<(RequestInput & { model: string }) | undefined> {
  const settings = readSettings(target.folder.uri);
  if ('given' in source) return { ...source.given, model: source.given.model ?? settings.model };
  const { promptHint, model: given, ...ask } = source.ask;
  const model = given ? requireModel(given) : editing ? editModel(settings.model) : requireModel(settings.model);
  const asked = await askRequest({
    ...ask,
    ...(promptHint === undefined ? {} : { promptHint: typeof promptHint === 'string' ? promptHint : promptHint(model) }),
    model,
    defaultSize: settings.defaultSize,
    args: ask.args,
    scripted: caller !== 'person',
    ...(editing && !given ? { chooseModel: pickEditModel(settings.model) } : {}),
  });
  return asked && { prompt: asked.prompt, size: asked.size, n: asked.n, model: (asked.model ?? model).id };
}

function execute<R>(deps: Deps, job: Job<R>, source: Source, request: ValidRequest, target: GenerationTarget): Thenable<GenerationOutcome | undefined> {
  const start = (signal: AbortSignal | undefined, onProgress: ((p: Progress) => void) | undefined): Promise<GenerationOutcome | undefined> => {
    const opts = { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}), interactive: job.caller === 'person' || job.caller === 'panel' };
    return 'kept' in source ? deps.service.resave(request, target, source.kept.answer, opts) : deps.service.run(request, target, opts);
  };
  if (job.caller === 'panel' || job.caller === 'agent' || job.signal) return start(job.signal, job.onProgress);
  return withNotification(request, start);
}
