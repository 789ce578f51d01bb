// Node-only (Buffer): the routes' side of references. limits.ts stays free of node APIs, for the webview.
import type { ReferenceImage } from './limits';

/** A `data:` URL, the OpenAI-compatible way to send a local file where a URL is expected. */
export function dataUrl(ref: ReferenceImage): string {
  return `data:${ref.mime};base64,${base64(ref.bytes)}`;
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
