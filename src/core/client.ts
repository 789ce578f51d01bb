import * as l10n from '@vscode/l10n';
import { apiError, parseRetryAfter } from './apiErrors';
import { apiKeyProblem } from './apiKey';
import { validateBaseUrl } from './baseUrl';
import { AisaError, cancelledError } from './errors';
import {
  defaultFetch,
  networkError,
  readCappedText,
  sleep as realSleep,
  withTimeout,
  type Fetch,
  type Sleep,
} from './http';
import { requireModel, type ModelFamily } from './models';
import { DEFAULT_GEMINI_API_VERSION, geminiRoute, parseGeminiApiVersion } from './routes/gemini';
import { seedreamRoute } from './routes/seedream';
import type {
  GeminiApiVersion,
  GenerationRequest,
  GenerationResponse,
  RemoteImage,
  RouteAdapter,
} from './routes/types';
import { redact, safeText } from './safeText';
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
  /** The most of a successful answer that is read (default MAX_ANSWER_BYTES); an error answer is read to MAX_ERROR_BYTES. */
  maxAnswerBytes?: number;
}

export interface GenerationResult extends GenerationResponse {
  readonly requestId?: string;
}

export const DEFAULT_TIMEOUT_MS = 300_000;
/**
 * A successful answer is JSON holding links, or at most a few images inline (base64): 128 MB is
 * far past any real one, and bounds what a hostile or broken server can make the client hold.
 */
export const MAX_ANSWER_BYTES = 128 * 1024 * 1024;
/** An error answer only has to carry a sentence and a request id. */
export const MAX_ERROR_BYTES = 64 * 1024;
/** A link longer than this is not a presigned URL but an attack or a bug. */
export const MAX_LINK_CHARS = 16 * 1024;

