// The web-ready part of `npm run bench` (main.ts runs it and prints its report):
// - formats: the simulator's photographic test image (test/simulator/photo.ts: generated content
//   with photo-like statistics) at 2048x2048: PNG bytes against WebP, JPEG and AVIF at the
//   default qualities, SSIM and PSNR of each against the original, conversion time;
// - builds: conversion time of that 4-megapixel image with sharp's native build (this
//   repository's node_modules) and with its wasm32 build (.package/wasm32, from
//   `node scripts/package.mjs --wasm32`), and the size of each package;
// - pipeline: generateAndSave, n = 4, against the simulator, with and without conversion to WebP.
// Usage: node webready.run.js [--build-child]   (the child measures the sharp it resolves)
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { convertImage } from '../../src/core/convert/convert';
import { DEFAULT_QUALITY, OUTPUT_FORMATS, webpEffort, type OutputFormat } from '../../src/core/convert/formats';
import { webReadyTransform } from '../../src/core/convert/transform';
import { generateAndSave, type GenerateOptions } from '../../src/core/generate';
import { nodeFileSystem } from '../../src/core/nodeFs';
import { validateRequest } from '../../src/core/request';
import { encodePng } from '../simulator/png';
import { startSimulator } from '../simulator/server';
import { AisaClient } from '../../src/core/client';
import { psnr, ssim } from './ssim';

const SIDE = 2048;
const RUNS = 5;
const PIPELINE_RUNS = 3;
export const GENERATION_LATENCY_MS = 500;
const DOWNLOAD_LATENCY_MS = 100;
const GOALS = { webpBytesOfPng: 0.15, ssim: 0.95, conversionOfGeneration: 0.1 };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] ?? NaN) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};
const say = (line = ''): void => void process.stdout.write(`${line}\n`);
/**
 * CPU time (all of libvips' threads and the event loop) since `since`: on a machine shared with
 * other work, wall time measures the neighbours as much as the code; CPU time far less.
 */
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

const photo = (): Buffer => encodePng(SIDE, SIDE, { mode: 'photo', seed: 1 });

/** Conversion time per format at the default quality: 1 warm-up, then RUNS, median. */
async function timeFormats(
  png: Buffer,
  formats: readonly OutputFormat[],
): Promise<Record<string, { ms: number; cpuMs: number; bytes: number; out: Uint8Array }>> {
  const out: Record<string, { ms: number; cpuMs: number; bytes: number; out: Uint8Array }> = {};
  for (const format of formats) {
    await convertImage(png, { format });
    const times: number[] = [];
    const cpu: number[] = [];
    let last: Uint8Array = new Uint8Array();
    for (let i = 0; i < RUNS; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      last = (
        await convertImage(png, {
          format,
          record: {
            prompt: 'bench',
            model: 'seedream-4-5-251128',
            size: '2048x2048',
            created: new Date(0).toISOString(),
          },
        })
      ).bytes;
      times.push(performance.now() - t);
      cpu.push(cpuMs(c));
    }
    out[format] = { ms: median(times), cpuMs: median(cpu), bytes: last.length, out: last };
  }
  return out;
}

async function buildChild(): Promise<void> {
  // sharp was required when this bundle loaded; its first call is where the binary gets used.
  const t = performance.now();
  sharp.cache(false);
  const loadMs = performance.now() - t;
  const wasm = Object.keys(require.cache).some((k) => k.includes('sharp-wasm32'));
  const binary =
    Object.keys(require.cache).find((k) => /sharp-(wasm32|[a-z]+-[a-z0-9]+)[\\/]/.test(k) && !k.includes('libvips')) ??
    'unknown';
  const r = await timeFormats(photo(), ['webp', 'jpeg', 'avif']);
  process.stdout.write(
    `${JSON.stringify({ wasm, binary: path.basename(path.dirname(binary)), loadMs, ms: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.ms])) })}\n`,
  );
}

interface BuildResult {
  wasm: boolean;
  binary: string;
  loadMs: number;
  ms: Record<string, number>;
}

