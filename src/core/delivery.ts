import type { OutputFormat } from './convert/formats';
import { describePlan, planExactSize, planForSize, type GenerationPlan } from './exactSize';
import { requireModel } from './models';
import { validateRequest, type RequestInput, type ValidRequest } from './request';
import type { Size } from './sizes';

/** How every image of one generation is written: the web-ready transform takes this. */
export interface Delivery {
  readonly format: OutputFormat;
  /** 1-100 for webp, jpeg and avif; the format's default when undefined. */
  readonly quality: number | undefined;
  /** Exact delivered dimensions (resized and centre-cropped); the generated size when undefined. */
  readonly size: Size | undefined;
}

export const AS_GENERATED: Delivery = { format: 'png', quality: undefined, size: undefined };

/** For exact dimensions: the size to generate at (unless one was given), and the sentence that says so before the request. */
export function planDelivery(
  modelId: string,
  delivery: Delivery,
  givenSize: string | undefined,
): { plan: GenerationPlan | undefined; sentence: string } {
  const model = requireModel(modelId);
  const plan = delivery.size
    ? givenSize
      ? planForSize(model, givenSize, delivery.size)
      : planExactSize(model, delivery.size)
    : undefined;
  return { plan, sentence: describePlan(model, plan, delivery.format) };
}

/**
 * A request whose files are delivered as `delivery` says: with exact dimensions and no size
 * given, generated at the model's nearest valid size. Judged before anything is sent; `note` is
 * what is generated and what delivered, for whoever is about to pay (undefined when nothing is
 * converted). The one rule for the pipeline, the CLI, the agent tool and the MCP server.
 */
export function plannedRequest(
  input: RequestInput & { readonly model: string },
  delivery: Delivery,
): { request: ValidRequest; note: string | undefined } {
  const { plan, sentence } = planDelivery(input.model, delivery, input.size);
  const request = validateRequest({ ...input, ...(plan?.size && input.size === undefined ? { size: plan.size } : {}) });
  return { request, note: delivery.size || delivery.format !== 'png' ? sentence : undefined };
}
