import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import { resetSim, SIM_API, SIM_KEY } from './sim';

interface Result {
  written: string[];
  skipped: string[];
}
interface Entry {
  command: string;
  args: string[];
  env: Record<string, string>;
}

const WRITTEN = ['.mcp.json', '.cursor', '.agents'];

suite('AIsa: Set Up for Other Agents… in a real extension host', () => {
  const ws = (): string => {
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f);
    return f.uri.fsPath;
  };
  const clean = async (): Promise<void> => {
    for (const f of WRITTEN) await rm(path.join(ws(), f), { recursive: true, force: true });
  };
  setup(async () => {
    await resetSim();
    await clean();
  });
  teardown(clean);

  test('writes .mcp.json, .cursor/mcp.json and the skill, pointing at the CLI inside the extension; an MCP client starts the server from the file', async function () {
    this.timeout(60_000);
    const run = (): Thenable<Result | undefined> =>
      vscode.commands.executeCommand<Result | undefined>('aisaImages.setUpAgents', {
        targets: ['claude', 'cursor', '.agents/skills'],
      });
    const result = await run();
    assert.ok(result);
    assert.deepEqual(result.written.map((f) => path.relative(ws(), f)).sort(), [
      '.agents/skills/aisa-images/SKILL.md',
      '.cursor/mcp.json',
      '.mcp.json',
    ]);
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'aisa-images');
    assert.ok(ext);
    const cli = path.join(ext.extensionPath, 'dist', 'cli.js');
    const claude = JSON.parse(await readFile(path.join(ws(), '.mcp.json'), 'utf8')) as {
      mcpServers: Record<string, Entry>;
    };
    const entry = claude.mcpServers['aisa-images'];
    assert.ok(entry);
    assert.deepEqual(entry.args, [cli, 'mcp', '--root', ws()]);
    assert.ok(existsSync(entry.command), `${entry.command} exists`);
    assert.equal(entry.env['AISA_API_KEY'], '${AISA_API_KEY}');
    const cursorText = await readFile(path.join(ws(), '.cursor/mcp.json'), 'utf8');
    assert.equal(
      (JSON.parse(cursorText) as { mcpServers: Record<string, Entry> }).mcpServers['aisa-images']?.env['AISA_API_KEY'],
      '${env:AISA_API_KEY}',
    );
    for (const f of result.written) assert.ok(!(await readFile(f, 'utf8')).includes(SIM_KEY), `${f} holds no key`);
    const skill = await readFile(path.join(ws(), '.agents/skills/aisa-images/SKILL.md'), 'utf8');
    assert.match(skill, /^---\nname: aisa-images\n/);
    assert.ok(skill.includes(cli), 'the installed skill says how this machine runs the CLI');

    // What Claude Code would do with the file: start exactly that command, with the user's key in its environment.
    const transport = new StdioClientTransport({
      command: entry.command,
      args: entry.args,
      env: { ...entry.env, AISA_API_KEY: SIM_KEY, AISA_BASE_URL: `${SIM_API}/v1` },
      stderr: 'ignore',
    });
    const client = new Client({ name: 'integration', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        ['generate_image'],
      );
    } finally {
      await client.close();
    }

    // Again: the configs are rewritten in place, the unchanged skill is left alone.
    const again = await run();
    assert.ok(again);
    assert.deepEqual(again.written.map((f) => path.relative(ws(), f)).sort(), ['.cursor/mcp.json', '.mcp.json']);
    assert.deepEqual(again.skipped, ['.agents/skills/aisa-images/SKILL.md is already up to date.']);
  });

  test('a .mcp.json that is not JSON is left exactly as it was, and the other targets are still written', async () => {
    const broken = '{ "mcpServers": { "mine": { "command": "x" }, } }';
    await vscode.workspace.fs.writeFile(
      vscode.Uri.file(path.join(ws(), '.mcp.json')),
      new TextEncoder().encode(broken),
    );
    const result = await vscode.commands.executeCommand<Result | undefined>('aisaImages.setUpAgents', {
      targets: ['claude', 'cursor'],
    });
    assert.ok(result);
    assert.deepEqual(
      result.written.map((f) => path.relative(ws(), f)),
      ['.cursor/mcp.json'],
    );
    assert.equal(result.skipped.length, 1);
    assert.match(result.skipped[0] ?? '', /^\.mcp\.json is not valid JSON .* left untouched/);
    assert.equal(await readFile(path.join(ws(), '.mcp.json'), 'utf8'), broken);
  });
});
