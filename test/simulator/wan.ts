// POST /v1/chat/completions: Wan 2.7 image generation shaped as a chat completion.
import { errorReply, isRecord, newHexId, notRouted, type Reply } from './http';
import { drawnSize, forbidden, MAX_PIXELS, policyViolation, readCount, type RouteContext } from './route-checks';
import {
  derivedImage,
  readReferences,
  referenceFromUrl,
  SIM_REFERENCE_LIMITS,
  type ReferenceSource,
} from './references';

export const WAN_MODELS: readonly string[] = ['wan2.7-image', 'wan2.7-image-pro'];
/** The real route's default: a client that omits `n` pays for four images. */
export const WAN_DEFAULT_N = 4;
const DEFAULT_SIZE = 2048;

const invalidParameter = (message: string): Reply =>
  errorReply(400, 'invalid_request_error', 'invalid_parameter_error', message);

/** The text parts joined, and the image_url parts (references for image-to-image). */
function partsOf(messages: unknown[]): { prompt: string; refs: ReferenceSource[] } | Reply {
  const texts: string[] = [];
  const refs: ReferenceSource[] = [];
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message)) return invalidParameter('Input should be a valid dictionary: messages[*]');
    const content = message['content'];
    if (!Array.isArray(content)) return invalidParameter('Input should be a valid list: messages[*].content');
    for (const [j, part] of content.entries()) {
      const where = `messages[${i}].content[${j}]`;
      if (!isRecord(part)) return invalidParameter(`Input should be a valid dictionary: ${where}`);
      if (part['type'] === 'text' && typeof part['text'] === 'string') texts.push(part['text']);
      else if (part['type'] === 'image_url') {
        const url = isRecord(part['image_url']) ? part['image_url']['url'] : undefined;
        if (typeof url !== 'string') return invalidParameter(`${where}.image_url.url is required`);
        const ref = referenceFromUrl(url, `${where}.image_url.url`);
        if (typeof ref === 'string') return invalidParameter(ref);
        refs.push(ref);
      } else return invalidParameter(`${where}.type must be text or image_url`);
    }
  }
  return { prompt: texts.join('\n'), refs };
}

function sizeOf(v: unknown, ctx: RouteContext): [number, number] | Reply {
  if (v === undefined) return [DEFAULT_SIZE, DEFAULT_SIZE];
  const m = typeof v === 'string' ? /^(\d+)[x*](\d+)$/.exec(v) : null;
  const width = Number(m?.[1] ?? 0);
  const height = Number(m?.[2] ?? 0);
  if (width < 1 || height < 1) return invalidParameter(`size must look like 2048*2048, got ${JSON.stringify(v)}`);
  if (ctx.undocumentedLimits && width * height > MAX_PIXELS)
    return invalidParameter(`image size must be at most ${MAX_PIXELS} pixels`);
  return [width, height];
}

export async function handleWan(body: unknown, ctx: RouteContext): Promise<Reply> {
  if (!isRecord(body)) return invalidParameter('request body must be a JSON object');
  const model = body['model'];
  if (typeof model !== 'string' || model === '') return invalidParameter('model is required');
  if (!WAN_MODELS.includes(model)) return notRouted(model, 'POST /v1/chat/completions');
  const denied = forbidden(model, ctx);
  if (denied) return denied;

  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0)
    return invalidParameter('Input should be a valid list: messages');
  const parts = partsOf(messages);
  if ('status' in parts) return parts;
  const { prompt } = parts;
  if (prompt.trim() === '') return invalidParameter('a text part is required: messages[*].content[*].text');
  const n = readCount(body['n'], WAN_DEFAULT_N, ctx);
  if (typeof n === 'string') return invalidParameter(n);
  const size = sizeOf(body['size'], ctx);
  if (!Array.isArray(size)) return size;
  const refs = await readReferences(parts.refs, SIM_REFERENCE_LIMITS.wan, ctx, invalidParameter);
  if (!Array.isArray(refs)) return refs;
  const refused = policyViolation(prompt);
  if (refused) return refused;

  const [width, height] = size;
  const made = await Promise.all(
    Array.from({ length: n }, () =>
      refs.length
        ? derivedImage(refs[0], width, height, ctx)
        : ctx.images.create(...drawnSize(width, height), 'pattern'),
    ),
  );
  const choices = made.map((img, index) => {
    const image =
      ctx.faults.wanImageFormat === 'base64' ? `data:image/png;base64,${ctx.images.base64(img)}` : ctx.images.url(img);
    return { index, finish_reason: 'stop', message: { role: 'assistant', content: [{ type: 'image', image }] } };
  });
  const promptTokens = Math.max(1, Math.ceil(prompt.length / 4));
  return {
    status: 200,
    json: {
      id: `chatcmpl-sim-${newHexId()}`,
      object: 'chat.completion',
      created: Math.floor(ctx.now() / 1000),
      model,
      choices,
      usage: { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens },
    },
  };
}
