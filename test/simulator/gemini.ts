// POST /v1beta/models/{model}:generateContent (and the /v1/models/... spelling one doc page uses).
import { errorReply, isRecord, notRouted, type Reply } from './http';
import { forbidden, policyViolation, type RouteContext } from './route-checks';
import { derivedImage, readReferences, SIM_REFERENCE_LIMITS, type ReferenceSource } from './references';

export const GEMINI_ASPECT_RATIOS: readonly string[] = [
  '1:1',
  '2:3',
  '3:2',
  '3:4',
  '4:3',
  '4:5',
  '5:4',
  '9:16',
  '16:9',
  '21:9',
];
const LONG_SIDE: Readonly<Record<string, number>> = { '1K': 1024, '2K': 2048, '4K': 4096 };

const invalidArgument = (message: string): Reply =>
  errorReply(400, 'invalid_request_error', 'INVALID_ARGUMENT', message);

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
  return a >= b
    ? { width: long, height: Math.round((long * b) / a) }
    : { width: Math.round((long * a) / b), height: long };
}

/** The text parts joined, and the inlineData parts (image input); a message when a part is neither. */
function partsOf(contents: unknown[]): { prompt: string; refs: ReferenceSource[] } | string {
  const texts: string[] = [];
  const refs: ReferenceSource[] = [];
  for (const [i, c] of contents.entries()) {
    const parts = isRecord(c) ? c['parts'] : undefined;
    if (!Array.isArray(parts)) return 'contents[].parts must be a list';
    for (const [j, p] of parts.entries()) {
      const where = `contents[${i}].parts[${j}]`;
      if (!isRecord(p)) return `${where} must be an object`;
      const inline = p['inlineData'] ?? p['inline_data'];
      if (typeof p['text'] === 'string') texts.push(p['text']);
      else if (isRecord(inline)) {
        const mime = inline['mimeType'] ?? inline['mime_type'];
        const data = inline['data'];
        if (typeof mime !== 'string' || typeof data !== 'string') return `${where}.inlineData needs mimeType and data`;
        refs.push({ kind: 'data', mime: mime.toLowerCase(), base64: data, where: `${where}.inlineData` });
      } else return `${where} must have text or inlineData`;
    }
  }
  return { prompt: texts.join('\n'), refs };
}

export async function handleGemini(model: string, body: unknown, ctx: RouteContext): Promise<Reply> {
  if (!model.startsWith('gemini-') || !model.includes('image')) return notRouted(model, 'generateContent');
  const denied = forbidden(model, ctx);
  if (denied) return denied;
  if (!isRecord(body)) return invalidArgument('request body must be a JSON object');
  const contents = body['contents'];
  if (!Array.isArray(contents) || contents.length === 0) return invalidArgument('contents is required');
  const parts = partsOf(contents);
  if (typeof parts === 'string') return invalidArgument(parts);
  const { prompt } = parts;
  if (prompt.trim() === '') return invalidArgument('a text part is required: contents[].parts[].text');

  const config = isRecord(body['generationConfig']) ? body['generationConfig'] : {};
  const imageConfig = isRecord(config['imageConfig']) ? config['imageConfig'] : {};
  const aspectRatio = imageConfig['aspectRatio'] ?? '1:1';
  const imageSize = imageConfig['imageSize'] ?? '1K';
  if (typeof aspectRatio !== 'string' || !GEMINI_ASPECT_RATIOS.includes(aspectRatio)) {
    return invalidArgument(
      `unsupported aspectRatio ${JSON.stringify(aspectRatio)}; use one of ${GEMINI_ASPECT_RATIOS.join(' ')}`,
    );
  }
  if (typeof imageSize !== 'string' || LONG_SIDE[imageSize] === undefined) {
    return invalidArgument(`unsupported imageSize ${JSON.stringify(imageSize)}; use 1K, 2K or 4K`);
  }
  const refs = await readReferences(parts.refs, SIM_REFERENCE_LIMITS.gemini, ctx, invalidArgument);
  if (!Array.isArray(refs)) return refs;
  const refused = policyViolation(prompt);
  if (refused) return refused;

  const { width, height } = geminiDimensions(aspectRatio, imageSize);
  const img = refs.length
    ? await derivedImage(refs[0], width, height, ctx)
    : ctx.images.create(width, height, 'pattern');
  const promptTokens = Math.max(1, Math.ceil(prompt.length / 4));
  return {
    status: 200,
    json: {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Here is your image.' },
              { inlineData: { mimeType: 'image/png', data: ctx.images.base64(img) } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: promptTokens,
        candidatesTokenCount: 1290,
        totalTokenCount: promptTokens + 1290,
      },
      modelVersion: model,
    },
  };
}
