import * as l10n from '@vscode/l10n';
import { execFile } from 'node:child_process';
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { AisaError } from './errors';

/**
 * What "Set Up for Other Agents…" writes into a workspace, built without VS Code: the MCP
 * configuration of Claude Code (`.mcp.json`) and Cursor (`.cursor/mcp.json`) pointing at the CLI
 * inside the extension, and the Agent Skill. The key is never written: each entry passes the
 * user's own AISA_API_KEY through, in the syntax its client documents for that.
 */

export const SERVER_NAME = 'aisa-images';

export type McpClientId = 'claude' | 'cursor';

export interface McpClientInfo {
  readonly label: string;
  /** Relative to the workspace folder. */
  readonly file: string;
  /** The client's own reference to an environment variable: the config holds this, never the key. */
  readonly keyReference: string;
}

export const MCP_CLIENTS: Readonly<Record<McpClientId, McpClientInfo>> = {
  // Claude Code documents ${VAR} expansion in .mcp.json (command, args, env, url, headers).
  claude: { label: 'Claude Code', file: '.mcp.json', keyReference: '${AISA_API_KEY}' },
  // Cursor documents ${env:NAME} interpolation in mcp.json.
  cursor: { label: 'Cursor', file: '.cursor/mcp.json', keyReference: '${env:AISA_API_KEY}' },
};

/** How to run a script: a `node` found on PATH, or VS Code's own executable acting as Node. */
export interface Runtime {
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  /** For the confirmation: "node v22.1.0 (/usr/bin/node)". */
  readonly description: string;
}

export interface ServerEntry {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export const MIN_NODE_MAJOR = 20;

const runVersion = (file: string): Promise<string> =>
  new Promise((resolve) => {
    execFile(file, ['--version'], { timeout: 3000, windowsHide: true, env: {} }, (error, stdout) =>
      resolve(error ? '' : String(stdout).trim()),
    );
  });

/**
 * The first `node` on `pathEnv` that is Node MIN_NODE_MAJOR or later; else `hostExecutable` (VS
 * Code's own, an Electron binary) with ELECTRON_RUN_AS_NODE=1, which runs scripts as Node does.
 */
export async function findRuntime(
  pathEnv: string | undefined,
  hostExecutable: string,
  platform: NodeJS.Platform = process.platform,
): Promise<Runtime> {
  const names = platform === 'win32' ? ['node.exe'] : ['node'];
  const dirs = (pathEnv ?? '').split(platform === 'win32' ? ';' : ':').filter((d) => path.isAbsolute(d));
  for (const dir of dirs) {
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        await fsp.access(file, constants.X_OK);
      } catch {
        continue;
      }
      const version = await runVersion(file);
      const major = Number(/^v(\d+)\./.exec(version)?.[1]);
      if (major >= MIN_NODE_MAJOR) return { command: file, env: {}, description: `node ${version} (${file})` };
    }
  }
  return {
    command: hostExecutable,
    env: { ELECTRON_RUN_AS_NODE: '1' },
    description: `VS Code's own runtime (${hostExecutable}), since no node ${MIN_NODE_MAJOR} or later is on PATH`,
  };
}

