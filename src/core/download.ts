import * as l10n from '@vscode/l10n';
import { AisaError, cancelledError } from './errors';
import {
  defaultFetch,
  networkError,
  sleep as realSleep,
  withTimeout,
  type Fetch,
  type FetchResponse,
  type Sleep,
} from './http';
import { inspectImage, isCompleteImage, sniffImageType, SNIFF_BYTES, type ImageInfo } from './imageType';
import { safeText } from './safeText';
import type { RemoteImage } from './routes/types';

export interface DownloadOptions {
  fetch?: Fetch;
  signal?: AbortSignal;
  /** A 4096x4096 PNG is at most ~50 MB; anything past this is not an image we asked for. */
  maxBytes?: number;
  /** Downloads are free and idempotent: a cut or failed one is tried again while the link lives. */
  attempts?: number;
  timeoutMs?: number;
  sleep?: Sleep;
}

export interface DownloadedImage {
  readonly bytes: Uint8Array;
  readonly info: ImageInfo;
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const MAX_REDIRECTS = 5;

class Retryable extends Error {}

function describeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return l10n.t('the image host');
  }
}

function checkScheme(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AisaError(
      'download',
      l10n.t('The API returned an image link that is not a URL ({0}).', safeText(url, { max: 80 })),
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AisaError(
      'download',
      l10n.t(
        'Refusing to download an image from a {0}: link; only http and https are allowed.',
        parsed.protocol.replace(':', ''),
      ),
    );
  }
  return parsed;
}

/** Fetches one image link: no credentials, http(s) only at every redirect, capped, sniffed. */
export async function downloadImage(url: string, options: DownloadOptions = {}): Promise<DownloadedImage> {
  const {
    fetch = defaultFetch,
    signal,
    maxBytes = DEFAULT_MAX_BYTES,
    attempts = 3,
    timeoutMs = 120_000,
    sleep = realSleep,
  } = options;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw cancelledError();
    try {
      return await downloadOnce(url, fetch, signal, maxBytes, timeoutMs);
    } catch (e) {
      if (!(e instanceof Retryable) || attempt >= attempts) {
        if (e instanceof Retryable) {
          throw new AisaError(
            'download',
            l10n.t(
              'Could not download the image from {0} after {1} attempts ({2}).',
              describeHost(url),
              attempts,
              e.message,
            ),
          );
        }
        throw e;
      }
      await sleep(250 * attempt, signal);
    }
  }
}

async function downloadOnce(
  url: string,
  fetch: Fetch,
  signal: AbortSignal | undefined,
  maxBytes: number,
  timeoutMs: number,
): Promise<DownloadedImage> {
  const t = withTimeout(signal, timeoutMs);
  const controller = new AbortController();
  const combined = AbortSignal.any([t.signal, controller.signal]);
  let current = checkScheme(url).toString();
  try {
    let res: FetchResponse;
    for (let hop = 0; ; hop++) {
      // identity: the length read is then the length declared (and images do not compress anyway).
      res = await fetch(current, {
        method: 'GET',
        headers: { accept: 'image/png,image/jpeg,image/webp', 'accept-encoding': 'identity' },
        signal: combined,
        redirect: 'manual',
      });
      if (res.status < 300 || res.status >= 400 || res.status === 304) break;
      const location = res.headers.get('location');
      if (!location || hop >= MAX_REDIRECTS)
        throw new AisaError(
          'download',
          l10n.t('The image host redirected too often or without a target (HTTP {0}).', res.status),
        );
      current = checkScheme(new URL(location, current).toString()).toString();
    }
    if (res.status === 403 || res.status === 404 || res.status === 410) {
      throw new AisaError(
        'download',
        l10n.t(
          'The image link has expired or is gone (HTTP {0} from {1}); links from the API are short-lived.',
          res.status,
          describeHost(current),
        ),
        { status: res.status },
      );
    }
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Retryable(`HTTP ${res.status}`);
    if (res.status !== 200)
      throw new AisaError('download', l10n.t('The image host answered HTTP {0}.', res.status), { status: res.status });
    const bytes = await readCapped(res, maxBytes, controller);
    const info = inspectImage(bytes);
    if (!info) throw notAnImage(res);
    // Cut short where no length said so: retried like any cut download, then kept pending.
    if (!isCompleteImage(bytes, info.mime))
      throw new Retryable(l10n.t('the {0} ends early, at {1} bytes', info.ext.toUpperCase(), bytes.length));
    return { bytes, info };
  } catch (e) {
    if (e instanceof AisaError || e instanceof Retryable) throw e;
    if (signal?.aborted) throw cancelledError();
    if (t.timedOut()) throw new Retryable(l10n.t('no complete answer within {0} s', Math.round(timeoutMs / 1000)));
    const err = networkError(e, describeHost(current), false, false, timeoutMs, false);
    if (err.code === 'ENOTFOUND') throw err;
    throw new Retryable(err.code ?? safeText(e instanceof Error ? e.message : String(e), { max: 160 }));
  } finally {
    controller.abort();
  }
}

