import * as vscode from 'vscode';
import {
  DEFAULT_GEMINI_ASPECT_RATIO,
  DEFAULT_GEMINI_IMAGE_SIZE,
  defaultSizeFor,
  formatGeminiSize,
  GEMINI_ASPECT_RATIOS,
  GEMINI_IMAGE_SIZES,
  type GeminiAspectRatio,
  type GeminiImageSize,
} from '../core/modelSizes';
import { describePrice, SIZE_CONTROL_BY_FAMILY, type ModelInfo } from '../core/models';
import { checkDeliverySize, FORMAT_LABEL, OUTPUT_FORMATS, type OutputFormat } from '../core/convert/formats';
import { describePlan, planExactSize } from '../core/exactSize';
import { checkSize, formatPixels, parseSize, pixelCount, SIZE_PRESETS, type Size } from '../core/sizes';

interface SizeItem extends vscode.QuickPickItem {
  readonly size?: string;
  readonly exact?: true;
}

/** "Exact size and format...": the file delivered at exactly these dimensions, generated at `size` (the nearest valid one). */
export interface ExactChoice {
  readonly size: string;
  readonly deliver: { readonly size: Size; readonly format: OutputFormat };
}

export type SizeChoice = string | ExactChoice;

const megapixels = (w: number, h: number): string => `${((w * h) / 1e6).toFixed(1)} MP`;

function ratioOf(size: string): string {
  const preset = SIZE_PRESETS.find((p) => `${p.width}x${p.height}` === size);
  return preset ? `${preset.ratio} ${preset.label}` : 'custom';
}

