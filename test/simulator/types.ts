import type { ImageMode } from './png';

export type { ImageMode };
export type WanImageFormat = 'url' | 'base64';

/** One scripted answer to a generation request, taken from the front of `SimFaults.generation`. */
export type GenerationFault =
  | { status: 429; retryAfter?: number; code?: string; message?: string }
  | { status: 400 | 401 | 403 | 404 | 422 | 500 | 502 | 503 | 504; code?: string; message?: string }
  | { rawBody: string; status?: number; contentType?: string }
  | { json: unknown; status?: number }
  | { hang: true };

/** One scripted misbehaviour of an image download, taken from the front of `SimFaults.download`. */
export type DownloadFault =
  | { kind: 'status'; status: number }
  | { kind: 'truncate'; afterBytes: number }
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

export interface SimulatorOptions extends Partial<SimFaults> {
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
  downloadRequests(): SimRequest[];
  close(): Promise<void>;
}
