// Scripted failures. Tests queue them in-process or, from another process, over /__sim/faults.
import { errorReply, isRecord, type Reply } from './http';
import type { GenerationFault, SimFaults, SimulatorOptions } from './types';

export function initialFaults(options: SimulatorOptions): SimFaults {
  return {
    generation: [...(options.generation ?? [])],
    download: [...(options.download ?? [])],
    latencyMs: options.latencyMs ?? 0,
    downloadLatencyMs: options.downloadLatencyMs ?? 0,
    imageMode: options.imageMode ?? 'pattern',
    wanImageFormat: options.wanImageFormat ?? 'url',
    forbiddenModels: [...(options.forbiddenModels ?? [])],
  };
}

/** Copies the queues so a caller mutating its own array later cannot reorder ours. */
export function mergeFaults(current: SimFaults, patch: Partial<SimFaults>): void {
  if (patch.generation) current.generation = [...patch.generation];
  if (patch.download) current.download = [...patch.download];
  if (patch.latencyMs !== undefined) current.latencyMs = patch.latencyMs;
  if (patch.downloadLatencyMs !== undefined) current.downloadLatencyMs = patch.downloadLatencyMs;
  if (patch.imageMode) current.imageMode = patch.imageMode;
  if (patch.wanImageFormat) current.wanImageFormat = patch.wanImageFormat;
  if (patch.forbiddenModels) current.forbiddenModels = [...patch.forbiddenModels];
}

/** Checks a patch that arrived as JSON; returns an error message for anything malformed. */
export function parseFaultPatch(v: unknown): Partial<SimFaults> | string {
  if (!isRecord(v)) return 'body must be a JSON object';
  const known = new Set([
    'generation',
    'download',
    'latencyMs',
    'downloadLatencyMs',
    'imageMode',
    'wanImageFormat',
    'forbiddenModels',
  ]);
  const unknownKey = Object.keys(v).find((k) => !known.has(k));
  if (unknownKey !== undefined) return `unknown fault setting: ${unknownKey}`;
  for (const k of ['generation', 'download', 'forbiddenModels']) {
    if (k in v && !Array.isArray(v[k])) return `${k} must be an array`;
  }
  for (const k of ['latencyMs', 'downloadLatencyMs']) {
    const n = v[k];
    if (k in v && (typeof n !== 'number' || !Number.isFinite(n) || n < 0)) return `${k} must be a non-negative number`;
  }
  if ('imageMode' in v && v['imageMode'] !== 'pattern' && v['imageMode'] !== 'noise' && v['imageMode'] !== 'photo')
    return 'imageMode must be pattern, noise or photo';
  if ('wanImageFormat' in v && v['wanImageFormat'] !== 'url' && v['wanImageFormat'] !== 'base64')
    return 'wanImageFormat must be url or base64';
  const bad = [...asArray(v['generation']), ...asArray(v['download'])].find((f) => !isRecord(f));
  if (bad !== undefined) return 'every queued fault must be an object';
  return v as Partial<SimFaults>;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

const STATUS_ERRORS: Record<number, [type: string, code: string, message: string]> = {
  400: ['invalid_request_error', 'invalid_request', 'invalid request'],
  401: ['authentication_error', 'invalid_api_key', 'invalid API key'],
  403: ['permission_error', 'model_not_allowed', 'this key may not use this model'],
  404: ['openai_error', 'model_not_found', 'model not found'],
  422: ['invalid_request_error', 'content_policy_violation', 'the prompt was rejected by the content policy'],
  429: ['rate_limit_error', 'rate_limit_exceeded', 'rate limit reached for requests'],
  500: ['server_error', 'internal_error', 'internal error'],
  502: ['upstream_error', 'bad_gateway', 'upstream provider unreachable'],
  503: ['server_error', 'service_unavailable', 'service temporarily unavailable'],
  504: ['upstream_error', 'gateway_timeout', 'upstream provider timed out'],
};

/** The reply a queued fault stands for, or 'hang' for one that must never be answered. */
export function faultReply(fault: GenerationFault): Reply | 'hang' {
  if ('hang' in fault) return 'hang';
  if ('rawBody' in fault) {
    return {
      status: fault.status ?? 200,
      raw: fault.rawBody,
      contentType: fault.contentType ?? 'text/html; charset=utf-8',
    };
  }
  if ('json' in fault)
    return { status: fault.status ?? 200, json: fault.json, ...(fault.headers ? { headers: fault.headers } : {}) };
  const [type, code, message] = STATUS_ERRORS[fault.status] ?? [
    'server_error',
    `http_${fault.status}`,
    `HTTP ${fault.status}`,
  ];
  const reply = errorReply(fault.status, type, fault.code ?? code, fault.message ?? message);
  // Only when asked for: clients must also cope with a 429 that names no wait.
  if ('retryAfter' in fault && fault.retryAfter !== undefined)
    return { ...reply, headers: { 'retry-after': String(fault.retryAfter) } };
  return reply;
}
