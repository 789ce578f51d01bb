// Runs the pipelines against a simulator it is given, in its own process, and prints one JSON
// line. `node --expose-gc worker.run.js '<json WorkerJob>'`:
//   timing: every pipeline, interleaved (the order rotates each round so load and connection
//           reuse favour none), after warm-up rounds that are not recorded;
//   memory: one run of one pipeline in this fresh process (no earlier run whose freed memory
//           would still be resident), peak memory above the baseline taken just before it.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PIPELINES, RUN, type BenchTarget, type PipelineName, type RunResult } from './pipelines';

export type WorkerJob =
  | { mode: 'timing'; target: BenchTarget; rounds: number; warmup: number }
  | { mode: 'memory'; target: BenchTarget; pipeline: PipelineName; liveGcEveryMs?: number };

export type TimingOutput = Record<PipelineName, RunResult[]>;

export interface MemorySample {
  /**
   * Highest values seen above the baseline taken just before the run (after a full GC). With
   * `live`, a full GC ran before every few samples, so garbage (socket chunks already copied or
   * written) is not counted: what the pipeline really held.
   */
  live: boolean;
  rss: number;
  /** Kernel's own high-water mark of resident memory (VmHWM), reset before the run; NaN if unavailable. */
  rssKernel: number;
  heapPlusArrayBuffers: number;
  arrayBuffers: number;
  /** Bytes of images the run held or moved: what "in flight" means for n images. */
  imageBytes: number;
  samples: number;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function runOnce(name: PipelineName, target: BenchTarget): Promise<RunResult> {
  const dir = await mkdtemp(path.join(tmpdir(), `aisa-bench-${name}-`));
  try {
    const result = await RUN[name](target, dir);
    // Checked after the clock stopped: every file is there, complete.
    const names = (await readdir(dir)).filter((f) => !f.startsWith('.'));
    const onDisk = (await Promise.all(names.map((f) => stat(path.join(dir, f))))).reduce((n, s) => n + s.size, 0);
    if (names.length !== target.n || onDisk !== result.bytes || result.files !== target.n) {
      throw new Error(
        `${name}: expected ${target.n} files of ${result.bytes} bytes in all, found ${names.length} files of ${onDisk} bytes`,
      );
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function timing(job: Extract<WorkerJob, { mode: 'timing' }>): Promise<TimingOutput> {
  const out: TimingOutput = { core: [], sequential: [], floor: [] };
  for (let round = 0; round < job.warmup + job.rounds; round++) {
    const order = PIPELINES.map((_, i) => PIPELINES[(i + round) % PIPELINES.length] as PipelineName);
    for (const name of order) {
      gc();
      const r = await runOnce(name, job.target);
      if (round >= job.warmup) out[name].push(r);
    }
  }
  return out;
}

function kernelPeakRss(): number {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

function resetKernelPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function memory(job: Extract<WorkerJob, { mode: 'memory' }>): Promise<MemorySample> {
  // node-fetch is already loaded (pipelines.ts imports it), so the baseline holds all the code.
  gc();
  gc();
  const kernel = resetKernelPeak();
  const base = process.memoryUsage();
  const peak = { rss: base.rss, hab: base.heapUsed + base.arrayBuffers, ab: base.arrayBuffers, n: 0 };
  let lastGc = performance.now();
  const sample = (): void => {
    if (job.liveGcEveryMs !== undefined && performance.now() - lastGc >= job.liveGcEveryMs) {
      gc();
      lastGc = performance.now();
    } else if (job.liveGcEveryMs !== undefined) {
      return;
    }
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.hab = Math.max(peak.hab, m.heapUsed + m.arrayBuffers);
    peak.ab = Math.max(peak.ab, m.arrayBuffers);
    peak.n++;
  };
  const timer = setInterval(sample, 1);
  let result: RunResult;
  try {
    result = await runOnce(job.pipeline, job.target);
  } finally {
    clearInterval(timer);
  }
  return {
    live: job.liveGcEveryMs !== undefined,
    rss: peak.rss - base.rss,
    rssKernel: kernel ? kernelPeakRss() - base.rss : NaN,
    heapPlusArrayBuffers: peak.hab - (base.heapUsed + base.arrayBuffers),
    arrayBuffers: peak.ab - base.arrayBuffers,
    imageBytes: result.bytes,
    samples: peak.n,
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as WorkerJob;
  const output = job.mode === 'timing' ? await timing(job) : await memory(job);
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().then(
  // Keep-alive sockets to the simulator would otherwise hold the process open for a few seconds.
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench worker failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
