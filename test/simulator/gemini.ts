// POST /v1beta/models/{model}:generateContent (and the /v1/models/... spelling one doc page uses).
import { errorReply, isRecord, notRouted, type Reply } from './http';
import { forbidden, policyViolation, type RouteContext } from './route-checks';

export const GEMINI_ASPECT_RATIOS: readonly string[] = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
const LONG_SIDE: Readonly<Record<string, number>> = { '1K': 1024, '2K': 2048, '4K': 4096 };

const invalidArgument = (message: string): Reply => errorReply(400, 'invalid_request_error', 'INVALID_ARGUMENT', message);

/** The model named by a generateContent path, or undefined when the path is not one. */
export function geminiModelFromPath(pathname: string): string | undefined {
  const m = /^\/(?:v1beta|v1)\/models\/([^/]+):generateContent$/.exec(pathname);
  if (m?.[1] === undefined) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}

export function geminiDimensions(aspectRatio: string, imageSize: string): { width: number; height: number } {
  const [a = 1, b = 1] = aspectRatio.split(':').map(Number);
  const long = LONG_SIDE[imageSize] ?? 1024;
  return a >= b ? { width: long, height: Math.round((long * b) / a) } : { width: Math.round((long * a) / b), height: long };
}

function promptOf(contents: unknown[]): string | undefined {
  const texts: string[] = [];
  for (const c of contents) {
    const parts = isRecord(c) ? c['parts'] : undefined;
    if (!Array.isArray(parts)) return undefined;
    for (const p of parts) if (isRecord(p) && typeof p['text'] === 'string') texts.push(p['text']);
  }
  return texts.join('\n');
}

export function handleGemini(model: string, body: unknown, ctx: RouteContext): Reply {
  if (!model.startsWith('gemini-') || !model.includes('image')) return notRouted(model, 'generateContent');
  const denied = forbidden(model, ctx);
  if (denied) return denied;
  if (!isRecord(body)) return invalidArgument('request body must be a JSON object');
  const contents = body['contents'];
  if (!Array.isArray(contents) || contents.length === 0) return invalidArgument('contents is required');
  const prompt = promptOf(contents);
  if (prompt === undefined) return invalidArgument('contents[].parts must be a list');
  if (prompt.trim() === '') return invalidArgument('a text part is required: contents[].parts[].text');

  const config = isRecord(body['generationConfig']) ? body['generationConfig'] : {};
  const imageConfig = isRecord(config['imageConfig']) ? config['imageConfig'] : {};
  const aspectRatio = imageConfig['aspectRatio'] ?? '1:1';
  const imageSize = imageConfig['imageSize'] ?? '1K';
  if (typeof aspectRatio !== 'string' || !GEMINI_ASPECT_RATIOS.includes(aspectRatio)) {
    return invalidArgument(`unsupported aspectRatio ${JSON.stringify(aspectRatio)}; use one of ${GEMINI_ASPECT_RATIOS.join(' ')}`);
  }
  if (typeof imageSize !== 'string' || LONG_SIDE[imageSize] === undefined) {
    return invalidArgument(`unsupported imageSize ${JSON.stringify(imageSize)}; use 1K, 2K or 4K`);
  }
  const refused = policyViolation(prompt);
  if (refused) return refused;

  const { width, height } = geminiDimensions(aspectRatio, imageSize);
  const img = ctx.images.create(width, height, 'pattern');
  const promptTokens = Math.max(1, Math.ceil(prompt.length / 4));
  return {
    status: 200,
    json: {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ text: 'Here is your image.' }, { inlineData: { mimeType: 'image/png', data: ctx.images.base64(img) } }],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: promptTokens, candidatesTokenCount: 1290, totalTokenCount: promptTokens + 1290 },
      modelVersion: model,
    },
  };
}
