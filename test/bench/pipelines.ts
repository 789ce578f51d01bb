// The three ways from "Generate" to files on disk that the benchmark compares. All three use
// node-fetch 3, the core's default fetch, so the comparison is about the pipeline, not the
// HTTP client. Each resolves when every image has been written (no fsync, for all three).
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fetch from 'node-fetch';
import { AisaClient } from '../../src/core/client';
import { generateAndSave } from '../../src/core/generate';
import { nodeFileSystem } from '../../src/core/nodeFs';
import { validateRequest } from '../../src/core/request';

export const PIPELINES = ['core', 'sequential', 'floor'] as const;
export type PipelineName = (typeof PIPELINES)[number];

export interface BenchTarget {
  baseUrl: string;
  apiKey: string;
  n: number;
  size: string;
  model: string;
}

export interface RunResult {
  /** From the call to the last file written. */
  totalMs: number;
  /** From the call to the generation answer being parsed (the API's part). */
  answeredMs: number;
  bytes: number;
  files: number;
}

const PROMPT = 'benchmark: a red panda on a mossy branch';

interface ApiAnswer {
  data: { url: string }[];
}

async function post(t: BenchTarget): Promise<string[]> {
  const res = await fetch(`${t.baseUrl}/images/generations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: t.model, prompt: PROMPT, n: t.n, size: t.size }),
  });
  if (res.status !== 200) throw new Error(`generation answered HTTP ${res.status}: ${await res.text()}`);
  return ((await res.json()) as ApiAnswer).data.map((d) => d.url);
}

/** (a) The project's core, as the CLI and the extension call it. */
async function core(t: BenchTarget, dir: string): Promise<RunResult> {
  const started = performance.now();
  let answeredMs = NaN;
  const client = new AisaClient({ baseUrl: t.baseUrl, apiKey: t.apiKey });
  const request = validateRequest({ prompt: PROMPT, size: t.size, n: t.n, model: t.model });
  const outcome = await generateAndSave(request, {
    client,
    fs: nodeFileSystem,
    outDir: dir,
    onProgress: (p) => {
      if (p.phase === 'downloading') answeredMs = performance.now() - started;
    },
  });
  const totalMs = performance.now() - started;
  if (outcome.unsaved.length)
    throw new Error(`core: ${outcome.unsaved.length} images not saved: ${outcome.unsaved[0]?.error.message ?? ''}`);
  return { totalMs, answeredMs, bytes: outcome.saved.reduce((n, s) => n + s.bytes, 0), files: outcome.saved.length };
}

/** (b) What most hand-written integrations do: POST, then each image in turn, whole body in memory. */
async function sequential(t: BenchTarget, dir: string): Promise<RunResult> {
  const started = performance.now();
  const urls = await post(t);
  const answeredMs = performance.now() - started;
  let bytes = 0;
  for (const [i, url] of urls.entries()) {
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`download answered HTTP ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    await writeFile(path.join(dir, `sequential-${i}.png`), body);
    bytes += body.length;
  }
  return { totalMs: performance.now() - started, answeredMs, bytes, files: urls.length };
}

/** (c) The floor: the simplest parallel code; one POST, then every download streamed straight to disk. */
async function floor(t: BenchTarget, dir: string): Promise<RunResult> {
  const started = performance.now();
  const urls = await post(t);
  const answeredMs = performance.now() - started;
  const sizes = await Promise.all(
    urls.map(async (url, i) => {
      const res = await fetch(url);
      if (res.status !== 200 || !res.body) throw new Error(`download answered HTTP ${res.status}`);
      const out = createWriteStream(path.join(dir, `floor-${i}.png`));
      await pipeline(res.body, out);
      return out.bytesWritten;
    }),
  );
  return {
    totalMs: performance.now() - started,
    answeredMs,
    bytes: sizes.reduce((a, b) => a + b, 0),
    files: urls.length,
  };
}

export const RUN: Record<PipelineName, (t: BenchTarget, dir: string) => Promise<RunResult>> = {
  core,
  sequential,
  floor,
};
