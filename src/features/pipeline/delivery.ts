import { checkDeliveryDimensions, formatFromName, type OutputFormat } from '../../core/convert/formats';
import { AisaError } from '../../core/errors';
import type { Delivery } from '../../core/delivery';
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
