// Generated content with a photograph's statistics, for measuring lossy formats honestly: noise
// alone is incompressible and gradients alone compress to nothing, and neither says what a WebP
// of a real generation weighs. This is neither a real photo nor a copy of one; it is made here:
// - a sky-to-ground gradient with a soft horizon (large smooth areas),
// - fractal value noise, octaves from 512 px down to 2 px with amplitude falling as 1/f (the
//   power spectrum of natural images), tinted differently per channel (texture, foliage),
// - a few hard-edged shapes with their own shading (objects, edges that ring when over-compressed),
// - faint per-pixel grain (sensor noise), as every camera and diffusion model leaves.
// Deterministic per seed. RGB, 8 bits.

function mix(seed: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A lattice of random values in [-1, 1], sampled with smoothstep-bilinear interpolation. */
function valueNoiseLayer(
  width: number,
  height: number,
  cell: number,
  seed: number,
  out: Float32Array,
  amp: number,
): void {
  const gw = Math.ceil(width / cell) + 2;
  const gh = Math.ceil(height / cell) + 2;
  const grid = new Float32Array(gw * gh);
  let s = mix(seed) || 1;
  for (let i = 0; i < grid.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    grid[i] = ((s >>> 0) / 0xffffffff) * 2 - 1;
  }
  const fx = new Float32Array(width);
  const ix = new Int32Array(width);
  for (let x = 0; x < width; x++) {
    const u = x / cell;
    ix[x] = Math.floor(u);
    const t = u - Math.floor(u);
    fx[x] = t * t * (3 - 2 * t);
  }
  for (let y = 0; y < height; y++) {
    const v = y / cell;
    const iy = Math.floor(v);
    const t = v - iy;
    const fy = t * t * (3 - 2 * t);
    const r0 = iy * gw;
    const r1 = r0 + gw;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = ix[x] ?? 0;
      const a = grid[r0 + i] ?? 0,
        b = grid[r0 + i + 1] ?? 0,
        c = grid[r1 + i] ?? 0,
        d = grid[r1 + i + 1] ?? 0;
      const f = fx[x] ?? 0;
      const top = a + (b - a) * f;
      const bottom = c + (d - c) * f;
      out[row + x] = (out[row + x] ?? 0) + amp * (top + (bottom - top) * fy);
    }
  }
}

/** width*height*3 bytes, RGB, row-major. */
export function photoPixels(width: number, height: number, seed = 1): Uint8Array {
  const n = width * height;
  const texture = new Float32Array(n);
  const detail = new Float32Array(n);
  const scale = Math.max(width, height) / 2048;
  // Each octave half the cell and 0.7 of the amplitude: between 1/f and the flatter spectrum of
  // textured scenes (foliage, gravel), so fine detail is there to be coded.
  for (let k = 0, cell = 512 * scale, amp = 1; cell >= 2; k++, cell /= 2, amp *= 0.7) {
    valueNoiseLayer(width, height, Math.max(2, cell), seed * 31 + k, k < 4 ? texture : detail, amp);
  }
  const shapes = Array.from({ length: 7 }, (_, i) => {
    const h = mix(seed * 97 + i);
    return {
      cx: ((h & 0x3ff) / 1023) * width,
      cy: height * (0.35 + (((h >>> 10) & 0x3ff) / 1023) * 0.6),
      r: (0.05 + (((h >>> 20) & 0xff) / 255) * 0.15) * Math.min(width, height),
      tint: [((h >>> 3) % 200) + 30, ((h >>> 7) % 200) + 30, ((h >>> 11) % 200) + 30] as const,
      square: (h & 1) === 1,
    };
  });
  const horizon = height * (0.45 + (mix(seed) % 100) / 1000);
  const out = new Uint8Array(n * 3);
  let g = mix(seed + 7) || 1;
  for (let y = 0; y < height; y++) {
    const sky = y < horizon;
    const fy = y / height;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const t = texture[i] ?? 0;
      const d = detail[i] ?? 0;
      // Soft horizon: a blend over ~1% of the height.
      const blend = Math.min(1, Math.max(0, (y - horizon) / (height * 0.01) + 0.5));
      let r = (1 - blend) * (120 + 90 * fy + 25 * t + 8 * d) + blend * (70 + 60 * t + 90 * d);
      let gr = (1 - blend) * (160 + 60 * fy + 20 * t + 8 * d) + blend * (95 + 70 * t + 110 * d);
      let b = (1 - blend) * (225 - 40 * fy + 15 * t + 8 * d) + blend * (50 + 40 * t + 70 * d);
      if (!sky) {
        for (const s of shapes) {
          const dx = x - s.cx,
            dy = y - s.cy;
          const inside = s.square ? Math.abs(dx) < s.r && Math.abs(dy) < s.r : dx * dx + dy * dy < s.r * s.r;
          if (inside) {
            const shade = 0.75 + (0.25 * (dx - dy)) / (2 * s.r) + 0.3 * d;
            r = s.tint[0] * shade;
            gr = s.tint[1] * shade;
            b = s.tint[2] * shade;
          }
        }
      }
      g ^= g << 13;
      g ^= g >>> 17;
      g ^= g << 5;
      const grain = ((g & 0xff) / 255 - 0.5) * 8;
      out[i * 3] = Math.max(0, Math.min(255, Math.round(r + grain)));
      out[i * 3 + 1] = Math.max(0, Math.min(255, Math.round(gr + grain)));
      out[i * 3 + 2] = Math.max(0, Math.min(255, Math.round(b + grain)));
    }
  }
  return out;
}
