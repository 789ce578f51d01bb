/** What one family's route needs to know: where to POST, what to send, how to read the answer. */
export interface GenerationRequest {
  readonly model: string;
  readonly prompt: string;
  readonly n: number;
  /** `WIDTHxHEIGHT` for Seedream; families with other size controls read their own fields. */
  readonly size: string;
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

export interface RouteAdapter {
  path(model: string): string;
  body(req: GenerationRequest): unknown;
  /** Throws a message (not an AisaError) when the JSON does not have the documented shape. */
  parse(json: unknown, req: GenerationRequest): GenerationResponse;
}
