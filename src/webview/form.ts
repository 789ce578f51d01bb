/**
 * The generator form as data: what the person typed, and what the core's own rules say about it.
 * DOM-free (unit tests run it in Node); the checks are the core's, so the panel refuses exactly
 * what the extension and the CLI refuse, before anything is sent.
 */
import * as l10n from '@vscode/l10n';
import {
  checkModelSize,
  DEFAULT_GEMINI_ASPECT_RATIO,
  DEFAULT_GEMINI_IMAGE_SIZE,
  GEMINI_ASPECT_RATIOS,
  GEMINI_IMAGE_SIZES,
} from '../core/modelSizes';
import {
  DEFAULT_MODEL,
  estimateCostUsd,
  findModel,
  formatUsd,
  MAX_IMAGES_BY_FAMILY,
  MODELS,
  SIZE_CONTROL_BY_FAMILY,
  type ModelInfo,
  type SizeControl,
} from '../core/models';
import { checkCount, checkPrompt, MAX_IMAGES, MAX_PROMPT_LENGTH } from '../core/request';
import { DEFAULT_SIZE, formatPixels, MAX_PIXELS, MIN_PIXELS, parseSize, pixelCount, SIZE_PRESETS } from '../core/sizes';
import { isOutputFormat, OUTPUT_FORMATS } from '../core/convert/formats';
import type { Defaults, GenerateFormMessage } from '../shared/protocol';

export { GEMINI_ASPECT_RATIOS, GEMINI_IMAGE_SIZES, MAX_PROMPT_LENGTH, OUTPUT_FORMATS, SIZE_PRESETS };

/** Everything typed into the form, as typed; kept in the webview's state across reloads. */
export interface FormState {
  readonly prompt: string;
  readonly model: string;
  /** Pixel size (Seedream), as typed. */
  readonly width: string;
  readonly height: string;
  /** Aspect ratio and resolution (Gemini). */
  readonly ratio: string;
  readonly resolution: string;
  readonly n: string;
  /** The saved files' format (png, webp, jpeg, avif). */
  readonly format: string;
}

export interface FormCheck {
  readonly model: ModelInfo | undefined;
  readonly control: SizeControl;
  /** Images one request of this model can make (1 for Gemini). */
  readonly maxCount: number;
  readonly modelError?: string;
  readonly promptError?: string;
  /** `limit` (set for a size out of range) is the message without the pixel count or the suggestion. */
  readonly sizeError?: { readonly message: string; readonly suggestion?: string; readonly limit?: string };
  readonly countError?: string;
  /** `2048 x 2048 = 4,194,304 pixels (4.2 MP)` for a pixel size that parses. */
  readonly pixels?: string;
  /** What the size control needs, in one sentence (the minimum, or that there is no size). */
  readonly sizeHint: string;
  readonly cost: string;
  /** Present only when everything is valid: what Generate sends. */
  readonly request?: GenerateFormMessage;
}

/** The models offered: every supported one, plus the current one if a setting named another. */
export function modelChoices(current?: string): ModelInfo[] {
  const list = MODELS.filter((m) => m.supported);
  const extra = current && !list.some((m) => m.id === current) ? findModel(current) : undefined;
  return extra ? [...list, extra] : list;
}

export function initialForm(defaults?: Defaults): FormState {
  const model = defaults && findModel(defaults.model)?.supported ? defaults.model : DEFAULT_MODEL;
  const size = parseSize(defaults?.size ?? '') ?? parseSize(DEFAULT_SIZE);
  return {
    prompt: '',
    model,
    width: String(size?.width ?? 2048),
    height: String(size?.height ?? 2048),
    ratio: DEFAULT_GEMINI_ASPECT_RATIO,
    resolution: DEFAULT_GEMINI_IMAGE_SIZE,
    n: '1',
    format: defaults?.format && isOutputFormat(defaults.format) ? defaults.format : 'png',
  };
}

/** A state read back from storage may be old or partial: keep only well-typed fields. */
export function restoreForm(saved: unknown, fallback: FormState): FormState {
  if (typeof saved !== 'object' || saved === null) return fallback;
  const s = saved as Record<string, unknown>;
  const pick = (k: keyof FormState): string => (typeof s[k] === 'string' ? (s[k] as string) : fallback[k]);
  const format = pick('format');
  return {
    prompt: pick('prompt'),
    model: pick('model'),
    width: pick('width'),
    height: pick('height'),
    ratio: pick('ratio'),
    resolution: pick('resolution'),
    n: pick('n'),
    format: isOutputFormat(format) ? format : fallback.format,
  };
}

export function controlOf(model: ModelInfo | undefined): SizeControl {
  return model ? SIZE_CONTROL_BY_FAMILY[model.family] : 'pixels';
}

