/**
 * What every entry point asks for a web-ready image, in one place: the format, the quality, the
 * exact dimensions, from the CLI's flags, the settings, a dialog, the agent tool, or a reference
 * in a document. planDelivery turns that into what to send (the model size) and how to convert
 * (webReadyTransform's options); describeDelivery says it in one sentence before the request.
 */
import { checkDeliveryDimensions, checkQuality, formatFromName, type OutputFormat } from './convert/formats';
import type { WebReadyOptions } from './convert/transform';
import { AisaError } from './errors';
import { describePlan, planExactSize, planForSize } from './exactSize';
import type { ModelInfo } from './models';
import { dimensionsFromContext } from './refDimensions';
import type { ValidRequest } from './request';
import type { Size } from './sizes';

export interface DeliveryAsk {
  /** Undefined: PNG as the API sends it. */
  readonly format?: OutputFormat | undefined;
  /** 1-100; undefined takes the format's default; unused for PNG (a setting may hold one for the other formats). */
  readonly quality?: number | undefined;
  /** Exact delivered dimensions. */
  readonly exact?: Size | undefined;
  /** The model size asked for explicitly (`--size`): it wins over the planned one. */
  readonly size?: string | undefined;
}

export interface DeliveryPlan {
  /** What to give validateRequest as `size`. */
  readonly requestSize: string | undefined;
  /** webReadyTransform's options (add `keepOriginal`); undefined when nothing is to be converted. */
  readonly convert: Omit<WebReadyOptions, 'keepOriginal'> | undefined;
}

/** Judged before anything is sent; AisaError('input') with one sentence when the ask cannot be delivered. */
export function planDelivery(model: ModelInfo, ask: DeliveryAsk): DeliveryPlan {
  const format = ask.format ?? 'png';
  if (ask.quality !== undefined && format !== 'png') {
    const q = checkQuality(String(ask.quality), format);
    if (!q.ok) throw new AisaError('input', q.message);
  }
  if (ask.exact) {
    const d = checkDeliveryDimensions(ask.exact, format);
    if (!d.ok) throw new AisaError('input', d.message);
  }
  const requestSize = ask.size ?? (ask.exact ? planExactSize(model, ask.exact).size : undefined);
  const converts = ask.format !== undefined || ask.exact !== undefined || ask.quality !== undefined;
  return { requestSize, convert: converts ? { format, quality: ask.quality, size: ask.exact } : undefined };
}

/** "Seedream 4.5 generates 2656x1392, delivered as a WebP of exactly 1200x630 (resized and centre-cropped)." */
export function describeDelivery(request: ValidRequest, ask: DeliveryAsk): string {
  const format = ask.format ?? 'png';
  if (!ask.exact) return describePlan(request.modelInfo, undefined, format);
  const plan = ask.size !== undefined ? planForSize(request.modelInfo, request.size, ask.exact) : planExactSize(request.modelInfo, ask.exact);
  return describePlan(request.modelInfo, plan, format);
}

/**
 * What a reference in a document asks for: the format its file name says (`hero.webp`), and the
 * dimensions written with it (`width`/`height`, Markdown attributes). For the quick fix.
 */
export function deliveryForReference(fileName: string, text: string, range: { readonly start: number; readonly end: number }): DeliveryAsk {
  const format = formatFromName(fileName);
  const exact = dimensionsFromContext(text, range);
  return { ...(format ? { format } : {}), ...(exact ? { exact } : {}) };
}
