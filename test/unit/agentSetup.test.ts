import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  findRuntime,
  mergeMcpConfig,
  MCP_CLIENTS,
  renderSkill,
  serverEntry,
  skillState,
  writeMcpConfig,
  writeSkill,
  type McpClientId,
  type ServerEntry,
} from '../../src/core/agentSetup';
import { isAisaError } from '../../src/core/errors';
import { startSimulator, type Simulator } from '../simulator/server';
import { assertCliBuilt, CLI } from './cliRunner';
import { filesIn, tempDir } from './helpers';
import { openSession, textOf } from './mcpSession';

const KEY = 'sk-sim-agent-setup-0123456789';
let sim: Simulator;
before(async () => {
  assertCliBuilt();
  sim = await startSimulator({ apiKey: KEY });
});
after(() => sim.close());

const NODE_DIR = path.dirname(process.execPath);
const entry = (n: number): ServerEntry => ({ command: `/bin/other-${n}`, args: [], env: {} });

describe('MCP configuration for other agents', () => {
  test('merging keeps every other server and key, and replaces only our own entry', () => {
    const existing = JSON.stringify({
      mcpServers: { github: { command: 'gh-mcp', args: ['x'] }, 'aisa-images': { command: 'old' } },
      inputs: [1, 2],
    });
    const merged = JSON.parse(mergeMcpConfig(existing, '.mcp.json', entry(1)));
    assert.deepEqual(merged, {
      mcpServers: { github: { command: 'gh-mcp', args: ['x'] }, 'aisa-images': entry(1) },
      inputs: [1, 2],
    });
    assert.deepEqual(JSON.parse(mergeMcpConfig(undefined, '.mcp.json', entry(2))), {
      mcpServers: { 'aisa-images': entry(2) },
    });
    assert.deepEqual(JSON.parse(mergeMcpConfig('  \n', '.mcp.json', entry(2))), {
      mcpServers: { 'aisa-images': entry(2) },
    });
  });

  for (const [name, text, message] of [
    [
      'not JSON',
      '{ "mcpServers": { // a comment\n } }',
      /^\.cursor\/mcp\.json is not valid JSON \(.*\), so it was left untouched: /,
    ],
    ['an array', '[]', /does not hold a JSON object/],
    ['mcpServers a list', '{"mcpServers": []}', /"mcpServers" in \.cursor\/mcp\.json is not an object/],
  ] as const) {
    test(`a file that is ${name} is refused in one sentence and left as it was`, async () => {
      const ws = await tempDir('aisa-agents-');
      await mkdir(path.join(ws, '.cursor'));
      await writeFile(path.join(ws, '.cursor/mcp.json'), text);
      await assert.rejects(
        writeMcpConfig(ws, 'cursor', entry(1)),
        (e) => isAisaError(e, 'input') && message.test(e.message) && !e.message.includes('\n'),
      );
      assert.equal(await readFile(path.join(ws, '.cursor/mcp.json'), 'utf8'), text);
      assert.deepEqual(await filesIn(path.join(ws, '.cursor')), ['mcp.json']);
    });
  }

  test('the runtime: a node 20+ on PATH, else the host executable with ELECTRON_RUN_AS_NODE=1; an older node is passed over', async () => {
    const found = await findRuntime(`/nonexistent:${NODE_DIR}`, '/opt/Code/code');
    assert.equal(found.command, path.join(NODE_DIR, 'node'));
    assert.deepEqual(found.env, {});
    assert.match(found.description, /^node v\d+\./);
    const old = await tempDir('aisa-old-node-');
    await writeFile(path.join(old, 'node'), '#!/bin/sh\necho v18.19.0\n');
    await chmod(path.join(old, 'node'), 0o755);
    for (const pathEnv of [old, '', undefined]) {
      const fallback = await findRuntime(pathEnv, '/opt/Code/code');
      assert.equal(fallback.command, '/opt/Code/code');
      assert.deepEqual(fallback.env, { ELECTRON_RUN_AS_NODE: '1' });
    }
  });

  const cases: Array<[McpClientId, string]> = [
    ['claude', 'node on PATH'],
    ['cursor', 'node on PATH'],
    ['claude', 'the host executable'],
  ];
  for (const [client, how] of cases) {
    test(`${MCP_CLIENTS[client].label}, ${how}: the written file starts a server an MCP client can use, and holds no key`, async () => {
      const ws = await tempDir('aisa-agents-');
      const file = path.join(ws, MCP_CLIENTS[client].file);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify({ mcpServers: { other: { command: 'other-server' } } }));
      // The host executable here is Node itself, which ignores ELECTRON_RUN_AS_NODE as Electron honours it.
      const runtime = await findRuntime(how === 'node on PATH' ? NODE_DIR : '', process.execPath);
      assert.equal(await writeMcpConfig(ws, client, serverEntry(client, CLI, ws, runtime)), file);
      const text = await readFile(file, 'utf8');
      assert.ok(!text.includes(KEY));
      const written = JSON.parse(text) as { mcpServers: Record<string, ServerEntry> };
      assert.deepEqual(written.mcpServers['other'], { command: 'other-server' });
      const server = written.mcpServers['aisa-images'];
      assert.ok(server);
      assert.deepEqual(server.args, [CLI, 'mcp', '--root', ws]);
      assert.equal(server.env['AISA_API_KEY'], MCP_CLIENTS[client].keyReference);
      assert.equal(server.env['ELECTRON_RUN_AS_NODE'], how === 'node on PATH' ? undefined : '1');
      // As the agent starts it: exactly command, args and env, the variable it references set by the user.
      const s = await openSession(
        {
          command: server.command,
          args: server.args,
          env: { ...server.env, AISA_API_KEY: KEY, AISA_BASE_URL: sim.baseUrl },
        },
        KEY,
      );
      try {
        const { tools } = await s.client.listTools();
        assert.deepEqual(
          tools.map((t) => t.name),
          ['generate_image'],
        );
        const r = await s.call({ prompt: 'p', path: 'public/p.png' });
        assert.equal(r.isError, undefined, textOf(r));
        assert.deepEqual(await filesIn(path.join(ws, 'public')), ['p.png']);
      } finally {
        await s.close();
      }
    });
  }
});

