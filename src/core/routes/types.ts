import type { ReferenceImage } from '../refImages/limits';

/** What one family's route needs to know: where to POST, what to send, how to read the answer. */
export interface GenerationRequest {
  readonly model: string;
  readonly prompt: string;
  readonly n: number;
  /**
   * The size as the model's family writes it (see modelSizes.ts): `WIDTHxHEIGHT` for Seedream,
   * `RATIO@1K|2K|4K` (e.g. `16:9@2K`) for Gemini, and the empty string for Wan, whose route
   * has no size control.
   */
  readonly size: string;
  /** Images to edit or compose from (Wan, Gemini); checked by refImages/limits.ts before sending. */
  readonly references?: readonly ReferenceImage[];
}

/** An image as the API returned it: a short-lived link, or the bytes inline. */
export type RemoteImage =
  | { readonly kind: 'url'; readonly url: string; readonly size?: string }
  | { readonly kind: 'inline'; readonly base64: string; readonly mime?: string };

export interface GenerationResponse {
  readonly model: string;
  readonly created: number;
  readonly images: readonly RemoteImage[];
  readonly usage?: Readonly<Record<string, number>>;
  /** Text the model said alongside its images (Gemini), shown to the user. */
  readonly text?: string;
}

/** The provider's docs name both `/v1beta/models/...` and `/v1/models/...` for Gemini. */
export type GeminiApiVersion = 'v1beta' | 'v1';

export interface RouteOptions {
  readonly geminiApiVersion: GeminiApiVersion;
}

export interface RouteAdapter {
  /**
   * What `path` is appended to. 'base' (the default): the base URL itself (`https://api.aisa.one/v1`).
   * 'root': the base URL without its final `/v1` segment, for routes that live beside it
   * (Gemini's `/v1beta/...`).
   */
  readonly mount?: 'base' | 'root';
  path(model: string, opts: RouteOptions): string;
  /** May throw an AisaError for a request this route cannot honour; nothing has been sent then. */
  body(req: GenerationRequest): unknown;
  /** Throws a message (not an AisaError) when the JSON does not have the documented shape. */
  parse(json: unknown, req: GenerationRequest): GenerationResponse;
}
