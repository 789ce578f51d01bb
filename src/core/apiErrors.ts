import * as z from 'zod/mini';
import { AisaError, type ErrorDetails } from './errors';
import { lazy } from './lazy';
import { safeText } from './safeText';
import { findModel } from './models';
import { MAX_PIXELS, MIN_PIXELS, formatPixels } from './sizes';

const ErrorBody = lazy(() =>
  z.object({
    error: z.object({
      type: z.optional(z.string()),
      code: z.optional(z.union([z.string(), z.number()])),
      message: z.optional(z.string()),
      request_id: z.optional(z.string()),
    }),
  }),
);

/** Seconds to wait from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export interface ApiErrorContext {
  status: number;
  bodyText: string;
  headerRequestId: string | null;
  retryAfter: string | null;
  model: string;
  route: string;
  /** Redacted from everything taken from the answer (the key, should a gateway quote it back). */
  secrets?: readonly string[];
}

/** Maps an HTTP error answer to the one sentence that tells the user what to do next. */
export function apiError(ctx: ApiErrorContext): AisaError {
  let parsed: z.infer<ReturnType<typeof ErrorBody>>['error'] | undefined;
  try {
    const r = ErrorBody().safeParse(JSON.parse(ctx.bodyText));
    if (r.success) parsed = r.data.error;
  } catch {
    /* not JSON: a proxy's page, say; the status alone decides */
  }
  // The answer's text is the server's: one safe line each, capped, before it is used or shown.
  const clean = (v: string | undefined, max: number): string | undefined =>
    v === undefined ? undefined : safeText(v, { max, ...(ctx.secrets ? { secrets: ctx.secrets } : {}) }) || undefined;
  const code = parsed?.code === undefined ? undefined : clean(String(parsed.code), 64);
  const apiMessage = clean(parsed?.message, 300);
  const retryAfterSeconds = parseRetryAfter(ctx.retryAfter);
  const requestId = clean(parsed?.request_id, 128) ?? clean(ctx.headerRequestId ?? undefined, 128);
  const details: ErrorDetails = {
    status: ctx.status,
    ...(code ? { code } : {}),
    ...(apiMessage ? { apiMessage } : {}),
    ...(requestId ? { requestId } : {}),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
  const said = apiMessage ? `: ${apiMessage}` : '';
  const text = `${code ?? ''} ${apiMessage ?? ''}`.toLowerCase();
  const family = findModel(ctx.model)?.family;
  switch (ctx.status) {
    case 400:
      if (family !== 'seedream' && /size|aspect/.test(text)) {
        const how =
          family === 'gemini'
            ? 'Use an aspect ratio such as 16:9 with 1K, 2K or 4K.'
            : 'Leave the size out for this model.';
        return new AisaError(
          'invalid_size',
          `The API rejected the image size for ${ctx.model}${said}. ${how}`,
          details,
        );
      }
      if (/at most|too large|exceeds|maximum/.test(text) && /size|pixel/.test(text)) {
        return new AisaError(
          'invalid_size',
          `The size is too large for ${ctx.model}${said}: it allows at most ${formatPixels(MAX_PIXELS)} pixels, for example 4096x4096 or 5440x3072.`,
          details,
        );
      }
      if (
        /at least|invalidparameter.*pixel|too small/.test(text) ||
        (code === 'InvalidParameter' && /size/.test(text))
      ) {
        return new AisaError(
          'size_too_small',
          `The size is too small for ${ctx.model}: it needs at least ${formatPixels(MIN_PIXELS)} pixels, for example 1920x1920 or 2048x2048.`,
          details,
        );
      }
      if (/size/.test(text)) {
        return new AisaError(
          'invalid_size',
          `The API rejected the size as malformed${said}. Write it as WIDTHxHEIGHT, for example 2048x2048.`,
          details,
        );
      }
      return new AisaError('bad_request', `The API rejected the request${said}.`, details);
    case 401:
      return new AisaError(
        'invalid_key',
        'The AIsa API key is missing or was rejected: set a valid key and try again.',
        details,
      );
    case 403:
      return new AisaError(
        'model_not_allowed',
        `Your API key is not allowed to use ${ctx.model}${said}. Pick another model or check your plan.`,
        details,
      );
    case 404:
      return new AisaError(
        'wrong_route',
        `The API does not serve ${ctx.model} on ${ctx.route}${said}. Pick a supported model, and check the base URL.`,
        details,
      );
    case 422:
      return new AisaError(
        'content_policy',
        `The prompt was refused by the content policy${said}. Rephrase it and try again.`,
        details,
      );
    case 429:
      if (code === 'quota_exceeded') {
        return new AisaError(
          'rate_limit',
          `Your API key's spend cap is reached (quota_exceeded)${said}: raise the cap or use another key; trying again will not help until then.`,
          details,
        );
      }
      return new AisaError(
        'rate_limit',
        `Rate limit reached${retryAfterSeconds === undefined ? '' : `; the API asks to wait ${retryAfterSeconds} s`}. Try again later, or run fewer generations at once.`,
        details,
      );
    case 500:
      return new AisaError(
        'server_error',
        `The AIsa API failed with an internal error (500)${said}. The images may still have been generated and billed: check your usage before trying again.`,
        { ...details, mayHaveBilled: true },
      );
    case 502:
    case 503:
    case 504:
      return new AisaError(
        'upstream_down',
        `The image provider is unreachable right now (${ctx.status}). Try again in a minute.`,
        details,
      );
    default:
      return new AisaError('http', `The API answered HTTP ${ctx.status}${said}.`, details);
  }
}
