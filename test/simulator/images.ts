// Images the simulator has "generated": each has its own id and seed, so every image in a
// response is a different file, and an expiry, so clients must download promptly.
import { encodePng, type ImageMode } from './png';
import { newHexId } from './http';

export interface StoredImage {
  id: string;
  width: number;
  height: number;
  seed: number;
  mode: ImageMode;
  expiresAt: number;
  /** An image derived from a reference (image-to-image): its own PNG bytes. */
  bytes?: Buffer;
}

export class ImageStore {
  private readonly images = new Map<string, StoredImage>();
  private nextSeed = 1;

  constructor(
    private readonly cdnOrigin: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
    /** SimExtras.expiresInLinks */
    readonly expiresInLinks = false,
  ) {}

  create(width: number, height: number, mode: ImageMode): StoredImage {
    const seed = this.nextSeed++;
    const image: StoredImage = {
      id: `img_${seed}_${newHexId(4)}`,
      width,
      height,
      seed,
      mode,
      expiresAt: this.now() + this.ttlMs,
    };
    this.images.set(image.id, image);
    return image;
  }

  /** An image whose pixels were made elsewhere (derived from a reference). */
  createFrom(png: Buffer, width: number, height: number): StoredImage {
    const image = this.create(width, height, 'pattern');
    image.bytes = png;
    return image;
  }

  get(id: string): StoredImage | undefined {
    return this.images.get(id);
  }

  /** Shaped like a presigned object-store URL; with SimExtras.expiresInLinks the expiry travels in the query. */
  url(image: StoredImage): string {
    const base = `${this.cdnOrigin}/images/${image.id}.png`;
    return this.expiresInLinks ? `${base}?expires=${image.expiresAt}` : base;
  }

  png(image: StoredImage): Buffer {
    return image.bytes ?? encodePng(image.width, image.height, { mode: image.mode, seed: image.seed });
  }

  base64(image: StoredImage): string {
    return this.png(image).toString('base64');
  }
}
