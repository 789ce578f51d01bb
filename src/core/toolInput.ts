import { checkDeliveryDimensions, checkFormat, FORMAT_EXTENSION, formatFromName, type OutputFormat } from './convert/formats';
import { AisaError } from './errors';
import { GEMINI_ASPECT_RATIOS } from './modelSizes';
import { SIZE_CONTROL_BY_FAMILY, requireModel, type ModelInfo } from './models';
import { MAX_IMAGES, type RequestInput } from './request';
import { SIZE_PRESETS, type Size } from './sizes';

/**
 * What an agent asks for (VS Code's language-model tool, the MCP server): a model wrote it, so
 * every field is checked here, with one sentence a model can act on, before anything is spent.
 */
export interface ToolInput {
  readonly prompt: string;
  /** The exact file, relative to the workspace (or the server's root), that the code will reference. */
  readonly path?: string;
  readonly size?: string;
  readonly aspectRatio?: string;
  readonly n?: number;
  readonly model?: string;
  readonly alt?: string;
  /** png, webp, jpeg or avif; from the path's extension when a path is given. */
  readonly format?: string;
  /** Exact delivered dimensions (both or neither): generated at the nearest valid size, then resized and centre-cropped. */
  readonly width?: number;
  readonly height?: number;
}

export interface ToolRequest {
  readonly request: RequestInput & { readonly model: string };
  readonly path: string | undefined;
  readonly alt: string;
  readonly format: OutputFormat | undefined;
  readonly deliver: Size | undefined;
}

const ALT_LIMIT = 300;

const optionalString = (o: Record<string, unknown>, key: string): string | undefined => {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new AisaError('input', `${key} must be a string, not ${typeof v}.`);
  return v;
};

/** The aspect ratios each family can honour, for the sentence that refuses another. */
export function aspectRatiosFor(model: ModelInfo): readonly string[] {
  switch (SIZE_CONTROL_BY_FAMILY[model.family]) {
    case 'pixels':
      return SIZE_PRESETS.map((p) => p.ratio);
    case 'aspect-ratio-and-resolution':
      return GEMINI_ASPECT_RATIOS;
    case 'none':
      return [];
  }
}

/** An aspect ratio in the model's own size syntax: Seedream's preset for it, Gemini's ratio as it is. */
export function sizeForAspectRatio(model: ModelInfo, ratio: string): string {
  const offered = aspectRatiosFor(model);
  if (!offered.length) throw new AisaError('input', `${model.label} (${model.id}) picks its own size: leave out aspectRatio and size, or choose seedream-4-5-251128 or a Gemini model.`);
  const wanted = ratio.replace(/\s+/g, '');
  if (!offered.includes(wanted)) throw new AisaError('input', `aspectRatio ${ratio} is not offered for ${model.id}: use one of ${offered.join(', ')}.`);
  if (SIZE_CONTROL_BY_FAMILY[model.family] === 'pixels') {
    const preset = SIZE_PRESETS.find((p) => p.ratio === wanted);
    if (preset) return `${preset.width}x${preset.height}`;
  }
  return wanted;
}

/**
 * Checks an agent's input and turns it into a request; `defaultModel` is the user's setting.
 * Types are judged here, values by the core's own rules (validateRequest, the exact-name check),
 * so every agent surface says the same sentence for the same mistake. Keys it does not know are
 * ignored here: a surface that refuses them (the MCP server) says so first.
 */
export function parseToolInput(raw: unknown, defaultModel: string): ToolRequest {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new AisaError('input', 'The arguments must be an object with at least a prompt.');
  const o = raw as Record<string, unknown>;
  const prompt = optionalString(o, 'prompt');
  if (prompt === undefined) throw new AisaError('input', 'prompt is missing: describe the image you want, e.g. "a lighthouse at dawn, watercolour".');
  const model = requireModel(optionalString(o, 'model')?.trim() || defaultModel);
  const size = optionalString(o, 'size')?.trim() || undefined;
  const aspectRatio = optionalString(o, 'aspectRatio')?.trim() || undefined;
  if (size && aspectRatio) throw new AisaError('input', 'Give size or aspectRatio, not both.');
  const n = o['n'];
  if (n !== undefined && n !== null && typeof n !== 'number') throw new AisaError('input', `n must be a whole number from 1 to ${MAX_IMAGES}, not ${JSON.stringify(n)}.`);
  const path = optionalString(o, 'path')?.trim() || undefined;
  const alt = (optionalString(o, 'alt')?.trim() || prompt).replace(/\s+/g, ' ').trim().slice(0, ALT_LIMIT);
  const format = formatOf(o, path);
  const deliver = dimensionsOf(o, format ?? 'png');
  if (deliver && aspectRatio) throw new AisaError('input', 'Give width and height or aspectRatio, not both: the aspect ratio follows from the dimensions.');
  return {
    request: { prompt: prompt.trim(), model: model.id, n: typeof n === 'number' ? n : 1, size: aspectRatio ? sizeForAspectRatio(model, aspectRatio) : size },
    path,
    alt,
    format,
    deliver,
  };
}

function formatOf(o: Record<string, unknown>, path: string | undefined): OutputFormat | undefined {
  const asked = optionalString(o, 'format');
  const checked = asked === undefined ? undefined : checkFormat(asked);
  if (checked && !checked.ok) throw new AisaError('input', `format: ${checked.message}`);
  const named = path ? formatFromName(path) : undefined;
  if (checked?.ok && named && checked.value !== named) throw new AisaError('input', `format ${checked.value} does not match path ${path}: leave out format, or end the path in .${FORMAT_EXTENSION[checked.value]}.`);
  return named ?? (checked?.ok ? checked.value : undefined);
}

function dimensionsOf(o: Record<string, unknown>, format: OutputFormat): Size | undefined {
  const [w, h] = [o['width'], o['height']];
  if ((w === undefined || w === null) && (h === undefined || h === null)) return undefined;
  if (typeof w !== 'number' || typeof h !== 'number') throw new AisaError('input', 'Give both width and height in pixels, or neither.');
  const checked = checkDeliveryDimensions({ width: w, height: h }, format);
  if (!checked.ok) throw new AisaError('input', checked.message);
  return checked.value;
}
