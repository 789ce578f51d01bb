import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { version } from '../../package.json';
import { describeError } from '../core/errors';
import { Semaphore } from '../core/semaphore';
import { generateImage } from './handler';
import { inputSchema, outputSchema, TOOL_DESCRIPTION, TOOL_NAME } from './generateImageTool';
import { realRoot } from './insideRoot';
import { safeText } from '../core/safeText';

/**
 * `aisa-image mcp`: the MCP server on stdio, built into its own file (dist/mcp.js) and loaded
 * by the CLI only for this command. stdout carries the protocol, so every log line goes to
 * `err` (stderr); none of them, nor any result, ever holds the key.
 */

export interface McpOptions {
  /** Absolute; the only folder the server writes into. */
  root: string;
  /** --base-url, else AISA_BASE_URL, else the default; read at each call, like the key. */
  baseUrl: string | undefined;
  env: NodeJS.ProcessEnv;
  err: (line: string) => void;
  signal?: AbortSignal;
}

/** As many generations at once as the extension allows by default: an agent's burst stays under the rate limit. */
const MAX_CONCURRENT = 2;

/** Resolves with the exit code once the client goes away (stdin closes) or `signal` fires. */
export async function runMcpServer(opts: McpOptions): Promise<number> {
  const log = (line: string): void => opts.err(`aisa-image mcp: ${safeText(line, { max: 2000 })}`);
  let root: string;
  try {
    root = await realRoot(opts.root);
  } catch (e) {
    opts.err(`aisa-image: ${describeError(e)}`);
    return 2;
  }
  const server = new McpServer(
    { name: 'aisa-images', title: 'AIsa Images', version },
    {
      instructions: `Generates image files into ${root} with the AIsa API (each image is billed). Paths are relative to that folder; files are never overwritten.`,
    },
  );
  const queue = new Semaphore(MAX_CONCURRENT);
  server.registerTool(
    TOOL_NAME,
    {
      title: 'Generate image files',
      description: TOOL_DESCRIPTION,
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (args, extra) => generateImage(args, extra, { root, baseUrl: opts.baseUrl, env: opts.env, log, queue }),
  );

  const transport = new StdioServerTransport();
  const closed = new Promise<number>((resolve) => {
    server.server.onclose = () => resolve(0);
    process.stdin.once('end', () => resolve(0));
    opts.signal?.addEventListener('abort', () => void server.close().then(() => resolve(130)), { once: true });
  });
  await server.connect(transport);
  log(`serving ${TOOL_NAME} for ${root}`);
  return closed;
}
