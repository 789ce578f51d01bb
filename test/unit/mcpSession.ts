// A real MCP client (the SDK's Client over StdioClientTransport) talking to a spawned server,
// recording every message it receives and everything the server writes on stderr.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import assert from 'node:assert/strict';
import { CLI } from './cliRunner';

export interface McpSession {
  readonly client: Client;
  /** Every JSON-RPC message the server sent, serialized. */
  readonly messages: string[];
  stderr(): string;
  call(args: Record<string, unknown>, options?: Pick<RequestOptions, 'signal' | 'onprogress'>): Promise<CallToolResult>;
  /** Closes the client, and asserts the key never appeared in a message or on stderr. */
  close(): Promise<void>;
}

export interface ServerCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

/** `node dist/cli.js mcp --root ROOT`, with the key and base URL in its environment (undefined removes one). */
export function cliServer(root: string, env: Record<string, string | undefined>): ServerCommand {
  const full: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) full[k] = v;
  return { command: process.execPath, args: [CLI, 'mcp', '--root', root], env: full };
}

export async function openSession(server: ServerCommand, key: string): Promise<McpSession> {
  const transport = new StdioClientTransport({ ...server, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'aisa-images-test', version: '1.0.0' });
  await client.connect(transport);
  const messages: string[] = [];
  const deliver = transport.onmessage;
  transport.onmessage = (m: JSONRPCMessage) => {
    messages.push(JSON.stringify(m));
    deliver?.(m);
  };
  // Caches the output schema, so every callTool checks structuredContent against it.
  await client.listTools();
  return {
    client,
    messages,
    stderr: () => err,
    call: async (args, options = {}) =>
      (await client.callTool({ name: 'generate_image', arguments: args }, undefined, {
        ...options,
        timeout: 60_000,
      })) as CallToolResult,
    close: async () => {
      await client.close();
      for (const m of messages) assert.ok(!m.includes(key), `the key leaked into a message: ${m.slice(0, 200)}`);
      assert.ok(!err.includes(key), 'the key leaked into stderr');
    },
  };
}

export const textOf = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
