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

/** A preset's ratio and its name in the display language ("16:9 Widescreen"). */
const presetName = (p: { readonly ratio: string; readonly label: string }): string =>
  `${p.ratio} ${ratioName(p.ratio) ?? p.label}`;

function ratioOf(size: string): string {
  const preset = SIZE_PRESETS.find((p) => `${p.width}x${p.height}` === size);
  return preset ? presetName(preset) : vscode.l10n.t('custom');
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
    : {
        detail: vscode.l10n.t('Used instead of aisaImages.defaultSize "{0}": {1}', defaultSize, configured.message),
      };
  const items: SizeItem[] = [
    {
      label: fallback,
      description: vscode.l10n.t('default · {0} · {1}', ratioOf(fallback), d ? megapixels(d.width, d.height) : ''),
      size: fallback,
      ...why,
    },
    { label: vscode.l10n.t('Presets'), kind: vscode.QuickPickItemKind.Separator },
    ...SIZE_PRESETS.filter((p) => `${p.width}x${p.height}` !== fallback).map((p) => ({
      label: `${p.width}x${p.height}`,
      description: `${presetName(p)} · ${megapixels(p.width, p.height)}`,
      size: `${p.width}x${p.height}`,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    {
      label: `$(edit) ${vscode.l10n.t('Custom...')}`,
      description: vscode.l10n.t('any WIDTHxHEIGHT with at least 3,686,400 pixels'),
    },
    {
      label: `$(screen-full) ${vscode.l10n.t('Exact size and format...')}`,
      description: vscode.l10n.t('the file at exactly WIDTHxHEIGHT (e.g. 1200x630), as PNG, WebP, JPEG or AVIF'),
      exact: true,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Image size (Enter for the default)'),
    ignoreFocusOut: true,
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.size) return picked.size;
  if (picked.exact) return pickExact(model, title, format);
  return vscode.window
    .showInputBox({
      title,
      prompt: vscode.l10n.t('Width x height in pixels, for example 2560x1440'),
      value: fallback,
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = checkSize(v.trim());
        if (!r.ok) return r.message;
        return {
          message: vscode.l10n.t('{0} pixels', formatPixels(pixelCount(r.size))),
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
    formatNote,
    title,
    vscode.l10n.t('File format (Enter for the aisaImages.outputFormat setting)'),
  );
  if (format === undefined) return undefined;
  const text = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t(
      'Exact width x height of the {0} file, in pixels, for example 1200x630',
      FORMAT_LABEL[format],
    ),
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

// Functions, not tables: a translation is looked up when it is shown, once the extension runs.
function formatNote(f: OutputFormat): string {
  switch (f) {
    case 'png':
      return vscode.l10n.t('lossless, largest');
    case 'webp':
      return vscode.l10n.t("the web's usual choice: a fraction of the PNG's bytes");
    case 'jpeg':
      return vscode.l10n.t('photos, everywhere');
    case 'avif':
      return vscode.l10n.t('smallest, newer browsers');
  }
}

/** The name of an aspect ratio (Gemini's and the Seedream presets' alike); undefined for another. */
function ratioName(ratio: string): string | undefined {
  switch (ratio as GeminiAspectRatio) {
    case '1:1':
      return vscode.l10n.t('Square');
    case '2:3':
      return vscode.l10n.t('Photo portrait');
    case '3:2':
      return vscode.l10n.t('Photo');
    case '3:4':
      return vscode.l10n.t('Portrait');
    case '4:3':
      return vscode.l10n.t('Landscape');
    case '4:5':
      return vscode.l10n.t('Social portrait');
    case '5:4':
      return vscode.l10n.t('Large format');
    case '9:16':
      return vscode.l10n.t('Vertical');
    case '16:9':
      return vscode.l10n.t('Widescreen');
    case '21:9':
      return vscode.l10n.t('Ultrawide');
    default:
      return undefined;
  }
}

function resolutionName(s: GeminiImageSize): string {
  switch (s) {
    case '1K':
      return vscode.l10n.t('about 1,000 pixels on the long side · quickest');
    case '2K':
      return vscode.l10n.t('about 2,000 pixels on the long side');
    case '4K':
      return vscode.l10n.t('about 4,000 pixels on the long side · largest');
  }
}

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
    { label: fallback, description: vscode.l10n.t('default · {0}', describe(fallback)), value: fallback },
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
    (r) => ratioName(r) ?? r,
    titles[0],
    vscode.l10n.t('Aspect ratio (Enter for the default)'),
  );
  if (aspectRatio === undefined) return undefined;
  const imageSize = await pickOne(
    GEMINI_IMAGE_SIZES,
    DEFAULT_GEMINI_IMAGE_SIZE,
    resolutionName,
    titles[1],
    vscode.l10n.t(
      'Resolution (Enter for the default) · one image per request · {0}: {1}',
      model.label,
      describePrice(model),
    ),
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
