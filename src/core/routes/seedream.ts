import * as z from 'zod/mini';
import { generationResponse, numericUsage } from './response';
import type { RouteAdapter } from './types';
import { describeZodError } from '../validation';
import { lazy } from '../lazy';
import { checkedBody, SeedreamRequest } from './requestSchemas';
import { AisaError } from '../errors';
import { seedreamTextOnly } from '../refImages/limits';

// Strict where the images are, lenient elsewhere: an answer carrying paid images must not be
// refused over a null field or a nested usage detail (OpenAI-style APIs send both).
const SeedreamResponse = lazy(() =>
  z.object({
    model: z.nullish(z.string()),
    created: z.nullish(z.number()),
    data: z.array(
      z.object({
        url: z.nullish(z.string()),
        b64_json: z.nullish(z.string()),
        size: z.nullish(z.string()),
      }),
    ),
    usage: z.nullish(z.record(z.string(), z.unknown())),
  }),
);

export const seedreamRoute: RouteAdapter = {
  path: () => '/images/generations',
  body: (req) => {
    // Its page documents model, prompt, n and size only: no undocumented field goes to a paid endpoint.
    if (req.references?.length) throw new AisaError('input', seedreamTextOnly());
    return checkedBody(
      SeedreamRequest(),
      { model: req.model, prompt: req.prompt, n: req.n, size: req.size },
      req.model,
    );
  },
  parse(json, req) {
    const r = SeedreamResponse().safeParse(json);
    if (!r.success) throw new Error(describeZodError(r.error));
    const images = r.data.data.map((d, i) => {
      if (d.url) return { kind: 'url' as const, url: d.url, ...(d.size ? { size: d.size } : {}) };
      if (d.b64_json) return { kind: 'inline' as const, base64: d.b64_json };
      throw new Error(`data[${i}] has neither url nor b64_json`);
    });
    return generationResponse({
      model: r.data.model ?? req.model,
      created: r.data.created ?? undefined,
      images,
      usage: numericUsage(r.data.usage ?? undefined),
    });
  },
};
