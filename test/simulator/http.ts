// Small HTTP helpers shared by the API and CDN servers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

export interface ApiError {
  type: string;
  code: string;
  message: string;
}

/** What a route decided; the server adds the request id and writes it. */
export type Reply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; error: ApiError; headers?: Record<string, string> }
  | { status: number; raw: string; contentType: string; headers?: Record<string, string> };

export function errorReply(status: number, type: string, code: string, message: string): Reply {
  return { status, error: { type, code, message } };
}

export const invalidRequest = (message: string): Reply =>
  errorReply(400, 'invalid_request_error', 'invalid_request', message);

export const notRouted = (model: string, route: string): Reply =>
  errorReply(404, 'openai_error', 'model_not_found', `model ${model} is not routed through ${route}`);

export function newRequestId(): string {
  return `req_sim_${randomBytes(8).toString('hex')}`;
}

export function newHexId(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

// Reference images for image-to-image can be large, but a runaway client must not eat memory.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge('request body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export function isGone(res: ServerResponse): boolean {
  return res.writableEnded || res.destroyed || !res.socket || res.socket.destroyed;
}

export function sendReply(res: ServerResponse, reply: Reply, requestId: string): void {
  if (isGone(res)) return;
  let text: Buffer;
  let contentType = 'application/json; charset=utf-8';
  if ('raw' in reply) {
    text = Buffer.from(reply.raw);
    contentType = reply.contentType;
  } else {
    text = Buffer.from(
      JSON.stringify('error' in reply ? { error: { ...reply.error, request_id: requestId } } : reply.json),
    );
  }
  res.writeHead(reply.status, { ...reply.headers, 'content-type': contentType, 'content-length': String(text.length) });
  res.end(text);
}

export function sendRaw(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  if (isGone(res)) return;
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(buf.length) });
  res.end(buf);
}

/** Writes one chunk and waits for room, or resolves false if the connection went away. */
export function writeChunk(res: ServerResponse, chunk: Buffer): Promise<boolean> {
  if (isGone(res)) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onClose = (): void => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