/** `<runtime> <extension>/dist/cli.js mcp --root <workspace>`, with the key passed through by reference. */
export function serverEntry(client: McpClientId, cliPath: string, workspace: string, runtime: Runtime): ServerEntry {
  return {
    command: runtime.command,
    args: [cliPath, 'mcp', '--root', workspace],
    env: { ...runtime.env, AISA_API_KEY: MCP_CLIENTS[client].keyReference },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `existing` (the file's text, or undefined when there is none) with our server added or
 * replaced under `mcpServers`; every other key and server is kept as it was. Refuses, in one
 * sentence, a file that is not a JSON object: it is the user's, and guessing could lose it.
 */
export function mergeMcpConfig(existing: string | undefined, file: string, entry: ServerEntry): string {
  let config: Record<string, unknown> = {};
  if (existing !== undefined && existing.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(existing);
    } catch (e) {
      throw new AisaError(
        'input',
        l10n.t(
          '{0} is not valid JSON ({1}), so it was left untouched: fix it or move it away, then run Set Up for Other Agents again.',
          file,
          (e as Error).message,
        ),
      );
    }
    if (!isObject(parsed))
      throw new AisaError(
        'input',
        l10n.t(
          '{0} does not hold a JSON object, so it was left untouched: fix it or move it away, then run Set Up for Other Agents again.',
          file,
        ),
      );
    if (parsed['mcpServers'] !== undefined && !isObject(parsed['mcpServers'])) {
      throw new AisaError(
        'input',
        l10n.t(
          '"mcpServers" in {0} is not an object, so the file was left untouched: fix it, then run Set Up for Other Agents again.',
          file,
        ),
      );
    }
    config = parsed;
  }
  const servers = { ...((config['mcpServers'] as Record<string, unknown> | undefined) ?? {}), [SERVER_NAME]: entry };
  return `${JSON.stringify({ ...config, mcpServers: servers }, null, 2)}\n`;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Replaces `file` with `text` in one rename, so a crash never leaves half a config; the
 * temporary file sits beside it and is removed on failure.
 */
async function replaceFile(file: string, text: string): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    await fsp.writeFile(tmp, text, { flag: 'wx' });
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/** What writing would do, without writing: throws the one sentence for a file it must not touch. */
export async function previewMcpConfig(
  workspace: string,
  client: McpClientId,
  entry: ServerEntry,
): Promise<{ file: string; exists: boolean; text: string }> {
  const file = path.join(workspace, MCP_CLIENTS[client].file);
  const existing = await readIfExists(file);
  return { file, exists: existing !== undefined, text: mergeMcpConfig(existing, MCP_CLIENTS[client].file, entry) };
}

/** Adds (or updates) our server in the client's config under `workspace`; returns the file written. */
export async function writeMcpConfig(workspace: string, client: McpClientId, entry: ServerEntry): Promise<string> {
  const { file, text } = await previewMcpConfig(workspace, client, entry);
  await replaceFile(file, text);
  return file;
}

/** Where agents look for project skills: the cross-client folder, Copilot's, and Claude Code's. */
export const SKILL_FOLDERS = ['.agents/skills', '.github/skills', '.claude/skills'] as const;
export type SkillFolder = (typeof SKILL_FOLDERS)[number];
export const SKILL_NAME = 'aisa-images';

/** The skill as installed: the shipped text plus how this machine runs the CLI (it is not on PATH from a .vsix). */
export function renderSkill(template: string, runtime: Runtime, cliPath: string): string {
  const envPrefix = Object.entries(runtime.env)
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  const q = (s: string): string => (/^[\w./:@-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`);
  return `${template.trimEnd()}\n\n## On this machine\n\n\`aisa-image\` is the CLI inside the AIsa Images extension. If \`aisa-image\` is not on PATH, run it as:\n\n\`\`\`sh\n${envPrefix}${q(runtime.command)} ${q(cliPath)} generate --prompt "..."\n\`\`\`\n`;
}

export type SkillState = 'absent' | 'same' | 'differs';

export async function skillState(workspace: string, folder: SkillFolder, text: string): Promise<SkillState> {
  const existing = await readIfExists(path.join(workspace, folder, SKILL_NAME, 'SKILL.md'));
  if (existing === undefined) return 'absent';
  return existing === text ? 'same' : 'differs';
}

/**
 * Writes the skill's SKILL.md. Without `replace`, an existing file is never overwritten (the
 * publish refuses to replace); with it (the user said so), it is replaced in one rename.
 */
export async function writeSkill(
  workspace: string,
  folder: SkillFolder,
  text: string,
  replace = false,
): Promise<string> {
  const file = path.join(workspace, folder, SKILL_NAME, 'SKILL.md');
  if (replace) {
    await replaceFile(file, text);
    return file;
  }
  await fsp.mkdir(path.dirname(file), { recursive: true });
  try {
    await fsp.writeFile(file, text, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new AisaError(
        'save',
        l10n.t('{0} already exists: it was not overwritten.', path.join(folder, SKILL_NAME, 'SKILL.md')),
        { code: 'exists' },
      );
    throw e;
  }
  return file;
}
