import * as l10n from '@vscode/l10n';
import type { AisaClient, GenerationResult } from './client';
import { fetchImage, type DownloadOptions } from './download';
import type { ImageInfo } from './imageType';
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
  /** Set when a `transform` was asked for and failed: the image was saved as it came (it is paid for), and this says why. */
  readonly notTransformed?: AisaError;
  /** The id its full-size original is kept under (originals.ts), for "Export as..." later. */
  readonly originalId?: string;
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

/** What a `transform` hook delivers in place of the downloaded bytes (convert/transform.ts makes one). */
export interface TransformedImage {
  readonly bytes: Uint8Array;
  readonly mime: string;
  /** The extension the file is saved under (`webp`, `jpg`, `avif`, `png`). */
  readonly ext: string;
  readonly width: number | undefined;
  readonly height: number | undefined;
  /** The id the transform kept the original under, when it kept it. */
  readonly originalId?: string | undefined;
}

/** What saving an answered generation needs; `GenerateOptions` adds the client that asks for it. */
export interface SaveOptions {
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
  /**
   * Replaces each image by another file (another format, exact dimensions, its own metadata) as
   * soon as that image's bytes are in, so one conversion overlaps the other downloads. Used
   * instead of `annotate`, which only applies when it fails: the image is then saved as it came.
   */
  transform?: (bytes: Uint8Array, info: AnnotateInfo) => Promise<TransformedImage>;
  /**
   * Saving part of an earlier answer again (Retry Saving): each image's index and the count in
   * that answer, so its file name, its record and its `index` are the ones it would have had.
   */
  indexes?: readonly number[];
  total?: number;
}

export interface GenerateOptions extends SaveOptions {
  client: AisaClient;
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
  if (exactName !== undefined) await checkExactTarget(request, fs, outDir, exactName, opts.transform !== undefined);
  onProgress?.({ phase: 'requesting' });
  const result = await client.generate(request, signal);
  return saveImages(request, result, opts);
}

/**
 * The second half of a generation: the API has answered (and billed), and its images are
 * fetched and saved. Retry Saving comes here directly with the answer it kept.
 */
export async function saveImages(
  request: ValidRequest,
  result: GenerationResult,
  opts: SaveOptions,
): Promise<GenerationOutcome> {
  const { fs, outDir, exactName, signal, onProgress } = opts;
  const total = result.images.length;
  onProgress?.({ phase: 'downloading', total });
  const created = (opts.now ?? (() => new Date()))();
  let done = 0;
  const indexOf = (position: number): number => opts.indexes?.[position] ?? position;
  const settled = await Promise.allSettled(
    result.images.map(async (image, position): Promise<SavedImage> => {
      const index = indexOf(position);
      const fetched = await fetchImage(image, { ...opts.download, ...(signal ? { signal } : {}) });
      if (signal?.aborted) throw cancelledError();
      const annotateInfo: AnnotateInfo = { request, result, index, mime: fetched.info.mime, created };
      const { file, notTransformed } = await deliverable(fetched.bytes, fetched.info, annotateInfo, opts);
      if (signal?.aborted) throw cancelledError();
      const base = baseName(request.prompt, created, index, opts.total ?? total);
      // Should the API answer with more images than the one asked for, the others get fresh names.
      const { path, placement } =
        exactName !== undefined && position === 0
          ? await saveExactOrBeside(fs, outDir, exactName, { base, ext: file.ext }, file.bytes, opts.scope)
          : { path: await saveNew(fs, outDir, base, file.ext, file.bytes, opts.scope), placement: undefined };
      const saved: SavedImage = {
        index,
        path,
        mime: file.mime,
        bytes: file.bytes.length,
        width: file.width,
        height: file.height,
        ...(placement ? { placement } : {}),
        ...(notTransformed ? { notTransformed } : {}),
        ...(file.originalId ? { originalId: file.originalId } : {}),
      };
      onProgress?.({ phase: 'saved', image: saved, done: ++done, total });
      return saved;
    }),
  );
  const saved: SavedImage[] = [];
  const unsaved: UnsavedImage[] = [];
  settled.forEach((s, position) => {
    const image = result.images[position];
    if (s.status === 'fulfilled') saved.push(s.value);
    else if (image) unsaved.push({ index: indexOf(position), image, error: asAisaError(s.reason) });
  });
  // Never more than were asked for: an answer claiming 200 images for n = 1 does not make them $8.
  const billed = Math.min(result.usage?.['generated_images'] ?? total, request.n);
  return { request, result, saved, unsaved, costUsd: estimateCostUsd(request.modelInfo, billed) };
}

/** The file to save for one image: transformed if asked and possible, else as it came (annotated). */
async function deliverable(
  bytes: Uint8Array,
  info: ImageInfo,
  annotateInfo: AnnotateInfo,
  opts: SaveOptions,
): Promise<{ file: TransformedImage; notTransformed?: AisaError }> {
  let notTransformed: AisaError | undefined;
  if (opts.transform) {
    try {
      return { file: await opts.transform(bytes, annotateInfo) };
    } catch (e) {
      notTransformed =
        e instanceof AisaError
          ? e
          : new AisaError(
              'convert',
              l10n.t('The image could not be converted ({0}).', e instanceof Error ? e.message : String(e)),
              { cause: e },
            );
    }
  }
  const out = opts.annotate ? opts.annotate(bytes, annotateInfo) : bytes;
  return {
    file: { bytes: out, mime: info.mime, ext: info.ext, width: info.width, height: info.height },
    ...(notTransformed ? { notTransformed } : {}),
  };
}

/** What can be judged about an exact name before anything is spent. */
async function checkExactTarget(
  request: ValidRequest,
  fs: FileSystem,
  outDir: string,
  name: string,
  converts: boolean,
): Promise<void> {
  if (request.n !== 1)
    throw new AisaError('input', l10n.t('Only one image can be saved as {0}: ask for 1 image.', name));
  const problem = exactNameProblem(name, converts);
  if (problem) throw new AisaError('input', problem);
  if (await fs.exists(fs.join(outDir, name)))
    throw new AisaError(
      'input',
      l10n.t('{0} already exists in {1}: it is never overwritten, so nothing was generated.', name, outDir),
    );
}
