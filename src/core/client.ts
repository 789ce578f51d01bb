import { apiError, parseRetryAfter } from './apiErrors';
import { validateBaseUrl } from './baseUrl';
import { AisaError, cancelledError } from './errors';
import { defaultFetch, networkError, sleep as realSleep, withTimeout, type Fetch, type Sleep } from './http';
import { requireModel, type ModelFamily } from './models';
import { DEFAULT_GEMINI_API_VERSION, geminiRoute, parseGeminiApiVersion } from './routes/gemini';
import { seedreamRoute } from './routes/seedream';
import type { GeminiApiVersion, GenerationRequest, GenerationResponse, RouteAdapter } from './routes/types';
import { wanRoute } from './routes/wan';

export type ClientEvent =
  | { type: 'request'; route: string; attempt: number }
  | { type: 'response'; route: string; status: number; durationMs: number; requestId?: string }
  | { type: 'retry'; route: string; attempt: number; delayMs: number; reason: string };

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  fetch?: Fetch;
  /** Generation can take minutes; this bounds one attempt. */
  timeoutMs?: number;
  maxRetries?: number;
  /** A 429 asking to wait longer than this is reported rather than waited out. */
  maxRetryAfterSeconds?: number;
  sleep?: Sleep;
  random?: () => number;
  onEvent?: (e: ClientEvent) => void;
  /** Gemini's path: `/v1beta/models/...` (default) or `/v1/models/...`; the provider's docs disagree. */
  geminiApiVersion?: GeminiApiVersion;
}

export interface GenerationResult extends GenerationResponse {
  readonly requestId?: string;
}

export const DEFAULT_TIMEOUT_MS = 300_000;

/** The route comes from the model's family alone: a model is never sent to another family's route. */
const ROUTES: Readonly<Record<ModelFamily, RouteAdapter>> = { seedream: seedreamRoute, wan: wanRoute, gemini: geminiRoute };

/**
 * What routes that live beside `/v1` (Gemini's `/v1beta/...`) are appended to: the base URL
 * without its final `/v1` segment, keeping any prefix a proxy puts before it
 * (`https://proxy.example/aisa/v1` -> `https://proxy.example/aisa`).
 */
export function apiRoot(baseUrl: string): string {
  const url = new URL(baseUrl);
  const m = /^(.*)\/v1\/?$/.exec(url.pathname);
  if (!m) {
    throw new AisaError(
      'input',
      `Gemini models are served beside the API's /v1 path (at /v1beta/models/...), but the base URL ${baseUrl} does not end in /v1, so that path cannot be worked out. Use a base URL ending in /v1, such as https://api.aisa.one/v1.`,
    );
  }
  return `${url.origin}${m[1] ?? ''}`;
}

/**
 * One paid, non-idempotent call. Retried only where the request was certainly not processed:
 * 429 (after Retry-After), 502/503 and a refused connection (backoff with jitter). Never a 500
 * or a timeout: those may already have been billed.
 */
export class AisaClient {
  readonly baseUrl: string;
  private readonly opts: Required<Omit<ClientOptions, 'onEvent'>> & Pick<ClientOptions, 'onEvent'>;

  constructor(options: ClientOptions) {
    this.baseUrl = validateBaseUrl(options.baseUrl);
    if (!options.apiKey.trim()) throw new AisaError('invalid_key', 'No AIsa API key is set: set one and try again.');
    this.opts = {
      fetch: defaultFetch,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      maxRetries: 2,
      maxRetryAfterSeconds: 60,
      sleep: realSleep,
      random: Math.random,
      ...options,
      baseUrl: this.baseUrl,
      geminiApiVersion: parseGeminiApiVersion(options.geminiApiVersion ?? DEFAULT_GEMINI_API_VERSION),
    };
  }

