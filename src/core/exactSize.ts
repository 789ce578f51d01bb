/**
 * Exact delivered dimensions (1200x630 for an Open Graph card) from models that cannot make
 * them: generate at the model's nearest valid size with the same aspect ratio, then resize and
 * centre-crop (convert/convert.ts). Judged before the request, and said in one sentence.
 */
import * as l10n from '@vscode/l10n';
import { FORMAT_LABEL, type OutputFormat } from './convert/formats';
import {
  checkGeminiSize,
  formatGeminiSize,
  GEMINI_IMAGE_SIZES,
  nearestAspectRatio,
  type GeminiImageSize,
} from './modelSizes';
import type { ModelInfo } from './models';
import { formatSize, MAX_PIXELS, MIN_PIXELS, parseSize, pixelCount, type Size } from './sizes';

/** Seedream's accepted aspect ratios, width/height within [1/16, 16]. */
export const SEEDREAM_MAX_RATIO = 16;
/** Generated sides are multiples of this (diffusion models work in latent blocks of 8 or 16). */
const STEP = 16;

export interface GenerationPlan {
  /** The size to send, in the model's own form (`2656x1392`, `16:9@1K`), or undefined where the provider picks (Wan). */
  readonly size: string | undefined;
  /** The pixels expected from the model; undefined where the provider picks; approximate for Gemini. */
  readonly generated: Size | undefined;
  readonly approximate: boolean;
  /** What is written to disk. */
  readonly deliver: Size;
}

const roundTo = (v: number, step: number): number => Math.max(step, Math.round(v / step) * step);

/**
 * Seedream: the target itself when it is within the pixel window; else scaled at the same aspect
 * ratio (clamped to 1:16..16:1) to just above 3,686,400 pixels (or just under the maximum),
 * sides rounded to multiples of 16, growing the side that keeps the ratio best until the
 * minimum is met.
 */
export function seedreamSizeFor(target: Size): Size {
  const ratio = Math.min(SEEDREAM_MAX_RATIO, Math.max(1 / SEEDREAM_MAX_RATIO, target.width / target.height));
  const px = pixelCount(target);
  if (px >= MIN_PIXELS && px <= MAX_PIXELS && target.width / target.height === ratio) return target;
  const goal = Math.min(MAX_PIXELS, Math.max(MIN_PIXELS, px));
  let height = Math.sqrt(goal / ratio);
  let width = height * ratio;
  width = roundTo(width, STEP);
  height = roundTo(height, STEP);
  // Rounding may leave it just under the minimum (or over the maximum): one step at a time on
  // the side whose change keeps the ratio closest, a handful of steps at most.
  while (width * height < MIN_PIXELS) {
    const w = Math.abs(Math.log((width + STEP) / height / ratio));
    const h = Math.abs(Math.log(width / (height + STEP) / ratio));
    if (w <= h) width += STEP;
    else height += STEP;
  }
  while (width * height > MAX_PIXELS) {
    const w = Math.abs(Math.log((width - STEP) / height / ratio));
    const h = Math.abs(Math.log(width / (height - STEP) / ratio));
    if (w <= h && width > STEP) width -= STEP;
    else height -= STEP;
  }
  return { width, height };
}

/** Rough pixel count of each Gemini resolution (1K is about 1024x1024 in area). */
const GEMINI_AREA: Readonly<Record<GeminiImageSize, number>> = {
  '1K': 1024 * 1024,
  '2K': 2048 * 2048,
  '4K': 4096 * 4096,
};

function geminiPixels(ratio: string, res: GeminiImageSize): Size {
  const [a = 1, b = 1] = ratio.split(':').map(Number);
  const height = Math.sqrt((GEMINI_AREA[res] * b) / a);
  return { width: Math.round((height * a) / b), height: Math.round(height) };
}

