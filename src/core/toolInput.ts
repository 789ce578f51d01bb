import {
  checkDeliveryDimensions,
  checkFormat,
  FORMAT_EXTENSION,
  formatFromName,
  type OutputFormat,
} from './convert/formats';
import { AisaError } from './errors';
import { GEMINI_ASPECT_RATIOS } from './modelSizes';
import { SIZE_CONTROL_BY_FAMILY, requireModel, type ModelInfo } from './models';
import { MAX_IMAGES, type RequestInput } from './request';
import { isInside, localImagePath, resolveRelative } from './imageRefs';
import { checkReferenceCount } from './refImages/limits';
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
  /** Images to edit or compose from, relative to the workspace (or the server's root). */
  readonly references?: readonly string[];
}

export interface ToolRequest {
  readonly request: RequestInput & { readonly model: string };
  readonly path: string | undefined;
  readonly alt: string;
  readonly format: OutputFormat | undefined;
  readonly deliver: Size | undefined;
  /** As given (relative, checked for form only): resolve each with `resolveReferencePath`. */
  readonly references: readonly string[];
}

/** More than this is refused as malformed before any model's own limit is looked at. */
const MAX_LISTED_REFERENCES = 16;

/** Each entry a relative image path (no URL, no absolute path); the count judged against the model. */
function referencesOf(o: Record<string, unknown>, model: ModelInfo): string[] {
  const v = o['references'];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > MAX_LISTED_REFERENCES || v.some((p) => typeof p !== 'string')) {
    throw new AisaError(
      'input',
      '"references" must be a list of workspace-relative image paths, such as ["assets/hero.png"].',
    );
  }
  const paths = (v as string[]).map((p) => p.trim()).filter((p) => p !== '');
  for (const p of paths) {
    if (!localImagePath(p).ok)
      throw new AisaError(
        'input',
        `"references" entry ${JSON.stringify(p.slice(0, 200))} must be a relative path to an image file inside the workspace, such as assets/hero.png.`,
      );
  }
  const countError = checkReferenceCount(model, paths.length);
  if (countError) throw new AisaError('input', countError);
  return paths;
}

/**
 * A reference path resolved inside `root` (a posix path: a workspace folder's, or the MCP
 * server's root, without a trailing slash). Refused when it leads outside. The caller still
 * reads it through its own file system (and the MCP server should compare real paths, so a
 * symbolic link cannot lead out).
 */
export function resolveReferencePath(root: string, relative: string): string {
  const local = localImagePath(relative);
  const resolved = local.ok ? resolveRelative(`${root.replace(/\/+$/, '')}/_`, local.path) : undefined;
  if (resolved === undefined || !isInside(root, resolved)) {
    throw new AisaError(
      'input',
      `The reference ${relative.slice(0, 200)} is outside the workspace: only images inside it can be used.`,
    );
  }
  return resolved;
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
  if (!offered.length)
    throw new AisaError(
      'input',
      `${model.label} (${model.id}) picks its own size: leave out aspectRatio and size, or choose seedream-4-5-251128 or a Gemini model.`,
    );
  const wanted = ratio.replace(/\s+/g, '');
  if (!offered.includes(wanted))
    throw new AisaError(
      'input',
      `aspectRatio ${ratio} is not offered for ${model.id}: use one of ${offered.join(', ')}.`,
    );
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
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new AisaError('input', 'The arguments must be an object with at least a prompt.');
  const o = raw as Record<string, unknown>;
  const prompt = optionalString(o, 'prompt');
  if (prompt === undefined)
    throw new AisaError(
      'input',
      'prompt is missing: describe the image you want, e.g. "a lighthouse at dawn, watercolour".',
    );
  const model = requireModel(optionalString(o, 'model')?.trim() || defaultModel);
  const size = optionalString(o, 'size')?.trim() || undefined;
  const aspectRatio = optionalString(o, 'aspectRatio')?.trim() || undefined;
  if (size && aspectRatio) throw new AisaError('input', 'Give size or aspectRatio, not both.');
  const n = o['n'];
  if (n !== undefined && n !== null && typeof n !== 'number')
    throw new AisaError('input', `n must be a whole number from 1 to ${MAX_IMAGES}, not ${JSON.stringify(n)}.`);
  const path = optionalString(o, 'path')?.trim() || undefined;
  const alt = (optionalString(o, 'alt')?.trim() || prompt).replace(/\s+/g, ' ').trim().slice(0, ALT_LIMIT);
  const format = formatOf(o, path);
  const deliver = dimensionsOf(o, format ?? 'png');
  if (deliver && aspectRatio)
    throw new AisaError(
      'input',
      'Give width and height or aspectRatio, not both: the aspect ratio follows from the dimensions.',
    );
  return {
    request: {
      prompt: prompt.trim(),
      model: model.id,
      n: typeof n === 'number' ? n : 1,
      size: aspectRatio ? sizeForAspectRatio(model, aspectRatio) : size,
    },
    path,
    alt,
    format,
    deliver,
    references: referencesOf(o, model),
  };
}

function formatOf(o: Record<string, unknown>, path: string | undefined): OutputFormat | undefined {
  const asked = optionalString(o, 'format');
  const checked = asked === undefined ? undefined : checkFormat(asked);
  if (checked && !checked.ok) throw new AisaError('input', `format: ${checked.message}`);
  const named = path ? formatFromName(path) : undefined;
  if (checked?.ok && named && checked.value !== named)
    throw new AisaError(
      'input',
      `format ${checked.value} does not match path ${path}: leave out format, or end the path in .${FORMAT_EXTENSION[checked.value]}.`,
    );
  return named ?? (checked?.ok ? checked.value : undefined);
}

function dimensionsOf(o: Record<string, unknown>, format: OutputFormat): Size | undefined {
  const [w, h] = [o['width'], o['height']];
  if ((w === undefined || w === null) && (h === undefined || h === null)) return undefined;
  if (typeof w !== 'number' || typeof h !== 'number')
    throw new AisaError('input', 'Give both width and height in pixels, or neither.');
  const checked = checkDeliveryDimensions({ width: w, height: h }, format);
  if (!checked.ok) throw new AisaError('input', checked.message);
  return checked.value;
}
