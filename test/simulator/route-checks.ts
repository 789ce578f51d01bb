// Checks every generation route makes, in the order the real gateway makes them:
// route → key's model access → request fields → content policy.
import { errorReply, type Reply } from './http';
import type { ImageStore } from './images';
import type { SimFaults } from './types';

export interface RouteContext {
  faults: SimFaults;
  images: ImageStore;
  now: () => number;
  /** SimExtras.undocumentedLimits */
  undocumentedLimits: boolean;
}

export const MAX_PIXELS = 16_777_216;
export const MAX_IMAGES = 15;
/** Prompts containing this marker are refused, so tests can trigger a policy rejection on purpose. */
export const POLICY_MARKER = '[policy]';

export function forbidden(model: string, ctx: RouteContext): Reply | undefined {
  if (!ctx.faults.forbiddenModels.includes(model)) return undefined;
  return errorReply(403, 'permission_error', 'model_not_allowed', `this API key is not allowed to use model ${model}`);
}

export function policyViolation(prompt: string): Reply | undefined {
  if (!prompt.includes(POLICY_MARKER)) return undefined;
  return errorReply(
    422,
    'invalid_request_error',
    'content_policy_violation',
    'the prompt was rejected by the content policy',
  );
}

/** Beyond this the simulator does not draw images (they would only cost it memory), whatever it was asked. */
const MAX_DRAWN_IMAGES = 100;

/** `n` as an integer >= 1 (the spec), at most MAX_IMAGES with the undocumented limits on; or an error message. */
export function readCount(v: unknown, fallback: number, ctx: RouteContext): number | string {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return 'n must be an integer >= 1';
  if (ctx.undocumentedLimits && v > MAX_IMAGES) return `n must be at most ${MAX_IMAGES}`;
  return Math.min(v, MAX_DRAWN_IMAGES);
}

/** Width and height as drawn: at most MAX_PIXELS, keeping the aspect ratio, so a huge size costs the simulator nothing. */
export function drawnSize(width: number, height: number): [number, number] {
  const pixels = width * height;
  if (pixels <= MAX_PIXELS) return [width, height];
  const scale = Math.sqrt(MAX_PIXELS / pixels);
  return [Math.max(1, Math.floor(width * scale)), Math.max(1, Math.floor(height * scale))];
}
