import * as z from 'zod/mini';
import { generationResponse } from './response';
import type { RouteAdapter } from './types';
import { describeZodError } from '../validation';
import { lazy } from '../lazy';

const SeedreamResponse = lazy(() => z.object({
  model: z.optional(z.string()),
  created: z.optional(z.number()),
  data: z.array(
    z.object({
      url: z.optional(z.string()),
      b64_json: z.optional(z.string()),
      size: z.optional(z.string()),
    }),
  ),
  usage: z.optional(z.record(z.string(), z.number())),
}));

export const seedreamRoute: RouteAdapter = {
  path: () => '/images/generations',
  body: (req) => ({ model: req.model, prompt: req.prompt, n: req.n, size: req.size }),
  parse(json, req) {
    const r = SeedreamResponse().safeParse(json);
    if (!r.success) throw new Error(describeZodError(r.error));
    const images = r.data.data.map((d, i) => {
      if (d.url) return { kind: 'url' as const, url: d.url, ...(d.size ? { size: d.size } : {}) };
      if (d.b64_json) return { kind: 'inline' as const, base64: d.b64_json };
      throw new Error(`data[${i}] has neither url nor b64_json`);
    });
    return generationResponse({ model: r.data.model ?? req.model, created: r.data.created, images, usage: r.data.usage });
  },
};
