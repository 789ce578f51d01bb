// The AIsa API simulator: an API origin and a separate CDN origin, both real HTTP servers on
// loopback, with scripted faults. See types.ts for the options and the Simulator handle.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleCdn } from './cdn';
import { faultReply, initialFaults, mergeFaults, parseFaultPatch } from './faults';
import {
  BodyTooLarge,
  errorReply,
  headerRecord,
  invalidRequest,
  newRequestId,
  parseBody,
  readBody,
  sendReply,
  type Reply,
} from './http';
import { ImageStore } from './images';
import type { RouteContext } from './route-checks';
import { generationRoute, isGenerationPath } from './routes';
import { parseRateLimit, RateLimiter } from './rateLimit';
import { Delays } from './timers';
import type { SimFaults, Simulator, SimulatorOptions, SimRequest, SimResponseInfo } from './types';

export type {
  DownloadFault,
  GenerationFault,
  ImageMode,
  SimExtras,
  SimFaults,
  SimRateLimit,
  SimRequest,
  SimResponseInfo,
  Simulator,
  SimulatorOptions,
  WanImageFormat,
} from './types';

const DEFAULT_API_KEY = 'sk-sim-test';
const DEFAULT_URL_TTL_MS = 600_000;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive and hung requests would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}

function authError(header: string | undefined, apiKey: string): Reply | undefined {
  const token = header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (token === apiKey) return undefined;
  const message = header === undefined ? 'missing API key: send Authorization: Bearer <key>' : 'invalid API key';
  return errorReply(401, 'authentication_error', 'invalid_api_key', message);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const now = options.now ?? ((): number => Date.now());
  const faults: SimFaults = initialFaults(options);
  const delays = new Delays();
  let requests: SimRequest[] = [];
  /** How each request ended, for tests in another process (GET /__sim/responses): a cancel shows as aborted. */
  let responses: SimResponseInfo[] = [];

  const apiServer = createServer();
  const cdnServer = createServer();
  let apiPort: number, cdnPort: number;
  try {
    apiPort = await listen(apiServer, options.port ?? 0);
    cdnPort = await listen(cdnServer, options.cdnPort ?? 0);
  } catch (err) {
    await Promise.all([stop(apiServer), stop(cdnServer)]);
    throw err;
  }
  const apiOrigin = `http://127.0.0.1:${apiPort}`;
  const cdnOrigin = `http://127.0.0.1:${cdnPort}`;
  const extras = options.extras ?? {};
  const images = new ImageStore(cdnOrigin, options.urlTtlMs ?? DEFAULT_URL_TTL_MS, now, extras.expiresInLinks ?? false);
  const routeCtx: RouteContext = { faults, images, now, undocumentedLimits: extras.undocumentedLimits ?? false };
  let limiter = options.rateLimit ? new RateLimiter(options.rateLimit, now) : undefined;
  let inFlight = 0;
  let maxInFlight = 0;

  function record(server: SimRequest['server'], req: IncomingMessage, body: unknown): void {
    const entry: SimRequest = {
      at: now(),
      server,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: headerRecord(req),
    };
    if (body !== undefined) entry.body = body;
    requests.push(entry);
    options.onRequest?.(entry);
  }

  function reportWhenDone(server: SimRequest['server'], req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    res.on('close', () => {
      const path = new URL(req.url ?? '/', 'http://sim.invalid').pathname;
      const done: SimResponseInfo = {
        server,
        method: req.method ?? 'GET',
        path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        aborted: !res.writableFinished,
      };
      responses.push(done);
      options.onResponse?.(done);
    });
  }

  function control(method: string, pathname: string, raw: string): Reply {
    if (method === 'POST' && pathname === '/__sim/faults') {
      const patch = parseFaultPatch(parseBody(raw) ?? {});
      if (typeof patch === 'string') return invalidRequest(patch);
      mergeFaults(faults, patch);
      return { status: 200, json: { faults } };
    }
    if (method === 'GET' && pathname === '/__sim/faults') return { status: 200, json: { faults } };
    // The spec's rate limits, switched from another process: a SimRateLimit, or null for off.
    if (method === 'POST' && pathname === '/__sim/rate-limit') {
      const limit = parseRateLimit(parseBody(raw));
      if (typeof limit === 'string') return invalidRequest(limit);
      limiter = limit ? new RateLimiter(limit, now) : undefined;
      maxInFlight = inFlight;
      return { status: 200, json: { rateLimit: limit } };
    }
    if (method === 'GET' && pathname === '/__sim/rate-stats')
      return { status: 200, json: { maxInFlight, limited: limiter?.limited ?? 0 } };
    if (method === 'POST' && pathname === '/__sim/reset') {
      reset();
      return { status: 200, json: { ok: true } };
    }
    if (method === 'GET' && pathname === '/__sim/requests') return { status: 200, json: requests };
    if (method === 'GET' && pathname === '/__sim/responses') return { status: 200, json: responses };
    return errorReply(404, 'invalid_request_error', 'not_found', `no control route ${method} ${pathname}`);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const method = req.method ?? 'GET';
    const pathname = new URL(req.url ?? '/', 'http://api.invalid').pathname;
    const raw = await readBody(req);
    if (pathname.startsWith('/__sim/')) return sendReply(res, control(method, pathname, raw), requestId);
    const body = parseBody(raw);
    record('api', req, body);

    const denied = authError(req.headers.authorization, apiKey);
    if (denied) return sendReply(res, denied, requestId);
    const route = generationRoute(pathname);
    if (!route)
      return sendReply(
        res,
        errorReply(404, 'invalid_request_error', 'not_found', `no route for ${method} ${pathname}`),
        requestId,
      );
    if (method !== 'POST')
      return sendReply(
        res,
        errorReply(405, 'invalid_request_error', 'method_not_allowed', `use POST for ${pathname}`),
        requestId,
      );

    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    if (limiter) {
      const refused = limiter.admit(res);
      if (refused) return sendReply(res, refused, requestId);
    }

    // Taken on arrival so concurrent requests meet the queued faults in request order.
    const fault = faults.generation.shift();
    if (!(await delays.sleep(faults.latencyMs, res))) return;
    if (fault) {
      const reply = faultReply(fault);
      // A hung request is released only by the client giving up or close() dropping the socket.
      if (reply !== 'hang') sendReply(res, reply, requestId);
      return;
    }
    sendReply(res, await route(body, routeCtx), requestId);
  }

  function fail(res: ServerResponse, err: unknown, requestId: string): void {
    if (err instanceof BodyTooLarge)
      return sendReply(res, errorReply(413, 'invalid_request_error', 'request_too_large', err.message), requestId);
    console.error('AIsa simulator: unexpected error', err);
    sendReply(res, errorReply(500, 'server_error', 'simulator_error', `simulator bug: ${String(err)}`), requestId);
    if (!res.writableEnded) res.destroy();
  }

  apiServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    reportWhenDone('api', req, res);
    const requestId = newRequestId();
    if (extras.requestIdHeader) res.setHeader('x-request-id', requestId);
    handleApi(req, res, requestId).catch((err: unknown) => fail(res, err, requestId));
  });
  cdnServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    reportWhenDone('cdn', req, res);
    record('cdn', req, undefined);
    req.resume();
    handleCdn(req, res, { faults, images, delays, now }).catch((err: unknown) => fail(res, err, newRequestId()));
  });

  function reset(): void {
    Object.assign(faults, initialFaults(options));
    requests = [];
    responses = [];
    maxInFlight = inFlight;
    limiter = options.rateLimit ? new RateLimiter(options.rateLimit, now) : undefined;
  }

  let closing: Promise<void> | undefined;

  return {
    baseUrl: `${apiOrigin}/v1`,
    apiOrigin,
    cdnOrigin,
    apiKey,
    get requests() {
      return requests;
    },
    faults,
    setFaults: (patch) => mergeFaults(faults, patch),
    reset,
    get rateStats() {
      return { maxInFlight, limited: limiter?.limited ?? 0 };
    },
    generationRequests: () => requests.filter((r) => r.server === 'api' && isGenerationPath(r.path)),
    downloadRequests: () => requests.filter((r) => r.server === 'cdn'),
    close(): Promise<void> {
      closing ??= (async () => {
        delays.cancelAll();
        await Promise.all([stop(apiServer), stop(cdnServer)]);
      })();
      return closing;
    },
  };
}
