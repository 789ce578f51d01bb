// POST /v1/images/generations: the OpenAI-compatible route, which only Seedream answers.
import { errorReply, invalidRequest, isRecord, notRouted, type Reply } from './http';
import { drawnSize, forbidden, MAX_PIXELS, policyViolation, readCount, type RouteContext } from './route-checks';

export const SEEDREAM_MODEL = 'seedream-4-5-251128';
export const SEEDREAM_MIN_PIXELS = 3_686_400;
const TOKENS_PER_IMAGE = 16384;

const invalidParameter = (message: string): Reply =>
  errorReply(400, 'invalid_request_error', 'InvalidParameter', message);

export function handleSeedream(body: unknown, ctx: RouteContext): Reply {
  if (!isRecord(body)) return invalidRequest('request body must be a JSON object');
  const model = body['model'];
  if (typeof model !== 'string' || model === '') return invalidRequest('model is required');
  if (model !== SEEDREAM_MODEL) return notRouted(model, 'POST /v1/images/generations');
  const denied = forbidden(model, ctx);
  if (denied) return denied;

  const prompt = body['prompt'];
  if (typeof prompt !== 'string' || prompt.trim() === '') return invalidRequest('prompt is required');

  const size = body['size'];
  if (size === undefined) return invalidRequest('size is required, e.g. 2048x2048');
  if (typeof size !== 'string' || !/^\d+x\d+$/.test(size))
    return invalidRequest(`malformed size ${JSON.stringify(size)}: expected WIDTHxHEIGHT`);
  const [width = 0, height = 0] = size.split('x').map(Number);
  const pixels = width * height;
  if (pixels < SEEDREAM_MIN_PIXELS)
    return invalidParameter(`image size must be at least ${SEEDREAM_MIN_PIXELS} pixels`);
  if (ctx.undocumentedLimits) {
    if (pixels > MAX_PIXELS) return invalidParameter(`image size must be at most ${MAX_PIXELS} pixels (4096x4096)`);
    if (width > height * 16 || height > width * 16)
      return invalidParameter('image aspect ratio must be between 1/16 and 16');
  }

  const n = readCount(body['n'], 1, ctx);
  if (typeof n === 'string') return invalidRequest(n);
  const format = body['response_format'] ?? 'url';
  if (format !== 'url' && format !== 'b64_json') return invalidRequest('response_format must be url or b64_json');

  const refused = policyViolation(prompt);
  if (refused) return refused;

  const [drawnWidth, drawnHeight] = drawnSize(width, height);
  const images = Array.from({ length: n }, () => ctx.images.create(drawnWidth, drawnHeight, ctx.faults.imageMode));
  const data = images.map((img) =>
    format === 'b64_json' ? { b64_json: ctx.images.base64(img), size } : { url: ctx.images.url(img), size },
  );
  return {
    status: 200,
    json: {
      model,
      created: Math.floor(ctx.now() / 1000),
      data,
      usage: { generated_images: n, output_tokens: TOKENS_PER_IMAGE * n, total_tokens: TOKENS_PER_IMAGE * n },
    },
  };
}