/** The size text the core judges, in the model's own form. */
export function sizeText(form: FormState, control: SizeControl): string {
  switch (control) {
    case 'pixels':
      return `${form.width.trim()}x${form.height.trim()}`;
    case 'aspect-ratio-and-resolution':
      return `${form.ratio}@${form.resolution}`;
    case 'none':
      return '';
  }
}

/** The preset ratio (`16:9`) matching the typed pixel size, or 'custom'. */
export function presetOf(form: FormState): string {
  const w = form.width.trim();
  const h = form.height.trim();
  return SIZE_PRESETS.find((p) => String(p.width) === w && String(p.height) === h)?.ratio ?? 'custom';
}

const megapixels = (px: number): string => l10n.t('{0} MP', (px / 1e6).toFixed(1));

function sizeHint(model: ModelInfo | undefined, control: SizeControl): string {
  const name = model?.label ?? '';
  switch (control) {
    case 'pixels':
      return model
        ? l10n.t(
            '{0} needs at least {1} pixels in all (for example 1920 x 1920) and at most {2}.',
            name,
            formatPixels(MIN_PIXELS),
            formatPixels(MAX_PIXELS),
          )
        : l10n.t(
            'This model needs at least {0} pixels in all (for example 1920 x 1920) and at most {1}.',
            formatPixels(MIN_PIXELS),
            formatPixels(MAX_PIXELS),
          );
    case 'aspect-ratio-and-resolution':
      return l10n.t('{0} takes an aspect ratio and a resolution, and makes one image per request.', name);
    case 'none':
      return l10n.t('{0} has no size setting: the provider picks the size.', name);
  }
}

function costText(model: ModelInfo | undefined, n: number | undefined): string {
  if (!model) return '';
  if (model.pricePerImageUsd === undefined)
    return l10n.t('Cost unknown: AIsa publishes no price for {0}.', model.label);
  if (n === undefined) return l10n.t('{0} an image.', formatUsd(model.pricePerImageUsd));
  return l10n.t(
    'Estimated cost {0} ({1} x {2}).',
    formatUsd(estimateCostUsd(model, n)),
    n,
    formatUsd(model.pricePerImageUsd),
  );
}

export function checkForm(form: FormState): FormCheck {
  const model = findModel(form.model);
  const control = controlOf(model);
  const maxCount = model ? Math.min(MAX_IMAGES, MAX_IMAGES_BY_FAMILY[model.family]) : MAX_IMAGES;
  const modelError = !model
    ? l10n.t('Unknown model "{0}".', form.model)
    : !model.supported
      ? l10n.t('{0} is not supported by this version.', model.label)
      : undefined;
  const promptError = checkPrompt(form.prompt);
  const size = model ? checkModelSize(model, sizeText(form, control)) : undefined;
  const sizeError =
    size && !size.ok
      ? {
          message: size.message,
          ...(size.suggestion ? { suggestion: size.suggestion } : {}),
          ...(size.limit ? { limit: size.limit } : {}),
        }
      : undefined;
  const nText = maxCount === 1 ? '1' : form.n.trim();
  const n = /^\d{1,3}$/.test(nText) ? Number(nText) : NaN;
  const countError = checkCount(n, model);
  let pixels: string | undefined;
  if (control === 'pixels') {
    const parsed = parseSize(sizeText(form, control));
    if (parsed)
      pixels = l10n.t(
        '{0} x {1} = {2} pixels ({3})',
        parsed.width,
        parsed.height,
        formatPixels(pixelCount(parsed)),
        megapixels(pixelCount(parsed)),
      );
  }
  const ok = model && !modelError && !promptError && size?.ok && !countError;
  return {
    model,
    control,
    maxCount,
    ...(modelError ? { modelError } : {}),
    ...(promptError ? { promptError } : {}),
    ...(sizeError ? { sizeError } : {}),
    ...(countError ? { countError } : {}),
    ...(pixels ? { pixels } : {}),
    sizeHint: sizeHint(model, control),
    cost: costText(model, countError ? undefined : n),
    ...(ok
      ? {
          request: {
            prompt: form.prompt.trim(),
            model: model.id,
            size: size.text,
            n,
            ...(isOutputFormat(form.format) ? { format: form.format } : {}),
          },
        }
      : {}),
  };
}

/** The form filled with a past generation's settings ("Again"), keeping what they do not set. */
export function formFrom(
  entry: { prompt: string; model: string; size: string; n: number },
  form: FormState,
): FormState {
  const model = findModel(entry.model);
  const control = controlOf(model);
  const next: FormState = { ...form, prompt: entry.prompt, model: entry.model, n: String(entry.n) };
  if (control === 'pixels') {
    const s = parseSize(entry.size);
    return s ? { ...next, width: String(s.width), height: String(s.height) } : next;
  }
  if (control === 'aspect-ratio-and-resolution') {
    const [ratio, resolution] = entry.size.split('@');
    return { ...next, ...(ratio ? { ratio } : {}), ...(resolution ? { resolution } : {}) };
  }
  return next;
}
