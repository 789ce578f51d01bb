import type { ImageMode } from './png';

export type { ImageMode };
export type WanImageFormat = 'url' | 'base64';

/** One scripted answer to a generation request, taken from the front of `SimFaults.generation`. */
export type GenerationFault =
  | { status: 429; retryAfter?: number; code?: string; message?: string }
  | { status: 400 | 401 | 403 | 404 | 422 | 500 | 502 | 503 | 504; code?: string; message?: string }
  | { rawBody: string; status?: number; contentType?: string }
  | { json: unknown; status?: number; headers?: Record<string, string> }
  | { hang: true };

/** One scripted misbehaviour of an image download, taken from the front of `SimFaults.download`. */
export type DownloadFault =
  | { kind: 'status'; status: number }
  | { kind: 'truncate'; afterBytes: number }
  /** The body cut short with no length to tell: no Content-Length, no chunking, the connection simply closed (HTTP/1.0 style). */
  | { kind: 'truncate-unframed'; afterBytes: number }
  /** Served gzip-compressed with the compressed Content-Length, as a CDN does when the request accepts gzip (or always, when `always`). */
  | { kind: 'gzip'; always?: boolean }
  | { kind: 'slow'; bytesPerSecond: number }
  | { kind: 'html' }
  | { kind: 'oversize'; bytes: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'latency'; ms: number };

export interface SimFaults {
  generation: GenerationFault[];
  download: DownloadFault[];
  /** Delay before answering each generation request. */
  latencyMs: number;
  /** Delay before answering each image download. */
  downloadLatencyMs: number;
  /** Pixels of Seedream images; Wan and Gemini images are always 'pattern'. */
  imageMode: ImageMode;
  wanImageFormat: WanImageFormat;
  /** Models this key may not use: 403 model_not_allowed. */
  forbiddenModels: string[];
}

export interface SimRequest {
  at: number;
  server: 'api' | 'cdn';
  method: string;
  /** Path and query exactly as requested. */
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON, else the raw text; absent when there was no body. */
  body?: unknown;
}

/** Reported once per request when its response finishes or its connection goes away. */
export interface SimResponseInfo {
  server: 'api' | 'cdn';
  method: string;
  path: string;
  status: number;
  ms: number;
  /** True when the connection closed before the response was complete. */
  aborted: boolean;
}

/**
 * Behaviours the spec (../shared/spec) does not state. Each is off by default, so that the
 * client is tested against what the API promises, and on where a test wants to show the client
 * copes with it as well.
 */
export interface SimExtras {
  /** An `x-request-id` header on every API response (the spec has `request_id` only in error bodies). */
  requestIdHeader?: boolean;
  /** Links carry `?expires=<ms>`, and the CDN refuses a link without it (the spec says only "short-lived"). */
  expiresInLinks?: boolean;
  /** Limits the spec calls undocumented: at most 16,777,216 pixels, aspect ratio within 1/16..16, n <= 15. */
  undocumentedLimits?: boolean;
}

/** The spec's per-key rate limits ("Rate limits (per key)"): off unless given. */
export interface SimRateLimit {
  /** Requests per minute (Free: 60). */
  requestsPerMinute: number;
  /** Requests in flight at once (Free: 5). */
  concurrent: number;
  /** After this many generations the key's spend cap is reached: 429 quota_exceeded. */
  quotaRequests?: number;
}

export interface SimulatorOptions extends Partial<SimFaults> {
  extras?: SimExtras;
  rateLimit?: SimRateLimit;
  port?: number;
  cdnPort?: number;
  apiKey?: string;
  /** How long image URLs stay downloadable; default 600000. */
  urlTtlMs?: number;
  /** Clock for URL expiry and `created`, so tests can expire URLs without sleeping. */
  now?: () => number;
  /** Called as each API or CDN request is logged, before any delay: lets tests wait for arrival without sleeping. */
  onRequest?: (request: SimRequest) => void;
  onResponse?: (info: SimResponseInfo) => void;
}

export interface Simulator {
  /** `http://127.0.0.1:PORT/v1` */
  readonly baseUrl: string;
  readonly apiOrigin: string;
  readonly cdnOrigin: string;
  readonly apiKey: string;
  /** Every API and CDN request so far (not the /__sim control routes). */
  readonly requests: readonly SimRequest[];
  readonly faults: Readonly<SimFaults>;
  /** Shallow merge: a queue given here replaces the current queue. */
  setFaults(partial: Partial<SimFaults>): void;
  /** Faults back to the options given at start, request log emptied. */
  reset(): void;
  generationRequests(): SimRequest[];
  /** The most generation requests that were in flight at once, and how many the rate limit refused. */
  readonly rateStats: { readonly maxInFlight: number; readonly limited: number };
  downloadRequests(): SimRequest[];
  close(): Promise<void>;
}
