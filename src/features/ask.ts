import * as vscode from 'vscode';
import { describePrice, estimateCostUsd, formatUsd, MAX_IMAGES_BY_FAMILY, type ModelInfo } from '../core/models';
import { checkCount, checkPrompt } from '../core/request';
import type { OutputFormat } from '../core/convert/formats';
import { pickModelSize, scriptedDefaultSize, sizeSteps, type ExactChoice } from './sizePick';

/** Arguments for scripted use (tests, keybindings); each one given skips its step. */
export interface RequestArgs {
  prompt?: string;
  size?: string;
  n?: number;
}

export interface Asked {
  readonly prompt: string;
  readonly size: string;
  readonly n: number;
  /** Picked with "Exact size and format...": what is delivered instead of the generated size. */
  readonly deliver?: ExactChoice['deliver'];
  /** The model chosen by `chooseModel`, when it was asked. */
  readonly model?: ModelInfo;
}

function askPrompt(initial: string, title: string, prompt: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt,
    placeHolder: vscode.l10n.t('A cute red panda, ultra-detailed, cinematic lighting'),
    value: initial,
    ignoreFocusOut: true,
    validateInput: (v) => checkPrompt(v),
  });
}

function askCount(info: ModelInfo, title: string): Thenable<number | undefined> {
  const cost = (n: number): string =>
    info.pricePerImageUsd === undefined
      ? vscode.l10n.t('Estimated cost unknown: AIsa does not publish a price for {0}', info.label)
      : vscode.l10n.t(
          'Estimated cost: {0} ({1} x {2}, {3})',
          formatUsd(estimateCostUsd(info, n)),
          n,
          formatUsd(info.pricePerImageUsd),
          info.label,
        );
  return vscode.window
    .showInputBox({
      title,
      // The validation message only appears once the value changes, so the prompt carries the default's cost.
      prompt: vscode.l10n.t('How many images? Each one is billed. {0}', cost(1)),
      value: '1',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
        return checkCount(n, info) ?? { message: cost(n), severity: vscode.InputBoxValidationSeverity.Info };
      },
    })
    .then((v) => (v === undefined ? undefined : Number(v.trim())));
}

/**
 * The steps for `model` (prompt, its size controls, a count where the model makes several),
 * titled "`title` (step/steps)", each skipped when `args` gives it; a `scripted` run asks
 * nothing and takes the defaults for the rest. `maxCount` 1 never asks for a count.
 * Undefined when the user backed out.
 */
export async function askRequest(opts: {
  model: ModelInfo;
  defaultSize: string;
  title: string;
  initialPrompt: string;
  promptHint?: string;
  args: RequestArgs | undefined;
  scripted: boolean;
  maxCount?: number;
  /** The format the exact-size step offers first. */
  format: OutputFormat;
  /** Asked right after the prompt (editing: only the models that take images); its answer drives the later steps. */
  chooseModel?: (title: string) => Thenable<ModelInfo | undefined>;
}): Promise<Asked | undefined> {
  const { args, scripted } = opts;
  let model = opts.model;
  // Each model's own controls. Seedream: prompt, size, count. Gemini: prompt, aspect ratio,
  // resolution (one image a request, so no count). Wan: prompt, count (its route has no size).
  const asksCount = (m: ModelInfo): boolean => Math.min(opts.maxCount ?? Infinity, MAX_IMAGES_BY_FAMILY[m.family]) > 1;
  const chooses = opts.chooseModel && !scripted ? 1 : 0;
  // Only the steps really asked: a size the entry point gave (a reference's width and height) is no step.
  const stepsOf = (m: ModelInfo): number =>
    1 + chooses + (args?.size === undefined ? sizeSteps(m) : 0) + (args?.n === undefined && asksCount(m) ? 1 : 0);
  let steps = stepsOf(model);
  const title = (step: number): string => `${opts.title} (${step}/${steps})`;
  const prompt =
    args?.prompt ??
    (scripted
      ? opts.initialPrompt
      : await askPrompt(
          opts.initialPrompt,
          title(1),
          opts.promptHint ?? vscode.l10n.t('Describe the image · {0}, {1}', model.label, describePrice(model)),
        ));
  if (prompt === undefined) return undefined;
  if (chooses && opts.chooseModel) {
    const chosen = await opts.chooseModel(title(2));
    if (chosen === undefined) return undefined;
    model = chosen;
    steps = stepsOf(model);
  }
  const picked =
    args?.size ??
    (scripted
      ? scriptedDefaultSize(model, opts.defaultSize)
      : await pickModelSize(model, opts.defaultSize, (i) => title(2 + chooses + i), opts.format));
  if (picked === undefined) return undefined;
  const { size, deliver } = typeof picked === 'string' ? { size: picked, deliver: undefined } : picked;
  const n = args?.n ?? (scripted || !asksCount(model) ? 1 : await askCount(model, title(steps)));
  if (n === undefined) return undefined;
  return { prompt, size, n, ...(deliver ? { deliver } : {}), ...(chooses ? { model } : {}) };
}
