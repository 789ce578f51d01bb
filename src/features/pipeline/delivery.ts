import { checkDeliveryDimensions, formatFromName, type OutputFormat } from '../../core/convert/formats';
import { AisaError } from '../../core/errors';
import { describePlan, planExactSize, planForSize, type GenerationPlan } from '../../core/exactSize';
import type { ModelInfo } from '../../core/models';
import type { Size } from '../../core/sizes';
import { basename } from '../paths';
import { readOutputSettings } from '../settings';
import type { GenerationTarget } from '../workspaceTarget';

/** What an entry point asks of the delivered file; the rest comes from the settings. */
export interface DeliveryAsk {
  readonly format?: OutputFormat | undefined;
  /** Exact delivered dimensions: generated at the model's nearest valid size, then resized and centre-cropped. */
  readonly size?: Size | undefined;
}

/** How every image of one generation is written: the service's web-ready transform takes this. */
export interface Delivery {
  readonly format: OutputFormat;
  readonly quality: number | undefined;
  readonly size: Size | undefined;
}

/**
 * The format of a file a document or an agent names (`hero.webp` is a WebP) wins over the
 * setting; the quality always comes from the setting.
 */
export function resolveDelivery(ask: DeliveryAsk | undefined, target: GenerationTarget): Delivery {
  const out = readOutputSettings(target.folder.uri);
  const named = target.file ? formatFromName(basename(target.file)) : undefined;
  const format = named ?? ask?.format ?? out.format;
  const size = ask?.size && checkDeliveryDimensions(ask.size, format);
  if (size && !size.ok) throw new AisaError('input', size.message);
  return { format, quality: out.quality, size: size ? size.value : undefined };
}

/** For exact dimensions: the size to generate at (unless one was given) and the sentence that says it before the request. */
export function planDelivery(model: ModelInfo, delivery: Delivery, givenSize: string | undefined): { plan: GenerationPlan | undefined; sentence: string } {
  const plan = delivery.size ? (givenSize ? planForSize(model, givenSize, delivery.size) : planExactSize(model, delivery.size)) : undefined;
  return { plan, sentence: describePlan(model, plan, delivery.format) };
}
