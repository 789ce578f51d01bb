import * as l10n from '@vscode/l10n';
/**
 * Every failure the user can meet, as one typed error carrying one actionable sentence.
 * `kind` drives what a surface offers next (set a key, retry saving, ...).
 */
export type ErrorKind =
  | 'input'
  | 'unsupported_model'
  | 'size_too_small'
  | 'invalid_size'
  | 'invalid_key'
  | 'model_not_allowed'
  | 'wrong_route'
  | 'content_policy'
  | 'bad_request'
  | 'rate_limit'
  | 'server_error'
  | 'upstream_down'
  | 'http'
  | 'timeout'
  | 'network'
  | 'bad_response'
  | 'cancelled'
  | 'download'
  | 'save'
  | 'convert';

export interface ErrorDetails {
  status?: number;
  code?: string;
  apiMessage?: string;
  requestId?: string;
  retryAfterSeconds?: number;
  /** True when the API may already have generated (and billed) the images. */
  mayHaveBilled?: boolean;
  cause?: unknown;
}

export class AisaError extends Error {
  /**
   * By shape, not by prototype: the extension loads the generation engine from its own file
   * (dist/engine.js), which carries its own copy of this class, and an error thrown there must
   * still be recognised here (its kind decides the history, the buttons, cancel).
   */
  static override [Symbol.hasInstance](x: unknown): boolean {
    return x instanceof Error && x.name === 'AisaError' && typeof (x as { kind?: unknown }).kind === 'string';
  }

  override readonly name = 'AisaError';
  readonly kind: ErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly apiMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly mayHaveBilled: boolean;

  constructor(kind: ErrorKind, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.apiMessage = details.apiMessage;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.mayHaveBilled = details.mayHaveBilled ?? false;
  }
}

export function isAisaError(e: unknown, kind?: ErrorKind): e is AisaError {
  return e instanceof AisaError && (kind === undefined || e.kind === kind);
}

/** The sentence shown to a person: the message, plus the request id support will ask for. */
export function describeError(e: unknown): string {
  if (e instanceof AisaError) {
    return e.requestId ? l10n.t('{0} (request id {1})', e.message, e.requestId) : e.message;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

export function cancelledError(): AisaError {
  return new AisaError('cancelled', l10n.t('Cancelled.'));
}
