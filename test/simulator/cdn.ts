// The image host. It is a separate origin from the API so tests can prove that the API key
// never travels to it, and it answers like an object store: presigned URLs that expire, XML errors.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { isGone, newHexId, sendRaw, writeChunk } from './http';
import type { ImageStore } from './images';
import { pngHeader } from './png';
import type { Delays } from './timers';
import type { DownloadFault, SimFaults } from './types';

export interface CdnContext {
  faults: SimFaults;
  images: ImageStore;
  delays: Delays;
  now: () => number;
}

const SLOW_TICK_MS = 50;
const ZEROS = Buffer.alloc(64 * 1024);

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${newHexId(8).toUpperCase()}</RequestId></Error>`;
  sendRaw(res, status, 'application/xml', xml);
}

const S3_CODES: Record<number, [string, string]> = {
  403: ['AccessDenied', 'Access Denied'],
  404: ['NoSuchKey', 'The specified key does not exist.'],
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  503: ['SlowDown', 'Please reduce your request rate.'],
};

/** Faults that replace the image entirely; true when the response has been handled. */
async function answerWithoutImage(res: ServerResponse, fault: DownloadFault | undefined): Promise<boolean> {
  switch (fault?.kind) {
    case 'status': {
      const [code, message] = S3_CODES[fault.status] ?? ['ServiceError', `HTTP ${fault.status}`];
      s3Error(res, fault.status, code, message);
      return true;
    }
    case 'html':
      // A captive portal or misconfigured proxy: success status, image content type, HTML body.
      sendRaw(
        res,
        200,
        'image/png',
        '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Please sign in to continue</h1></body></html>\n',
      );
      return true;
    case 'redirect':
      res.writeHead(302, { location: fault.location, 'content-length': '0' });
      res.end();
      return true;
    case 'oversize':
      await sendOversize(res, fault.bytes);
      return true;
    default:
      return false;
  }
}

/** A plausible PNG start padded with zeros: only a client that enforces a size cap stops early. */
async function sendOversize(res: ServerResponse, bytes: number): Promise<void> {
  const header = pngHeader(8192, 8192).subarray(0, Math.max(0, bytes));
  res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(bytes) });
  if (!(await writeChunk(res, header))) return;
  for (let left = bytes - header.length; left > 0; left -= ZEROS.length) {
    if (!(await writeChunk(res, ZEROS.subarray(0, Math.min(left, ZEROS.length))))) return;
  }
  res.end();
}

async function sendSlowly(res: ServerResponse, png: Buffer, bytesPerSecond: number, delays: Delays): Promise<void> {
  const chunk = Math.max(1, Math.ceil((bytesPerSecond * SLOW_TICK_MS) / 1000));
  for (let at = 0; at < png.length; at += chunk) {
    if (at > 0 && !(await delays.sleep(SLOW_TICK_MS, res))) return;
    if (!(await writeChunk(res, png.subarray(at, at + chunk)))) return;
  }
  res.end();
}

function sendTruncated(res: ServerResponse, png: Buffer, afterBytes: number): void {
  res.flushHeaders();
  res.write(png.subarray(0, Math.max(0, afterBytes)));
  // end() rather than destroy(): the partial body must reach the client before the connection drops.
  res.socket?.end();
}

/** An HTTP/1.0-style answer whose body ends when the connection closes: cut short, nothing says so. */
function sendUnframed(res: ServerResponse, png: Buffer, afterBytes: number): void {
  const socket = res.socket;
  if (!socket) return;
  res.detachSocket(socket);
  socket.write('HTTP/1.1 200 OK\r\ncontent-type: image/png\r\nconnection: close\r\n\r\n');
  socket.end(png.subarray(0, Math.max(0, afterBytes)));
}

export async function handleCdn(req: IncomingMessage, res: ServerResponse, ctx: CdnContext): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://cdn.invalid');
  const id = /^\/images\/([A-Za-z0-9_-]+)\.png$/.exec(url.pathname)?.[1];
  if (id === undefined) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed.');

  // Taken on arrival so concurrent downloads meet the queued faults in request order.
  const fault = ctx.faults.download.shift();
  if (!(await ctx.delays.sleep(ctx.faults.downloadLatencyMs, res))) return;
  if (await answerWithoutImage(res, fault)) return;

  const image = ctx.images.get(id);
  if (!image) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
  if (ctx.images.expiresInLinks && url.searchParams.get('expires') !== String(image.expiresAt)) {
    return s3Error(res, 403, 'AccessDenied', 'Query-string authentication requires a valid expires parameter');
  }
  if (ctx.now() > image.expiresAt) return s3Error(res, 403, 'AccessDenied', 'Request has expired');
  if (fault?.kind === 'latency' && !(await ctx.delays.sleep(fault.ms, res))) return;
  if (isGone(res)) return;

  const raw = ctx.images.png(image);
  if (fault?.kind === 'truncate-unframed') return sendUnframed(res, raw, fault.afterBytes);
  const gzip =
    fault?.kind === 'gzip' && (fault.always || /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')));
  const png = gzip ? gzipSync(raw) : raw;
  res.setHeader('content-type', 'image/png');
  if (gzip) res.setHeader('content-encoding', 'gzip');
  res.setHeader('content-length', String(png.length));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  if (fault?.kind === 'truncate') return sendTruncated(res, png, fault.afterBytes);
  if (fault?.kind === 'slow') return sendSlowly(res, png, fault.bytesPerSecond, ctx.delays);
  res.end(png);
}
