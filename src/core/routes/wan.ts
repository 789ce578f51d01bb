import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { AisaError } from '../errors';
import { describeZodError } from '../validation';
import { lazy } from '../lazy';
import { dataUrl } from '../refImages/encode';
import { checkedBody, WanRequest } from './requestSchemas';
import { generationResponse, numericUsage } from './response';
import type { GenerationRequest, RemoteImage, RouteAdapter } from './types';

const WanResponse = lazy(() => {
  const WanPart = z.object({
    type: z.optional(z.string()),
    image: z.optional(z.string()),
    text: z.optional(z.string()),
  });

  return z.object({
    model: z.optional(z.string()),
    created: z.optional(z.number()),
    choices: z.array(
      z.object({
        message: z.object({
          // Documented as an array of typed parts; a plain string (a text-only answer) is read as text.
          content: z.union([z.array(WanPart), z.string(), z.null()]),
        }),
      }),
    ),
    usage: z.optional(z.record(z.string(), z.unknown())),
  });
});

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** `image` is a short-lived link or the bytes themselves (bare base64 or a data: URL), per account. */
export function wanImage(image: string, where: string): RemoteImage {
  const s = image.trim();
  // Any scheme is passed on as a link: the downloader refuses all but http(s) with a clear message.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return { kind: 'url', url: s };
  const data = /^data:([^;,]*)((?:;[^;,]*)*),/i.exec(s);
  if (data) {
    if (!/;base64$/i.test(data[2] ?? '')) throw new Error(`${where} is a data: URL that is not base64`);
    const mime = data[1]?.toLowerCase();
    return { kind: 'inline', base64: s, ...(mime ? { mime } : {}) };
  }
  const bare = s.replace(/\s+/g, '');
  if (bare.length >= 8 && BASE64.test(bare)) return { kind: 'inline', base64: bare };
  throw new Error(`${where} is neither a URL nor base64 image data`);
}

function requestBody(req: GenerationRequest): unknown {
  if (req.size.trim() !== '') {
    throw new AisaError(
      'input',
      l10n.t(
        '{0} has no size setting: its route (POST /chat/completions) documents none, so the size "{1}" cannot be honoured. Leave the size out.',
        req.model,
        req.size,
      ),
    );
  }
  return checkedBody(
    WanRequest(),
    {
      model: req.model,
      // References (image-to-image) are image_url parts beside the text; a local file goes as a data: URL.
      messages: [
        {
          role: 'user' as const,
          content: [
            { type: 'text' as const, text: req.prompt },
            ...(req.references ?? []).map((r) => ({ type: 'image_url' as const, image_url: { url: dataUrl(r) } })),
          ],
        },
      ],
      // The route's default is 4 images, each billed: always say how many.
      n: req.n,
    },
    req.model,
  );
}

/** Wan 2.7: an image generation shaped as a chat completion, one image per choice. */
export const wanRoute: RouteAdapter = {
  path: () => '/chat/completions',
  body: requestBody,
  parse(json, req) {
    const r = WanResponse().safeParse(json);
    if (!r.success) throw new Error(describeZodError(r.error));
    const images: RemoteImage[] = [];
    const texts: string[] = [];
    r.data.choices.forEach((choice, i) => {
      const content = choice.message.content;
      if (typeof content === 'string') {
        if (content.trim()) texts.push(content.trim());
        return;
      }
      content?.forEach((part, j) => {
        const where = `choices[${i}].message.content[${j}].image`;
        if (part.image !== undefined && (part.type === undefined || part.type === 'image'))
          images.push(wanImage(part.image, where));
        else if (part.type === 'text' && part.text?.trim()) texts.push(part.text.trim());
      });
    });
    return generationResponse({
      model: r.data.model ?? req.model,
      created: r.data.created,
      images,
      usage: numericUsage(r.data.usage),
      texts,
    });
  },
};
