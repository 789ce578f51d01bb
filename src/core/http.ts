import * as l10n from '@vscode/l10n';
import { AisaError, cancelledError } from './errors';
import { safeText } from './safeText';

/** The slice of fetch the core uses: node-fetch by default, Node's own fetch in tests if wanted. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  redirect?: 'manual' | 'follow' | 'error';
}

export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: AsyncIterable<Uint8Array> | null;
  text(): Promise<string>;
}

export type Fetch = (url: string, init?: FetchInit) => Promise<FetchResponse>;

let nodeFetch: Promise<Fetch> | undefined;

/** Loaded on first use, so activating the extension does not pay for it. */
export const defaultFetch: Fetch = async (url, init) => {
  nodeFetch ??= import('node-fetch').then((m) => m.default as unknown as Fetch);
  return (await nodeFetch)(url, init);
};

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** A signal that fires on the caller's abort or after `timeoutMs`, and says which happened. */
export function withTimeout(
  signal: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal; timedOut(): boolean } {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  return { signal: combined, timedOut: () => timeout.aborted && !signal?.aborted };
}

/** Each code's phrase, translated when said (a module's top level runs before translations are set). */
const NETWORK_CODES: Record<string, () => string> = {
  ECONNREFUSED: () => l10n.t('connection refused'),
  ENOTFOUND: () => l10n.t('host not found'),
  EAI_AGAIN: () => l10n.t('DNS lookup failed'),
  ECONNRESET: () => l10n.t('connection reset'),
  ETIMEDOUT: () => l10n.t('connection timed out'),
  EHOSTUNREACH: () => l10n.t('host unreachable'),
  ENETUNREACH: () => l10n.t('network unreachable'),
  CERT_HAS_EXPIRED: () => l10n.t('TLS certificate expired'),
  DEPTH_ZERO_SELF_SIGNED_CERT: () => l10n.t('self-signed TLS certificate'),
  SELF_SIGNED_CERT_IN_CHAIN: () => l10n.t('self-signed certificate in the TLS chain'),
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: () => l10n.t('TLS certificate could not be verified'),
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: () => l10n.t('TLS certificate issuer unknown'),
  ERR_TLS_CERT_ALTNAME_INVALID: () => l10n.t('TLS certificate is for another host'),
  CERT_NOT_YET_VALID: () => l10n.t('TLS certificate not yet valid'),
  EPROTO: () => l10n.t('TLS handshake failed'),
};

/** OpenSSL's codes not listed above (ERR_SSL_..., ..._CERT_...): one phrase, never its multi-line dump. */
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|.*CERT)/;

function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && (code in NETWORK_CODES || TLS_CODE.test(code))) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns what fetch threw into the error the user reads, given why the signal fired (if it did). */
export function networkError(
  e: unknown,
  host: string,
  cancelled: boolean,
  timedOut: boolean,
  timeoutMs: number,
  mayHaveBilled: boolean,
): AisaError {
  if (e instanceof AisaError) return e;
  if (cancelled) return cancelledError();
  if (timedOut) {
    return new AisaError(
      'timeout',
      mayHaveBilled
        ? l10n.t(
            'No answer from {0} after {1} s; the images may still have been generated and billed, so check your usage before trying again.',
            host,
            Math.round(timeoutMs / 1000),
          )
        : l10n.t('No answer from {0} after {1} s.', host, Math.round(timeoutMs / 1000)),
      { mayHaveBilled, cause: e },
    );
  }
  const code = errorCode(e);
  // Whatever else fetch said is one capped line: OpenSSL's errors run to many lines of dump.
  const what = code
    ? (NETWORK_CODES[code]?.() ?? l10n.t('TLS handshake failed'))
    : safeText(e instanceof Error ? e.message : String(e), { max: 160 });
  return new AisaError(
    'network',
    l10n.t('Could not reach {0} ({1}): check the base URL and your network.', host, what),
    {
      ...(code ? { code } : {}),
      mayHaveBilled: mayHaveBilled && code !== 'ECONNREFUSED' && code !== 'ENOTFOUND',
      cause: e,
    },
  );
}

/**
 * The body as text, reading at most `maxBytes`. An answer (`paid`: a success, which was paid
 * for) over it is refused, before a byte is read when its declared length says so; an error
 * answer is cut there instead, since only its first sentence matters.
 */
export async function readCappedText(
  res: FetchResponse,
  maxBytes: number,
  controller: AbortController,
  paid: boolean,
): Promise<string> {
  const tooLarge = (): AisaError =>
    new AisaError(
      'bad_response',
      l10n.t(
        "The API's answer is over the {0} MB this client reads, so it was not read; the images may have been generated and billed, so check your usage before trying again.",
        Math.round(maxBytes / 1048576),
      ),
      { mayHaveBilled: true },
    );
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (paid && declared > maxBytes) {
    controller.abort();
    throw tooLarge();
  }
  if (!res.body) return res.text();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let length = 0;
  for await (const chunk of res.body) {
    const room = maxBytes - length;
    if (chunk.length > room) {
      controller.abort();
      if (paid) throw tooLarge();
      parts.push(decoder.decode(chunk.subarray(0, room)));
      return parts.join('');
    }
    length += chunk.length;
    parts.push(decoder.decode(chunk, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
