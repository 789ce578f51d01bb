// The spec's per-key limits ("Rate limits (per key)"): requests per minute, requests in flight,
// X-RateLimit-* headers on every generation answer, 429 rate_limit_exceeded with Retry-After,
// and a spend cap answering 429 quota_exceeded (without Retry-After: waiting does not help).
import type { ServerResponse } from 'node:http';
import { errorReply, isRecord, type Reply } from './http';
import type { SimRateLimit } from './types';

const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly started: number[] = [];
  private inFlight = 0;
  private admitted = 0;
  /** Requests refused with 429, either kind. */
  limited = 0;

  constructor(
    private readonly limit: SimRateLimit,
    private readonly now: () => number,
  ) {}

  /** Counts the request in, or returns the 429 that refuses it; sets the X-RateLimit-* headers either way. */
  admit(res: ServerResponse): Reply | undefined {
    const t = this.now();
    while (this.started.length && (this.started[0] ?? 0) <= t - WINDOW_MS) this.started.shift();
    const resetSeconds = this.started.length
      ? Math.max(1, Math.ceil(((this.started[0] ?? t) + WINDOW_MS - t) / 1000))
      : 60;
    const headers = (remaining: number): void => {
      res.setHeader('x-ratelimit-limit-requests', String(this.limit.requestsPerMinute));
      res.setHeader('x-ratelimit-remaining-requests', String(Math.max(0, remaining)));
      res.setHeader('x-ratelimit-reset-requests', `${resetSeconds}s`);
    };
    if (this.limit.quotaRequests !== undefined && this.admitted >= this.limit.quotaRequests) {
      headers(this.limit.requestsPerMinute - this.started.length);
      this.limited++;
      return errorReply(429, 'insufficient_quota', 'quota_exceeded', 'spend cap reached for this API key');
    }
    if (this.started.length >= this.limit.requestsPerMinute || this.inFlight >= this.limit.concurrent) {
      headers(this.limit.requestsPerMinute - this.started.length);
      this.limited++;
      const wait = this.inFlight >= this.limit.concurrent ? 1 : resetSeconds;
      const what =
        this.inFlight >= this.limit.concurrent
          ? `${this.limit.concurrent} concurrent requests`
          : `${this.limit.requestsPerMinute} requests per minute`;
      return {
        ...errorReply(429, 'rate_limit_error', 'rate_limit_exceeded', `rate limit reached: ${what}`),
        headers: { 'retry-after': String(wait) },
      };
    }
    this.started.push(t);
    this.admitted++;
    this.inFlight++;
    res.once('close', () => this.inFlight--);
    headers(this.limit.requestsPerMinute - this.started.length);
    return undefined;
  }
}

/** A rate limit that arrived as JSON (null switches it off), or what is wrong with it. */
export function parseRateLimit(v: unknown): SimRateLimit | null | string {
  if (v === null) return null;
  if (!isRecord(v)) return 'body must be a rate limit object or null';
  const positive = (k: string): boolean => typeof v[k] === 'number' && Number.isInteger(v[k]) && (v[k] as number) > 0;
  if (!positive('requestsPerMinute') || !positive('concurrent'))
    return 'requestsPerMinute and concurrent must be positive integers';
  if ('quotaRequests' in v && !positive('quotaRequests')) return 'quotaRequests must be a positive integer';
  return v as unknown as SimRateLimit;
}
