// extensionTestsPath module for the benchmark, run inside a real VS Code (code-server) by
// toolOverhead.ts, on one simulator, interleaved in one extension host:
// - core: the bare core pipeline (generateAndSave with node:fs and the PNG annotation);
// - pipeline: the extension's one pipeline (runPipeline as the agent calls it, vscode.workspace.fs);
// - tool: vscode.lm.invokeTool('aisa_generateImage'), i.e. VS Code's tool call, the extension's
//   tool, that pipeline, and the result it builds.
// Writes its samples as JSON to AISA_BENCH_OUT.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { AisaClient } from '../../../src/core/client';
import { generateAndSave } from '../../../src/core/generate';
import { nodeFileSystem } from '../../../src/core/nodeFs';
import { annotateGeneratedImage } from '../../../src/core/pngText';
import { validateRequest } from '../../../src/core/request';
import type { ApiKeyStore } from '../../../src/features/apiKey';
import { EditorTracker } from '../../../src/features/editorTracker';
import { GenerationService } from '../../../src/features/generationService';
import { runPipeline } from '../../../src/features/pipeline/pipeline';
import { exactFileTarget } from '../../../src/features/workspaceTarget';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through test/bench/toolOverhead.ts`);
  return v;
};

const timed = async (work: () => Thenable<unknown>): Promise<number> => {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
};

export async function run(): Promise<void> {
  const baseUrl = env('AISA_BENCH_BASE_URL');
  const apiKey = env('AISA_BENCH_KEY');
  const rounds = Number(env('AISA_BENCH_ROUNDS'));
  const size = env('AISA_BENCH_SIZE');
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the benchmark runs with a workspace folder open');
  await vscode.commands.executeCommand('aisaImages.setApiKey', apiKey);
  const request = validateRequest({ prompt: 'benchmark: a lighthouse at dusk', size, n: 1 });
  const coreDir = await mkdtemp(path.join(os.tmpdir(), 'aisa-bench-core-'));
  const log = vscode.window.createOutputChannel('AIsa Images benchmark', { log: true });
  const keys = { get: async () => apiKey, ensure: async () => apiKey } as unknown as ApiKeyStore;
  const deps = {
    context: {} as vscode.ExtensionContext,
    log,
    apiKey: keys,
    service: new GenerationService(log, keys),
    editors: new EditorTracker(),
  };
  let k = 0;
  const fresh = (): string => `bench/${Date.now().toString(36)}-${k++}.png`;

  const core = (): Promise<number> =>
    timed(() =>
      generateAndSave(request, {
        client: new AisaClient({ baseUrl, apiKey }),
        fs: nodeFileSystem,
        outDir: coreDir,
        annotate: annotateGeneratedImage,
      }),
    );
  const pipeline = (): Promise<number> =>
    timed(() =>
      runPipeline(deps, {
        caller: 'agent',
        target: () => exactFileTarget(vscode.Uri.joinPath(folder.uri, fresh())),
        source: { given: { prompt: request.prompt, size } },
        deliver: (d) => d,
      }),
    );
  const tool = (): Promise<number> =>
    timed(() =>
      vscode.lm.invokeTool('aisa_generateImage', {
        input: { prompt: request.prompt, size, path: fresh() },
        toolInvocationToken: undefined,
      }),
    );

  const kinds = { core, pipeline, tool };
  const samples: Record<keyof typeof kinds, number[]> = { core: [], pipeline: [], tool: [] };
  // Warm-up: the extension activates, node-fetch loads, connections open.
  for (const f of Object.values(kinds)) await f();
  const order = Object.keys(kinds) as Array<keyof typeof kinds>;
  for (let i = 0; i < rounds; i++) {
    // A different order each round, so none always meets a warmer or colder simulator.
    for (const name of [...order.slice(i % 3), ...order.slice(0, i % 3)]) samples[name].push(await kinds[name]());
  }
  deps.service.dispose();
  deps.editors.dispose();
  log.dispose();
  await writeFile(env('AISA_BENCH_OUT'), JSON.stringify(samples));
}