describe('the Agent Skill, installed into a workspace', () => {
  const template = '---\nname: aisa-images\ndescription: d\n---\n\n# AIsa Images\n';
  test('is written once, says how this machine runs the CLI, and a differing SKILL.md is never overwritten without asking', async () => {
    const ws = await tempDir('aisa-skill-');
    const runtime = {
      command: '/Applications/Visual Studio Code.app/Contents/MacOS/Electron',
      env: { ELECTRON_RUN_AS_NODE: '1' },
      description: '',
    };
    const text = renderSkill(template, runtime, '/ext/dist/cli.js');
    assert.ok(text.startsWith(template.trimEnd()));
    assert.ok(
      text.includes(
        'ELECTRON_RUN_AS_NODE=1 "/Applications/Visual Studio Code.app/Contents/MacOS/Electron" /ext/dist/cli.js generate',
      ),
      text,
    );
    assert.equal(await skillState(ws, '.github/skills', text), 'absent');
    const file = await writeSkill(ws, '.github/skills', text);
    assert.equal(file, path.join(ws, '.github/skills/aisa-images/SKILL.md'));
    assert.equal(await skillState(ws, '.github/skills', text), 'same');
    await writeFile(file, `${text}\nmy own notes\n`);
    assert.equal(await skillState(ws, '.github/skills', text), 'differs');
    await assert.rejects(writeSkill(ws, '.github/skills', text), /already exists: it was not overwritten/);
    assert.match(await readFile(file, 'utf8'), /my own notes/);
    await writeSkill(ws, '.github/skills', text, true);
    assert.equal(await readFile(file, 'utf8'), text);
    assert.deepEqual(await filesIn(path.dirname(file)), ['SKILL.md']);
  });
});