/** The route comes from the model's family alone: a model is never sent to another family's route. */
const ROUTES: Readonly<Record<ModelFamily, RouteAdapter>> = {
  seedream: seedreamRoute,
  wan: wanRoute,
  gemini: geminiRoute,
};

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
      l10n.t(
        "Gemini models are served beside the API's /v1 path (at /v1beta/models/...), but the base URL {0} does not end in /v1, so that path cannot be worked out. Use a base URL ending in /v1, such as https://api.aisa.one/v1.",
        baseUrl,
      ),
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
    const keyProblem = apiKeyProblem(options.apiKey);
    if (keyProblem) throw new AisaError('invalid_key', keyProblem);
    this.opts = {
      maxAnswerBytes: MAX_ANSWER_BYTES,
      fetch: defaultFetch,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      maxRetries: 2,
      maxRetryAfterSeconds: 60,
      sleep: realSleep,
      random: Math.random,
      ...options,
      apiKey: options.apiKey.trim(),
      baseUrl: this.baseUrl,
      geminiApiVersion: parseGeminiApiVersion(options.geminiApiVersion ?? DEFAULT_GEMINI_API_VERSION),
    };
  }

  /** Every error it throws is free of the key, even when a server quoted it back. */
  async generate(req: GenerationRequest, signal?: AbortSignal): Promise<GenerationResult> {
    try {
      return await this.generateOnce(req, signal);
    } catch (e) {
      throw e instanceof AisaError ? this.redactError(e) : e;
    }
  }

  private redactError(e: AisaError): AisaError {
    const key = [this.opts.apiKey];
    const clean = (v: string | undefined): string | undefined => (v === undefined ? undefined : redact(v, key));
    const message = redact(e.message, key);
    const apiMessage = clean(e.apiMessage);
    const requestId = clean(e.requestId);
    if (message === e.message && apiMessage === e.apiMessage && requestId === e.requestId) return e;
    return new AisaError(e.kind, message, {
      ...(e.status === undefined ? {} : { status: e.status }),
      ...(e.code === undefined ? {} : { code: redact(e.code, key) }),
      ...(apiMessage === undefined ? {} : { apiMessage }),
      ...(requestId === undefined ? {} : { requestId }),
      ...(e.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: e.retryAfterSeconds }),
      mayHaveBilled: e.mayHaveBilled,
    });
  }

  private async generateOnce(req: GenerationRequest, signal?: AbortSignal): Promise<GenerationResult> {
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
      const reading = new AbortController();
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.opts.apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body,
          signal: AbortSignal.any([t.signal, reading.signal]),
          // Never followed (the key would go with it), but reported as what it is.
          redirect: 'manual',
        });
        status = res.status;
        headers = res.headers;
        const ok = status >= 200 && status < 300;
        text = await readCappedText(res, ok ? this.opts.maxAnswerBytes : MAX_ERROR_BYTES, reading, ok);
      } catch (e) {
        const error = networkError(e, host, signal?.aborted ?? false, t.timedOut(), timeoutMs, true);
        // Refused before a byte was sent: certainly not processed, so not billed (a restarting proxy).
        const refused = error.kind === 'network' && error.code === 'ECONNREFUSED';
        await this.retryOrThrow(
          error,
          refused ? this.backoff(attempt) : undefined,
          'connection refused',
          path,
          attempt,
          signal,
        );
        continue;
      }
      const requestId =
        safeText(headers.get('x-request-id') ?? '', { max: 128, secrets: [this.opts.apiKey] }) || undefined;
      onEvent?.({
        type: 'response',
        route: `POST ${path}`,
        status,
        durationMs: Date.now() - started,
        ...(requestId ? { requestId } : {}),
      });

      if (status >= 200 && status < 300) return this.parse(route, req, text, requestId);
      if (status >= 300 && status < 400) throw redirected(status, headers.get('location'), url, requestId);

      const error = apiError({
        status,
        bodyText: text,
        headerRequestId: requestId ?? null,
        retryAfter: headers.get('retry-after'),
        model: model.id,
        route: `POST ${path}`,
        secrets: [this.opts.apiKey],
      });
      // A spend cap (429 quota_exceeded) is not a rate limit: waiting does not lift it.
      const delay =
        error.code === 'quota_exceeded' ? undefined : this.retryDelay(status, headers.get('retry-after'), attempt);
      await this.retryOrThrow(error, delay, `HTTP ${status}`, path, attempt, signal);
    }
  }

  /** Waits before the next attempt, or throws `error` when it is not to be retried (undefined delay) or retries are spent. */
  private async retryOrThrow(
    error: AisaError,
    delayMs: number | undefined,
    reason: string,
    path: string,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
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

  private parse(
    route: RouteAdapter,
    req: GenerationRequest,
    text: string,
    requestId: string | undefined,
  ): GenerationResult {
    const withId = requestId ? { requestId } : {};
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AisaError(
        'bad_response',
        l10n.t(
          'The API answered with something that is not JSON; the images may have been generated and billed, so check your usage before trying again.',
        ),
        { ...withId, mayHaveBilled: true },
      );
    }
    let result: GenerationResponse;
    try {
      result = route.parse(json, req);
    } catch (e) {
      throw new AisaError(
        'bad_response',
        l10n.t(
          "The API's answer does not have the documented shape ({0}); the images may have been billed, so check your usage before trying again.",
          safeText((e as Error).message, { max: 200 }),
        ),
        { ...withId, mayHaveBilled: true },
      );
    }
    if (result.images.length === 0) {
      throw new AisaError(
        'bad_response',
        l10n.t('The API answered without any image. Try again, perhaps with a different prompt.'),
        withId,
      );
    }
    return { ...this.tame(result, req.n), ...withId };
  }

  /**
   * The answer as far as it can be shown and acted on: never more images than were asked for,
   * each link once and normalised (a link's control characters percent-encoded by the URL
   * parser), and the model's name and words as safe text.
   */
  private tame(result: GenerationResponse, n: number): GenerationResponse {
    const secrets = [this.opts.apiKey];
    const seen = new Set<string>();
    const images: RemoteImage[] = [];
    for (const image of result.images) {
      if (images.length >= n) break;
      const kept = image.kind === 'url' ? { ...image, url: normaliseLink(image.url) } : image;
      const id = kept.kind === 'url' ? kept.url : kept.base64;
      if (seen.has(id)) continue;
      seen.add(id);
      images.push(kept);
    }
    const text = result.text === undefined ? '' : safeText(result.text, { max: 2000, secrets });
    return {
      ...result,
      model: safeText(result.model, { max: 120, secrets }),
      created: saneCreated(result.created),
      images,
      ...(text ? { text } : {}),
    };
  }
}

/** An image link made safe to print and store: the URL parser's own serialisation, or safe text when it is no URL. */
function normaliseLink(url: string): string {
  if (url.length > MAX_LINK_CHARS) return safeText(url, { max: 200 });
  try {
    return new URL(url).href;
  } catch {
    return safeText(url, { max: 200 });
  }
}

/** Seconds since 1970, between 2000 and 2200; anything else (a huge or negative number) is now. */
function saneCreated(created: number): number {
  return Number.isFinite(created) && created > 946_684_800 && created < 7_258_118_400
    ? created
    : Math.floor(Date.now() / 1000);
}

function redirected(status: number, location: string | null, url: string, requestId: string | undefined): AisaError {
  let where: string | undefined;
  try {
    if (location) where = safeText(new URL(location, url).host, { max: 120 });
  } catch {
    // an unparseable Location: the status alone says enough
  }
  return new AisaError(
    'http',
    where === undefined
      ? l10n.t(
          'The API answered with a redirect (HTTP {0}), which is not followed because your key would go with it: check the base URL.',
          status,
        )
      : l10n.t(
          'The API answered with a redirect (HTTP {0} to {1}), which is not followed because your key would go with it: check the base URL.',
          status,
          where,
        ),
    {
      status,
      ...(requestId ? { requestId } : {}),
    },
  );
}