/**
 * The same measurement in a child whose `require('sharp')` resolves to `dir`'s node_modules and
 * nowhere else: a copy of this script in a temp folder whose node_modules links there, run with
 * --preserve-symlinks (else Node would resolve sharp's binaries up the repository's folders,
 * and find this machine's native build).
 */
function measureBuild(dir: string): BuildResult | string {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'aisa-bench-build-'));
  try {
    symlinkSync(path.join(dir, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
    copyFileSync(__filename, path.join(tmp, 'bench.js'));
    const r = spawnSync(process.execPath, ['--preserve-symlinks', path.join(tmp, 'bench.js'), '--build-child'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) return `failed: ${(r.stderr || '').split('\n').slice(0, 3).join(' ')}`;
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as BuildResult;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function pipeline(transform: GenerateOptions['transform']): Promise<{ wall: number[]; cpu: number[] }> {
  const sim = await startSimulator({
    latencyMs: GENERATION_LATENCY_MS,
    downloadLatencyMs: DOWNLOAD_LATENCY_MS,
    imageMode: 'photo',
  });
  const times: number[] = [];
  const cpu: number[] = [];
  try {
    const client = new AisaClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
    // The simulator encodes each photo on demand (~1 s each): encode the seeds the runs will use first.
    for (let seed = 1; seed <= 4 * (PIPELINE_RUNS + 1); seed++) encodePng(SIDE, SIDE, { mode: 'photo', seed });
    for (let i = 0; i <= PIPELINE_RUNS; i++) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'aisa-bench-webready-'));
      const c = process.cpuUsage();
      const t = performance.now();
      const outcome = await generateAndSave(validateRequest({ prompt: 'bench', n: 4, size: `${SIDE}x${SIDE}` }), {
        client,
        fs: nodeFileSystem,
        outDir: dir,
        ...(transform ? { transform } : {}),
      });
      if (i > 0) {
        times.push(performance.now() - t);
        cpu.push(cpuMs(c));
      }
      if (outcome.saved.length !== 4) throw new Error(`pipeline saved ${outcome.saved.length} of 4`);
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await sim.close();
  }
  return { wall: times, cpu };
}

function vsixSizes(root: string): Array<[string, number]> {
  return readdirSync(root)
    .filter((f) => f.endsWith('.vsix'))
    .sort()
    .map((f) => [f, statSync(path.join(root, f)).size]);
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  // BENCH_WEBREADY=builds (or formats, pipeline) runs one section alone.
  const only = process.env['BENCH_WEBREADY'];
  if (!only || only === 'formats') await formatsSection();
  if (!only || only === 'builds') buildsSection(root);
  if (!only || only === 'pipeline') await pipelineSection();
}

async function formatsSection(): Promise<void> {
  sharp.cache(false);
  const png = photo();
  const original = await sharp(png).raw().toBuffer();
  const formats = await timeFormats(png, OUTPUT_FORMATS);
  say('Web-ready assets: the photographic test image (test/simulator/photo.ts, generated), 2048x2048');
  say(`  PNG as the simulator serves it (deflate level 6): ${png.length} bytes`);
  say('  | format | quality | bytes | of PNG | SSIM | PSNR | conversion (median of 5) |');
  say('  |---|---|---|---|---|---|---|');
  for (const f of OUTPUT_FORMATS) {
    const r = formats[f];
    if (!r) continue;
    const back = await sharp(r.out).raw().toBuffer();
    const s = ssim(original, back, SIDE, SIDE);
    const p = psnr(original, back);
    say(
      `  | ${f} | ${DEFAULT_QUALITY[f] ?? 'lossless'} | ${r.bytes} | ${((100 * r.bytes) / png.length).toFixed(1)}% | ${s.toFixed(4)} | ${Number.isFinite(p) ? `${p.toFixed(1)} dB` : 'identical'} | ${r.ms.toFixed(0)} ms |`,
    );
    if (f === 'webp') {
      // Where the time goes: the PNG decode alone, against the whole conversion (decode, encode, XMP).
      const decode: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const c = process.cpuUsage();
        await sharp(png).raw().toBuffer();
        decode.push(cpuMs(c));
      }
      const d = median(decode);
      say(
        `  WebP, where the CPU time goes (median of ${RUNS}): PNG decode ${d.toFixed(0)} ms, encode and metadata ${(r.cpuMs - d).toFixed(0)} ms, of ${r.cpuMs.toFixed(0)} ms (effort ${webpEffort(SIDE * SIDE)}); wall ${r.ms.toFixed(0)} ms`,
      );
      const bytesOk = r.bytes / png.length <= GOALS.webpBytesOfPng && s >= GOALS.ssim;
      const timeOk = r.ms / GENERATION_LATENCY_MS <= GOALS.conversionOfGeneration;
      say(
        `  goal: WebP <= 15% of PNG at SSIM >= 0.95: ${((100 * r.bytes) / png.length).toFixed(1)}% at ${s.toFixed(4)}: ${bytesOk ? 'met' : 'MISSED'}`,
      );
      say(
        `  goal: conversion <= 10% of the simulated generation (${GENERATION_LATENCY_MS} ms): ${r.ms.toFixed(0)} ms = ${((100 * r.ms) / GENERATION_LATENCY_MS).toFixed(0)}%: ${timeOk ? 'met' : 'MISSED'}`,
      );
    }
  }
}

function buildsSection(root: string): void {
  say('');
  say('Builds: conversion of the 4-megapixel image (median of 5), and package size');
  const builds: Array<[string, string]> = [
    ['native (node_modules)', root],
    ['wasm32 (.package/wasm32)', path.join(root, '.package', 'wasm32')],
  ];
  for (const [name, dir] of builds) {
    if (!existsSync(path.join(dir, 'node_modules', 'sharp'))) {
      say(`  ${name}: not staged (run node scripts/package.mjs --wasm32 first)`);
      continue;
    }
    const r = measureBuild(dir);
    say(
      typeof r === 'string'
        ? `  ${name}: ${r}`
        : `  ${name}: ${r.wasm ? 'wasm32' : 'native'} (${r.binary}); webp ${r.ms['webp']?.toFixed(0)} ms, jpeg ${r.ms['jpeg']?.toFixed(0)} ms, avif ${r.ms['avif']?.toFixed(0)} ms`,
    );
  }
  for (const [f, bytes] of vsixSizes(root)) say(`  ${f}: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)`);
}

async function pipelineSection(): Promise<void> {
  say('');
  say(
    `Pipeline: generateAndSave, n = 4 photos of 2048x2048, ${GENERATION_LATENCY_MS} ms generation + ${DOWNLOAD_LATENCY_MS} ms download latency (median of ${PIPELINE_RUNS} after a warm-up)`,
  );
  const runs = {
    plain: await pipeline(undefined),
    webp: await pipeline(webReadyTransform({ format: 'webp' })),
    exact: await pipeline(webReadyTransform({ format: 'webp', size: { width: 1200, height: 630 } })),
  };
  const line = (k: 'wall' | 'cpu'): string => {
    const [plain, webp, exact] = [runs.plain, runs.webp, runs.exact].map((r) => median(r[k]));
    const plus = (x = NaN): string => `${x.toFixed(0)} ms (+${(x - (plain ?? NaN)).toFixed(0)} ms)`;
    return `as PNG: ${plain?.toFixed(0)} ms; to WebP: ${plus(webp)}; to WebP 1200x630: ${plus(exact)}`;
  };
  say(`  generate to files on disk: ${line('wall')}`);
  say(`  CPU time of the same runs (this process, simulator included): ${line('cpu')}`);
  const one = (await timeFormats(photo(), ['webp']))['webp'];
  say(
    `  one conversion alone: ${one?.ms.toFixed(0)} ms (CPU ${one?.cpuMs.toFixed(0)} ms); four one after another: ${(4 * (one?.ms ?? NaN)).toFixed(0)} ms`,
  );
}

if (process.argv.includes('--build-child')) {
  buildChild().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
