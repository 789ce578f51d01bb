import { apiError, parseRetryAfter } from './apiErrors';
import { validateBaseUrl } from './baseUrl';
import { AisaError, cancelledError } from './errors';
import { defaultFetch, networkError, sleep as realSleep, withTimeout, type Fetch, type Sleep } from './http';
import { requireModel, type ModelFamily } from './models';
import { seedreamRoute } from './routes/seedream';
import type { GenerationRequest, GenerationResponse, RouteAdapter } from './routes/types';

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
}

export interface GenerationResult extends GenerationResponse {
  readonly requestId?: string;
}

export const DEFAULT_TIMEOUT_MS = 300_000;

const ROUTES: Partial<Record<ModelFamily, RouteAdapter>> = { seedream: seedreamRoute };

/**
 * One paid, non-idempotent call. Retried only where the request was certainly not processed:
 * 429 (after Retry-After) and 502/503 (backoff with jitter). Never a 500 or a timeout: those
 * may already have been billed.
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
    };
  }

  async generate(req: GenerationRequest, signal?: AbortSignal): Promise<GenerationResult> {
    const model = requireModel(req.model);
    const route = ROUTES[model.family];
    if (!route) throw new AisaError('unsupported_model', `${model.id} is not supported yet.`);
    const path = route.path(model.id);
    const url = this.baseUrl + path;
    const host = new URL(url).host;
    const body = JSON.stringify(route.body(req));
    const { fetch, timeoutMs, maxRetries, onEvent } = this.opts;

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
        throw networkError(e, host, signal?.aborted ?? false, t.timedOut(), timeoutMs, true);
      }
      const requestId = headers.get('x-request-id') ?? undefined;
      onEvent?.({ type: 'response', route: `POST ${path}`, status, durationMs: Date.now() - started, ...(requestId ? { requestId } : {}) });

      if (status >= 200 && status < 300) return this.parse(route, req, text, requestId);

      const error = apiError({ status, bodyText: text, headerRequestId: requestId ?? null, retryAfter: headers.get('retry-after'), model: model.id, route: `POST ${path}` });
      const delayMs = this.retryDelay(status, headers.get('retry-after'), attempt);
      if (delayMs === undefined || attempt >= maxRetries) throw error;
      onEvent?.({ type: 'retry', route: `POST ${path}`, attempt: attempt + 1, delayMs, reason: `HTTP ${status}` });
      await this.opts.sleep(delayMs, signal);
    }
  }

  private retryDelay(status: number, retryAfter: string | null, attempt: number): number | undefined {
    if (status === 429) {
      const seconds = parseRetryAfter(retryAfter) ?? 1;
      return seconds > this.opts.maxRetryAfterSeconds ? undefined : seconds * 1000;
    }
    if (status === 502 || status === 503) {
      const base = 1000 * 2 ** attempt;
      return Math.round(base / 2 + (base / 2) * this.opts.random());
    }
    return undefined;
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