/** Seedream: default first, then the presets, then Custom...; Enter on the first row takes the default. */
export async function pickSize(
  model: ModelInfo,
  defaultSize: string,
  title: string,
  format: OutputFormat,
): Promise<SizeChoice | undefined> {
  const configured = checkSize(defaultSize);
  const fallback = configured.ok ? defaultSize : '2048x2048';
  const d = parseSize(fallback);
  // A hand-edited setting the rule refuses is said here, where its effect shows, not silently replaced.
  const why = configured.ok
    ? {}
    : { detail: `Used instead of aisaImages.defaultSize "${defaultSize}": ${configured.message}` };
  const items: SizeItem[] = [
    {
      label: fallback,
      description: `default · ${ratioOf(fallback)} · ${d ? megapixels(d.width, d.height) : ''}`,
      size: fallback,
      ...why,
    },
    { label: 'Presets', kind: vscode.QuickPickItemKind.Separator },
    ...SIZE_PRESETS.filter((p) => `${p.width}x${p.height}` !== fallback).map((p) => ({
      label: `${p.width}x${p.height}`,
      description: `${p.ratio} ${p.label} · ${megapixels(p.width, p.height)}`,
      size: `${p.width}x${p.height}`,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(edit) Custom...', description: 'any WIDTHxHEIGHT with at least 3,686,400 pixels' },
    {
      label: '$(screen-full) Exact size and format...',
      description: 'the file at exactly WIDTHxHEIGHT (e.g. 1200x630), as PNG, WebP, JPEG or AVIF',
      exact: true,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Image size (Enter for the default)',
    ignoreFocusOut: true,
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.size) return picked.size;
  if (picked.exact) return pickExact(model, title, format);
  return vscode.window
    .showInputBox({
      title,
      prompt: 'Width x height in pixels, for example 2560x1440',
      value: fallback,
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = checkSize(v.trim());
        if (!r.ok) return r.message;
        return {
          message: `${formatPixels(pixelCount(r.size))} pixels`,
          severity: vscode.InputBoxValidationSeverity.Info,
        };
      },
    })
    .then((v) => (v === undefined ? undefined : (checkSize(v.trim()) as { text?: string }).text));
}

/**
 * Any dimensions (an Open Graph card's 1200x630): generated at the model's nearest valid size
 * with the same aspect ratio, then resized and centre-cropped, in the format picked next.
 */
async function pickExact(
  model: ModelInfo,
  title: string,
  defaultFormat: OutputFormat,
): Promise<ExactChoice | undefined> {
  const format = await pickOne(
    OUTPUT_FORMATS,
    defaultFormat,
    (f) => FORMAT_NOTES[f],
    title,
    'File format (Enter for the aisaImages.outputFormat setting)',
  );
  if (format === undefined) return undefined;
  const text = await vscode.window.showInputBox({
    title,
    prompt: `Exact width x height of the ${FORMAT_LABEL[format]} file, in pixels, for example 1200x630`,
    placeHolder: '1200x630',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = checkDeliverySize(v, format);
      if (!r.ok) return r.message;
      return {
        message: describePlan(model, planExactSize(model, r.value), format),
        severity: vscode.InputBoxValidationSeverity.Info,
      };
    },
  });
  const size = text === undefined ? undefined : checkDeliverySize(text, format);
  if (!size?.ok) return undefined;
  const plan = planExactSize(model, size.value);
  return { size: plan.size ?? '', deliver: { size: size.value, format } };
}

const FORMAT_NOTES: Readonly<Record<OutputFormat, string>> = {
  png: 'lossless, largest',
  webp: "the web's usual choice: a fraction of the PNG's bytes",
  jpeg: 'photos, everywhere',
  avif: 'smallest, newer browsers',
};

const RATIO_NAMES: Readonly<Record<GeminiAspectRatio, string>> = {
  '1:1': 'Square',
  '2:3': 'Photo portrait',
  '3:2': 'Photo',
  '3:4': 'Portrait',
  '4:3': 'Landscape',
  '4:5': 'Social portrait',
  '5:4': 'Large format',
  '9:16': 'Vertical',
  '16:9': 'Widescreen',
  '21:9': 'Ultrawide',
};

const RESOLUTION_NAMES: Readonly<Record<GeminiImageSize, string>> = {
  '1K': 'about 1,000 pixels on the long side · quickest',
  '2K': 'about 2,000 pixels on the long side',
  '4K': 'about 4,000 pixels on the long side · largest',
};

interface Choice<T> extends vscode.QuickPickItem {
  readonly value?: T;
}

/** The default first (Enter takes it), then the other values in their usual order. */
async function pickOne<T extends string>(
  values: readonly T[],
  fallback: T,
  describe: (v: T) => string,
  title: string,
  placeHolder: string,
): Promise<T | undefined> {
  const items: Array<Choice<T>> = [
    { label: fallback, description: `default · ${describe(fallback)}`, value: fallback },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...values.filter((v) => v !== fallback).map((v) => ({ label: v, description: describe(v), value: v })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder,
    ignoreFocusOut: true,
    matchOnDescription: true,
  });
  return picked?.value;
}

/** Gemini: an aspect ratio, then a resolution; returns the canonical `RATIO@RES`. */
export async function pickGeminiSize(model: ModelInfo, titles: readonly [string, string]): Promise<string | undefined> {
  const aspectRatio = await pickOne(
    GEMINI_ASPECT_RATIOS,
    DEFAULT_GEMINI_ASPECT_RATIO,
    (r) => RATIO_NAMES[r],
    titles[0],
    'Aspect ratio (Enter for the default)',
  );
  if (aspectRatio === undefined) return undefined;
  const imageSize = await pickOne(
    GEMINI_IMAGE_SIZES,
    DEFAULT_GEMINI_IMAGE_SIZE,
    (s) => RESOLUTION_NAMES[s],
    titles[1],
    `Resolution (Enter for the default) · one image per request · ${model.label}: ${describePrice(model)}`,
  );
  if (imageSize === undefined) return undefined;
  return formatGeminiSize({ aspectRatio, imageSize });
}

/** How many steps the size takes in the command flow: Seedream one, Gemini two, Wan none. */
export function sizeSteps(model: ModelInfo): number {
  switch (SIZE_CONTROL_BY_FAMILY[model.family]) {
    case 'pixels':
      return 1;
    case 'aspect-ratio-and-resolution':
      return 2;
    case 'none':
      return 0;
  }
}

/**
 * The model's own size controls. `title(i)` names step i of the size steps. Undefined means
 * cancelled; Wan, which has no size control, gets '' without asking.
 */
export async function pickModelSize(
  model: ModelInfo,
  seedreamDefault: string,
  title: (step: number) => string,
  format: OutputFormat,
): Promise<SizeChoice | undefined> {
  switch (SIZE_CONTROL_BY_FAMILY[model.family]) {
    case 'pixels':
      return pickSize(model, seedreamDefault, title(0), format);
    case 'aspect-ratio-and-resolution':
      return pickGeminiSize(model, [title(0), title(1)]);
    case 'none':
      return '';
  }
}

/** The size a scripted run (no size argument) uses: the setting for Seedream, else the family default. */
export function scriptedDefaultSize(model: ModelInfo, seedreamDefault: string): string {
  return SIZE_CONTROL_BY_FAMILY[model.family] === 'pixels' ? seedreamDefault : (defaultSizeFor(model.family) ?? '');
}