  async generate(req: GenerationRequest, signal?: AbortSignal): Promise<GenerationResult> {
    const model = requireModel(req.model);
    const route = ROUTES[model.family];
    const path = route.path(model.id, { geminiApiVersion: this.opts.geminiApiVersion });
    const url = (route.mount === 'root' ? apiRoot(this.baseUrl) : this.baseUrl) + path;
    const host = new URL(url).host;
    const body = JSON.stringify(route.body(req));
    const { fetch, timeoutMs, onEvent } = this.opts;

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw cancelledError();
      const t = withTimeout(signal, timeoutMs);
      const started = Date.now();
      onEvent?.({ type: 'request', route: `POST ${path}`, attempt });
      let status: number;
      let text: string;
      let headers: { get(name: string): string | null };
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.opts.apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body,
          signal: t.signal,
          redirect: 'error',
        });
        status = res.status;
        headers = res.headers;
        text = await res.text();
      } catch (e) {
        const error = networkError(e, host, signal?.aborted ?? false, t.timedOut(), timeoutMs, true);
        // Refused before a byte was sent: certainly not processed, so not billed (a restarting proxy).
        const refused = error.kind === 'network' && error.code === 'ECONNREFUSED';
        await this.retryOrThrow(error, refused ? this.backoff(attempt) : undefined, 'connection refused', path, attempt, signal);
        continue;
      }
      const requestId = headers.get('x-request-id') ?? undefined;
      onEvent?.({ type: 'response', route: `POST ${path}`, status, durationMs: Date.now() - started, ...(requestId ? { requestId } : {}) });

      if (status >= 200 && status < 300) return this.parse(route, req, text, requestId);

      const error = apiError({ status, bodyText: text, headerRequestId: requestId ?? null, retryAfter: headers.get('retry-after'), model: model.id, route: `POST ${path}` });
      await this.retryOrThrow(error, this.retryDelay(status, headers.get('retry-after'), attempt), `HTTP ${status}`, path, attempt, signal);
    }
  }

  /** Waits before the next attempt, or throws `error` when it is not to be retried (undefined delay) or retries are spent. */
  private async retryOrThrow(error: AisaError, delayMs: number | undefined, reason: string, path: string, attempt: number, signal: AbortSignal | undefined): Promise<void> {
    if (delayMs === undefined || attempt >= this.opts.maxRetries) throw error;
    this.opts.onEvent?.({ type: 'retry', route: `POST ${path}`, attempt: attempt + 1, delayMs, reason });
    await this.opts.sleep(delayMs, signal);
  }

  private retryDelay(status: number, retryAfter: string | null, attempt: number): number | undefined {
    if (status === 429) {
      const seconds = parseRetryAfter(retryAfter) ?? 1;
      return seconds > this.opts.maxRetryAfterSeconds ? undefined : seconds * 1000;
    }
    if (status === 502 || status === 503) return this.backoff(attempt);
    return undefined;
  }

  /** 0.5-1 s, then 1-2 s: exponential with jitter, so clients that failed together do not return together. */
  private backoff(attempt: number): number {
    const base = 1000 * 2 ** attempt;
    return Math.round(base / 2 + (base / 2) * this.opts.random());
  }

  private parse(route: RouteAdapter, req: GenerationRequest, text: string, requestId: string | undefined): GenerationResult {
    const withId = requestId ? { requestId } : {};
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AisaError('bad_response', 'The API answered with something that is not JSON; the images may have been generated and billed, so check your usage before trying again.', { ...withId, mayHaveBilled: true });
    }
    let result: GenerationResponse;
    try {
      result = route.parse(json, req);
    } catch (e) {
      throw new AisaError('bad_response', `The API's answer does not have the documented shape (${(e as Error).message}); the images may have been billed, so check your usage before trying again.`, { ...withId, mayHaveBilled: true });
    }
    if (result.images.length === 0) {
      throw new AisaError('bad_response', 'The API answered without any image. Try again, perhaps with a different prompt.', withId);
    }
    return { ...result, ...withId };
  }
}