function notAnImage(res: FetchResponse): AisaError {
  const type = safeText(res.headers.get('content-type') ?? 'no content type', { max: 80 });
  return new AisaError(
    'download',
    l10n.t('The image link did not return a PNG, JPEG or WebP image (it sent {0} content that is not an image).', type),
  );
}

/** One buffer, sized up front when the length is known, so a 12 MB image costs ~12 MB. */
async function readCapped(res: FetchResponse, maxBytes: number, controller: AbortController): Promise<Uint8Array> {
  // A server that compresses anyway declares the compressed length, while fetch hands over the
  // decompressed bytes: that length is then no measure of them (the image's own end still is).
  const encoding = (res.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  const declared = encoding === 'identity' ? Number(res.headers.get('content-length') ?? NaN) : NaN;
  if (declared > maxBytes) {
    throw new AisaError(
      'download',
      l10n.t(
        'The image is {0} MB, over the {1} MB limit.',
        Math.round(declared / 1048576),
        Math.round(maxBytes / 1048576),
      ),
    );
  }
  if (!res.body) throw new Retryable(l10n.t('empty body'));
  let buf = new Uint8Array(Number.isFinite(declared) && declared > 0 ? declared : 1 << 20);
  let length = 0;
  let sniffed = false;
  for await (const chunk of res.body) {
    if (length + chunk.length > maxBytes) {
      controller.abort();
      throw new AisaError('download', l10n.t('The image is over the {0} MB limit.', Math.round(maxBytes / 1048576)));
    }
    if (length + chunk.length > buf.length) {
      const grown = new Uint8Array(Math.min(maxBytes, Math.max(buf.length * 2, length + chunk.length)));
      grown.set(buf.subarray(0, length));
      buf = grown;
    }
    buf.set(chunk, length);
    length += chunk.length;
    if (!sniffed && length >= SNIFF_BYTES) {
      sniffed = true;
      // Stop early rather than pull a large error page to the end.
      if (!sniffImageType(buf.subarray(0, length))) {
        controller.abort();
        throw notAnImage(res);
      }
    }
  }
  if (Number.isFinite(declared) && length !== declared)
    throw new Retryable(l10n.t('cut short at {0} of {1} bytes', length, declared));
  return buf.subarray(0, length);
}

/** Inline (base64) images cost no download but get the same checks. */
export function decodeInline(base64: string, maxBytes = DEFAULT_MAX_BYTES): DownloadedImage {
  const data = base64.startsWith('data:') ? base64.slice(base64.indexOf(',') + 1) : base64;
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length > maxBytes)
    throw new AisaError(
      'download',
      l10n.t('The inline image is over the {0} MB limit.', Math.round(maxBytes / 1048576)),
    );
  const info = inspectImage(bytes);
  if (!info)
    throw new AisaError('download', l10n.t('The API returned inline data that is not a PNG, JPEG or WebP image.'));
  if (!isCompleteImage(bytes, info.mime))
    throw new AisaError(
      'download',
      l10n.t('The API returned an inline {0} image that is cut short.', info.ext.toUpperCase()),
    );
  return { bytes, info };
}

export async function fetchImage(image: RemoteImage, options: DownloadOptions): Promise<DownloadedImage> {
  return image.kind === 'url' ? downloadImage(image.url, options) : decodeInline(image.base64, options.maxBytes);
}
