// The MCP server as an agent meets it: spawn `node dist/cli.js mcp` with the SDK's own client,
// initialize, then generate_image; times on this process's clock.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { BenchTarget } from './pipelines';

export interface McpTimes {
  /** Spawn to the end of the initialize handshake (the server is ready for calls). */
  ready: number;
  /** Spawn to the first generate_image result: the figure beside the CLI's whole process. */
  first: number;
  /** A second call on the same, warm server: the per-call cost once started. */
  second: number;
}

export async function mcpRun(cli: string, target: BenchTarget, root: string): Promise<McpTimes> {
  const t0 = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp', '--root', root],
    env: { AISA_BASE_URL: target.baseUrl, AISA_API_KEY: target.apiKey },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'aisa-bench', version: '1.0.0' });
  try {
    await client.connect(transport);
    const ready = performance.now() - t0;
    const call = async (prompt: string): Promise<void> => {
      const r = await client.callTool({
        name: 'generate_image',
        arguments: { prompt, n: 1, size: target.size, model: target.model },
      });
      if (r.isError) throw new Error(`generate_image failed: ${JSON.stringify(r.content)}`);
    };
    await call('benchmark: one red panda');
    const first = performance.now() - t0;
    const t1 = performance.now();
    await call('benchmark: another red panda');
    return { ready, first, second: performance.now() - t1 };
  } finally {
    await client.close();
  }
}
