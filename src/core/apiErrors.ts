import * as l10n from '@vscode/l10n';
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
        return new AisaError(
          'invalid_size',
          family === 'gemini'
            ? l10n.t(
                'The API rejected the image size for {0}{1}. Use an aspect ratio such as 16:9 with 1K, 2K or 4K.',
                ctx.model,
                said,
              )
            : l10n.t('The API rejected the image size for {0}{1}. Leave the size out for this model.', ctx.model, said),
          details,
        );
      }
      if (/at most|too large|exceeds|maximum/.test(text) && /size|pixel/.test(text)) {
        return new AisaError(
          'invalid_size',
          l10n.t(
            'The size is too large for {0}{1}: it allows at most {2} pixels, for example 4096x4096 or 5440x3072.',
            ctx.model,
            said,
            formatPixels(MAX_PIXELS),
          ),
          details,
        );
      }
      if (
        /at least|invalidparameter.*pixel|too small/.test(text) ||
        (code === 'InvalidParameter' && /size/.test(text))
      ) {
        return new AisaError(
          'size_too_small',
          l10n.t(
            'The size is too small for {0}: it needs at least {1} pixels, for example 1920x1920 or 2048x2048.',
            ctx.model,
            formatPixels(MIN_PIXELS),
          ),
          details,
        );
      }
      if (/size/.test(text)) {
        return new AisaError(
          'invalid_size',
          l10n.t('The API rejected the size as malformed{0}. Write it as WIDTHxHEIGHT, for example 2048x2048.', said),
          details,
        );
      }
      return new AisaError('bad_request', l10n.t('The API rejected the request{0}.', said), details);
    case 401:
      return new AisaError(
        'invalid_key',
        l10n.t('The AIsa API key is missing or was rejected: set a valid key and try again.'),
        details,
      );
    case 403:
      return new AisaError(
        'model_not_allowed',
        l10n.t('Your API key is not allowed to use {0}{1}. Pick another model or check your plan.', ctx.model, said),
        details,
      );
    case 404:
      return new AisaError(
        'wrong_route',
        l10n.t(
          'The API does not serve {0} on {1}{2}. Pick a supported model, and check the base URL.',
          ctx.model,
          ctx.route,
          said,
        ),
        details,
      );
    case 422:
      return new AisaError(
        'content_policy',
        l10n.t('The prompt was refused by the content policy{0}. Rephrase it and try again.', said),
        details,
      );
    case 429:
      if (code === 'quota_exceeded') {
        return new AisaError(
          'rate_limit',
          l10n.t(
            "Your API key's spend cap is reached (quota_exceeded){0}: raise the cap or use another key; trying again will not help until then.",
            said,
          ),
          details,
        );
      }
      return new AisaError(
        'rate_limit',
        retryAfterSeconds === undefined
          ? l10n.t('Rate limit reached. Try again later, or run fewer generations at once.')
          : l10n.t(
              'Rate limit reached; the API asks to wait {0} s. Try again later, or run fewer generations at once.',
              retryAfterSeconds,
            ),
        details,
      );
    case 500:
      return new AisaError(
        'server_error',
        l10n.t(
          'The AIsa API failed with an internal error (500){0}. The images may still have been generated and billed: check your usage before trying again.',
          said,
        ),
        { ...details, mayHaveBilled: true },
      );
    case 502:
    case 503:
    case 504:
      return new AisaError(
        'upstream_down',
        l10n.t('The image provider is unreachable right now ({0}). Try again in a minute.', ctx.status),
        details,
      );
    default:
      return new AisaError('http', l10n.t('The API answered HTTP {0}{1}.', ctx.status, said), details);
  }
}
