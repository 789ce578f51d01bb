// The agent tool's cost above the bare pipeline, measured in a real VS Code: starts code-server
// (installed by `npm test`'s host setup) with the extension and test/bench/host/index.ts, against
// the benchmark's simulator. Undefined (with the reason) when no VS Code host is installed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ms, summarize, table, verdict } from './stats';

export interface ToolSamples {
  core: number[];
  pipeline: number[];
  tool: number[];
}

export async function toolOverhead(
  root: string,
  baseUrl: string,
  apiKey: string,
  size: string,
  rounds: number,
): Promise<ToolSamples | string> {
  const host = process.env['AISA_HOST_DIR'] ?? path.join(root, '.vscode-host');
  if (!existsSync(path.join(host, 'cs'))) return `no VS Code host in ${host} (npm test installs it)`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aisa-bench-tool-'));
  const out = path.join(dir, 'samples.json');
  const ws = path.join(dir, 'workspace');
  const args = [
    path.join(root, 'test/host/run-integration.mjs'),
    '--workspace',
    ws,
    '--tests',
    path.join(root, 'out/test/bench/host/index.js'),
    '--settings',
    JSON.stringify({ 'aisaImages.baseUrl': baseUrl }),
    '--env',
    `AISA_BENCH_BASE_URL=${baseUrl}`,
    '--env',
    `AISA_BENCH_KEY=${apiKey}`,
    '--env',
    `AISA_BENCH_ROUNDS=${rounds}`,
    '--env',
    `AISA_BENCH_SIZE=${size}`,
    '--env',
    `AISA_BENCH_OUT=${out}`,
  ];
  await mkdir(ws, { recursive: true });
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', () => undefined);
    child.on('exit', resolve);
  });
  if (code !== 0) return `the VS Code run exited ${code}`;
  return JSON.parse(await readFile(out, 'utf8')) as ToolSamples;
}

/** The section the benchmark prints: medians of each, and of the per-round differences. */
export function toolReport(r: ToolSamples | string, rounds: number, size: string, goalMs: number): string {
  const head = [
    `\n6. The agent tool in a real VS Code (code-server), one ${size} image each, ${rounds} interleaved rounds after a warm-up, in one extension host:`,
    "   core = generateAndSave (node:fs, PNG annotation); pipeline = the extension's runPipeline as the agent calls it (queue, log,",
    "   vscode.workspace.fs, exact-path checks); tool = vscode.lm.invokeTool('aisa_generateImage'): VS Code's tool call, the tool,",
    '   that pipeline and the result it builds.',
  ].join('\n');
  if (typeof r === 'string') return `${head}\n   not measured: ${r}`;
  const row = (name: string, values: number[]): string[] => {
    const s = summarize(values);
    return [name, ms(s.median), `${ms(s.min)}-${ms(s.max)}`, ms(s.p90)];
  };
  const paired = (a: number[], b: number[]): number[] => a.map((x, i) => x - (b[i] ?? NaN));
  const overhead = summarize(paired(r.tool, r.pipeline)).median;
  return [
    head,
    table([
      ['path', 'median', 'min-max', 'p90'],
      row('core', r.core),
      row('pipeline', r.pipeline),
      row('tool', r.tool),
      row('pipeline minus core (paired)', paired(r.pipeline, r.core)),
      row('tool minus pipeline (paired)', paired(r.tool, r.pipeline)),
    ]).replace(/^/gm, '   '),
    `   goal: the tool's overhead above the bare pipeline < ${goalMs} ms: ${ms(overhead)}, ${verdict(overhead < goalMs)}`,
  ].join('\n');
}