/** Gemini: the nearest offered aspect ratio, at the smallest resolution that covers the target without upscaling (else 4K). */
export function geminiPlanFor(target: Size): { size: string; generated: Size } {
  const aspectRatio = nearestAspectRatio(target.width, target.height);
  const res =
    GEMINI_IMAGE_SIZES.find((r) => {
      const g = geminiPixels(aspectRatio, r);
      return g.width >= target.width && g.height >= target.height;
    }) ?? '4K';
  return { size: formatGeminiSize({ aspectRatio, imageSize: res }), generated: geminiPixels(aspectRatio, res) };
}

/** What to ask the model for, to deliver exactly `target`. */
export function planExactSize(model: ModelInfo, target: Size): GenerationPlan {
  switch (model.family) {
    case 'seedream': {
      const g = seedreamSizeFor(target);
      return { size: formatSize(g), generated: g, approximate: false, deliver: target };
    }
    case 'gemini': {
      const g = geminiPlanFor(target);
      return { size: g.size, generated: g.generated, approximate: true, deliver: target };
    }
    case 'wan':
      return { size: undefined, generated: undefined, approximate: false, deliver: target };
  }
}

/** The plan when the generated size was chosen by hand (`--size` beside `--resize`): `size` is canonical (request.size). */
export function planForSize(model: ModelInfo, size: string, target: Size): GenerationPlan {
  if (model.family === 'seedream') {
    const g = parseSize(size);
    return { size, generated: g, approximate: false, deliver: target };
  }
  if (model.family === 'gemini') {
    const g = checkGeminiSize(size);
    return {
      size,
      generated: g.ok ? geminiPixels(g.size.aspectRatio, g.size.imageSize) : undefined,
      approximate: true,
      deliver: target,
    };
  }
  return { size: undefined, generated: undefined, approximate: false, deliver: target };
}

/**
 * One sentence for before the request: "Seedream 4.5 generates 2656x1392, delivered as a WebP
 * of exactly 1200x630 (resized and centre-cropped)."
 */
export function describePlan(model: ModelInfo, plan: GenerationPlan | undefined, format: OutputFormat): string {
  // English says "an AVIF" and "a WebP": each sentence comes in both, so each translates whole.
  const an = format === 'avif';
  const label = FORMAT_LABEL[format];
  const name = model.label;
  if (!plan) {
    if (format === 'png') return l10n.t('{0} generates at its own size, delivered as a PNG.', name);
    return an
      ? l10n.t('{0} generates at its own size, delivered as an {1} with the prompt recorded inside.', name, label)
      : l10n.t('{0} generates at its own size, delivered as a {1} with the prompt recorded inside.', name, label);
  }
  const deliver = formatSize(plan.deliver);
  if (!plan.generated)
    return an
      ? l10n.t(
          '{0} picks the generated size, delivered as an {1} of exactly {2} (resized and centre-cropped).',
          name,
          label,
          deliver,
        )
      : l10n.t(
          '{0} picks the generated size, delivered as a {1} of exactly {2} (resized and centre-cropped).',
          name,
          label,
          deliver,
        );
  const [ratio = '', resolution] = (plan.size ?? '').split('@');
  const generated = plan.approximate
    ? resolution === undefined
      ? l10n.t('{0} (about {1})', ratio, formatSize(plan.generated))
      : l10n.t('{0} at {1} (about {2})', ratio, resolution, formatSize(plan.generated))
    : formatSize(plan.generated);
  const same =
    !plan.approximate && plan.generated.width === plan.deliver.width && plan.generated.height === plan.deliver.height;
  if (same)
    return an
      ? l10n.t('{0} generates {1}, delivered as an {2}.', name, generated, label)
      : l10n.t('{0} generates {1}, delivered as a {2}.', name, generated, label);
  return an
    ? l10n.t(
        '{0} generates {1}, delivered as an {2} of exactly {3} (resized and centre-cropped).',
        name,
        generated,
        label,
        deliver,
      )
    : l10n.t(
        '{0} generates {1}, delivered as a {2} of exactly {3} (resized and centre-cropped).',
        name,
        generated,
        label,
        deliver,
      );
}
