import type { AisaClient, GenerationResult } from './client';
import { fetchImage, type DownloadOptions } from './download';
import { AisaError, cancelledError } from './errors';
import { saveNew, type FileSystem, type SaveScope } from './files';
import { estimateCostUsd } from './models';
import { baseName } from './naming';
import type { RemoteImage } from './routes/types';
import type { ValidRequest } from './request';
import { exactNameProblem, saveExactOrBeside, type ExactPlacement } from './saveExact';

export interface SavedImage {
  readonly index: number;
  readonly path: string;
  readonly mime: string;
  readonly bytes: number;
  readonly width: number | undefined;
  readonly height: number | undefined;
  /** Only for the image asked for under `GenerateOptions.exactName`: whether it got that name, and if not, why. */
  readonly placement?: ExactPlacement;
}

/** An image that was generated (and paid for) but could not be saved yet. */
export interface UnsavedImage {
  readonly index: number;
  readonly image: RemoteImage;
  readonly error: AisaError;
}

export interface GenerationOutcome {
  readonly request: ValidRequest;
  readonly result: GenerationResult;
  readonly saved: readonly SavedImage[];
  readonly unsaved: readonly UnsavedImage[];
  readonly costUsd: number | undefined;
}

export type Progress =
  | { phase: 'requesting' }
  | { phase: 'downloading'; total: number }
  | { phase: 'saved'; image: SavedImage; done: number; total: number };

/** What an `annotate` hook knows about the image whose bytes it rewrites. */
export interface AnnotateInfo {
  readonly request: ValidRequest;
  readonly result: GenerationResult;
  readonly index: number;
  readonly mime: string;
  readonly created: Date;
}

export interface GenerateOptions {
  client: AisaClient;
  fs: FileSystem;
  outDir: string;
  /** Every file is checked at write time to lie inside this root (the workspace folder), links followed. */
  scope?: SaveScope;
  /**
   * The one image is saved as `outDir/exactName` (a file a document already refers to) rather
   * than under a fresh name. Checked before the request: one image, a PNG/JPEG/WebP name, and no
   * file there yet. If it still cannot take the name, it is saved beside it (saveExactOrBeside).
   */
  exactName?: string;
  signal?: AbortSignal;
  download?: Omit<DownloadOptions, 'signal'>;
  onProgress?: (p: Progress) => void;
  now?: () => Date;
  /** Rewrites each image's bytes before it is saved (pngText.ts records the prompt); must not throw. */
  annotate?: (bytes: Uint8Array, info: AnnotateInfo) => Uint8Array;
}

const asAisaError = (e: unknown): AisaError =>
  e instanceof AisaError ? e : new AisaError('save', e instanceof Error ? e.message : String(e), { cause: e });

/**
 * Prompt to files: one request, then every image fetched and saved at once, each written as
 * soon as its own bytes are in. What fails after the API answered is returned as `unsaved`
 * rather than thrown, because it has been paid for.
 */
export async function generateAndSave(request: ValidRequest, opts: GenerateOptions): Promise<GenerationOutcome> {
  const { client, fs, outDir, exactName, signal, onProgress } = opts;
  if (exactName !== undefined) await checkExactTarget(request, fs, outDir, exactName);
  onProgress?.({ phase: 'requesting' });
  const result = await client.generate(request, signal);
  const total = result.images.length;
  onProgress?.({ phase: 'downloading', total });
  const created = (opts.now ?? (() => new Date()))();
  let done = 0;
  const settled = await Promise.allSettled(
    result.images.map(async (image, index): Promise<SavedImage> => {
      const fetched = await fetchImage(image, { ...opts.download, ...(signal ? { signal } : {}) });
      if (signal?.aborted) throw cancelledError();
      const { info } = fetched;
      const bytes = opts.annotate ? opts.annotate(fetched.bytes, { request, result, index, mime: info.mime, created }) : fetched.bytes;
      const base = baseName(request.prompt, created, index, total);
      // Should the API answer with more images than the one asked for, the others get fresh names.
      const { path, placement } = exactName !== undefined && index === 0
        ? await saveExactOrBeside(fs, outDir, exactName, { base, ext: info.ext }, bytes, opts.scope)
        : { path: await saveNew(fs, outDir, base, info.ext, bytes, opts.scope), placement: undefined };
      const saved: SavedImage = { index, path, mime: info.mime, bytes: bytes.length, width: info.width, height: info.height, ...(placement ? { placement } : {}) };
      onProgress?.({ phase: 'saved', image: saved, done: ++done, total });
      return saved;
    }),
  );
  const saved: SavedImage[] = [];
  const unsaved: UnsavedImage[] = [];
  settled.forEach((s, index) => {
    const image = result.images[index];
    if (s.status === 'fulfilled') saved.push(s.value);
    else if (image) unsaved.push({ index, image, error: asAisaError(s.reason) });
  });
  // Never more than were asked for: an answer claiming 200 images for n = 1 does not make them $8.
  const billed = Math.min(result.usage?.['generated_images'] ?? total, request.n);
  return { request, result, saved, unsaved, costUsd: estimateCostUsd(request.modelInfo, billed) };
}

/** What can be judged about an exact name before anything is spent. */
async function checkExactTarget(request: ValidRequest, fs: FileSystem, outDir: string, name: string): Promise<void> {
  if (request.n !== 1) throw new AisaError('input', `Only one image can be saved as ${name}: ask for 1 image.`);
  const problem = exactNameProblem(name);
  if (problem) throw new AisaError('input', problem);
  if (await fs.exists(fs.join(outDir, name))) throw new AisaError('input', `${name} already exists in ${outDir}: it is never overwritten, so nothing was generated.`);
}
