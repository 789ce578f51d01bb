import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import {
  findRuntime,
  MCP_CLIENTS,
  previewMcpConfig,
  renderSkill,
  serverEntry,
  SKILL_FOLDERS,
  SKILL_NAME,
  skillState,
  writeMcpConfig,
  writeSkill,
  type McpClientId,
  type Runtime,
  type SkillFolder,
} from '../core/agentSetup';
import { describeError } from '../core/errors';
import type { Deps } from './deps';
import { inBackground } from './background';

/**
 * AIsa: Set Up for Other Agents… writes, after showing what, the MCP configuration of Claude
 * Code and Cursor for this workspace (pointing at the CLI inside this extension) and the Agent
 * Skill. Inside VS Code the language-model tool is the way in, so no MCP server is registered here.
 */

export type AgentTarget = McpClientId | SkillFolder;

/** For scripted use (tests): the targets are taken as given, without the pick or the confirmation. */
export interface AgentSetupRequest {
  targets: AgentTarget[];
  /** Replace a SKILL.md that differs from ours; default false (it is kept). */
  replaceSkill?: boolean;
}

export interface AgentSetupResult {
  /** Absolute paths written. */
  written: string[];
  /** One sentence per target left alone, and why. */
  skipped: string[];
}

/** Who reads each skill folder (a function: translations are looked up once the extension runs, not at load). */
const skillHint = (folder: SkillFolder): string =>
  folder === '.agents/skills'
    ? vscode.l10n.t('Codex and other agents (the cross-client folder)')
    : folder === '.github/skills'
      ? 'GitHub Copilot'
      : 'Claude Code';

/** The note beside a file that does not exist yet. */
const noteCreate = (): string => vscode.l10n.t('create');

const skillFile = (folder: SkillFolder): string => `${folder}/${SKILL_NAME}/SKILL.md`;
const targetFile = (t: AgentTarget): string =>
  t in MCP_CLIENTS ? MCP_CLIENTS[t as McpClientId].file : skillFile(t as SkillFolder);

function parseRequest(arg: unknown): AgentSetupRequest | undefined {
  if (typeof arg !== 'object' || arg === null || !Array.isArray((arg as AgentSetupRequest).targets)) return undefined;
  const known = new Set<string>([...Object.keys(MCP_CLIENTS), ...SKILL_FOLDERS]);
  const { targets, replaceSkill } = arg as AgentSetupRequest;
  return { targets: targets.filter((t) => known.has(t)), replaceSkill: replaceSkill === true };
}

async function pickTargets(): Promise<AgentTarget[] | undefined> {
  type Item = vscode.QuickPickItem & { target: AgentTarget };
  const items: Item[] = [
    ...(Object.keys(MCP_CLIENTS) as McpClientId[]).map((id) => ({
      target: id,
      label: `${MCP_CLIENTS[id].label}: ${MCP_CLIENTS[id].file}`,
      description: vscode.l10n.t('MCP server configuration'),
      picked: true,
    })),
    ...SKILL_FOLDERS.map((folder) => ({
      target: folder,
      label: vscode.l10n.t('Agent Skill: {0}', skillFile(folder)),
      description: skillHint(folder),
      picked: folder === '.agents/skills',
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Set Up for Other Agents'),
    placeHolder: vscode.l10n.t('What to write into this workspace (nothing is written before you confirm)'),
  });
  return picked?.map((i) => i.target);
}

async function workspaceFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const local = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (local.length <= 1) return local[0];
  return vscode.window.showWorkspaceFolderPick({
    placeHolder: vscode.l10n.t('Which folder should other agents work in?'),
  });
}

async function confirm(
  folder: vscode.WorkspaceFolder,
  targets: AgentTarget[],
  notes: Map<AgentTarget, string>,
  runtime: Runtime,
): Promise<boolean> {
  const lines = targets.map((t) => `${targetFile(t)} (${notes.get(t) ?? noteCreate()})`);
  const detail = [
    ...lines,
    '',
    vscode.l10n.t("The server is this extension's CLI, run by {0}.", runtime.description),
    vscode.l10n.t(
      'Your API key is not written into any file: the server reads AISA_API_KEY from the environment that starts the agent.',
    ),
  ].join('\n');
  const write = vscode.l10n.t('Write Files');
  return (
    (await vscode.window.showInformationMessage(
      targets.length === 1
        ? vscode.l10n.t('Write this file in {0}?', folder.name)
        : vscode.l10n.t('Write these {0} files in {1}?', targets.length, folder.name),
      { modal: true, detail },
      write,
    )) === write
  );
}

async function run(deps: Deps, request: AgentSetupRequest | undefined): Promise<AgentSetupResult | undefined> {
  const folder = await workspaceFolder();
  if (!folder) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        "Open a folder on this machine first: the agents' configuration is written into the workspace folder.",
      ),
    );
    return undefined;
  }
  const targets = request?.targets ?? (await pickTargets());
  if (!targets?.length) return undefined;
  const ws = folder.uri.fsPath;
  const extension = deps.context.extensionUri.fsPath;
  const cliPath = path.join(extension, 'dist', 'cli.js');
  const runtime = await findRuntime(process.env['PATH'], process.execPath);
  const skillText = renderSkill(
    await readFile(path.join(extension, 'skills', SKILL_NAME, 'SKILL.md'), 'utf8'),
    runtime,
    cliPath,
  );
  const result: AgentSetupResult = { written: [], skipped: [] };

  // Everything that can be judged is judged before asking: a config that is not JSON is refused now.
  const notes = new Map<AgentTarget, string>();
  const todo: AgentTarget[] = [];
  for (const t of targets) {
    try {
      if (t in MCP_CLIENTS) {
        const preview = await previewMcpConfig(
          ws,
          t as McpClientId,
          serverEntry(t as McpClientId, cliPath, ws, runtime),
        );
        notes.set(t, preview.exists ? vscode.l10n.t('add the aisa-images server, keep the others') : noteCreate());
      } else {
        const state = await skillState(ws, t as SkillFolder, skillText);
        if (state === 'same') {
          result.skipped.push(vscode.l10n.t('{0} is already up to date.', targetFile(t)));
          continue;
        }
        notes.set(
          t,
          state === 'differs'
            ? vscode.l10n.t('exists and differs: you will be asked before it is replaced')
            : noteCreate(),
        );
      }
      todo.push(t);
    } catch (e) {
      result.skipped.push(describeError(e));
    }
  }
  for (const s of result.skipped) deps.log.warn(`set up for other agents: ${s}`);
  if (todo.length && !request && !(await confirm(folder, todo, notes, runtime))) return undefined;

  for (const t of todo) {
    try {
      if (t in MCP_CLIENTS) {
        result.written.push(
          await writeMcpConfig(ws, t as McpClientId, serverEntry(t as McpClientId, cliPath, ws, runtime)),
        );
        continue;
      }
      const differs = (await skillState(ws, t as SkillFolder, skillText)) === 'differs';
      const replace = differs && (request ? request.replaceSkill === true : await askReplace(targetFile(t)));
      if (differs && !replace) {
        result.skipped.push(
          vscode.l10n.t("{0} differs from this version's skill and was kept as it is.", targetFile(t)),
        );
        continue;
      }
      result.written.push(await writeSkill(ws, t as SkillFolder, skillText, replace));
    } catch (e) {
      result.skipped.push(describeError(e));
    }
  }
  for (const f of result.written) deps.log.info(`set up for other agents: wrote ${path.relative(ws, f)}`);
  if (!request) inBackground(deps.log, 'the set-up report', report(deps, ws, result));
  return result;
}

async function askReplace(file: string): Promise<boolean> {
  const replace = vscode.l10n.t('Replace');
  const keep = vscode.l10n.t('Keep Mine');
  return (
    (await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} differs from the skill this version of AIsa Images ships. Replace it?', file),
      { modal: true, detail: vscode.l10n.t('{0} leaves your file exactly as it is.', keep) },
      replace,
      keep,
    )) === replace
  );
}

async function report(deps: Deps, ws: string, result: AgentSetupResult): Promise<void> {
  const names = result.written.map((f) => path.relative(ws, f).split(path.sep).join('/'));
  if (names.length) {
    const open = vscode.l10n.t('Open');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Wrote {0}. The MCP server reads your key from AISA_API_KEY: set it in the environment that starts Claude Code or Cursor (it is in no file).',
        names.join(', '),
      ),
      ...(names[0] ? [open] : []),
    );
    if (choice === open && result.written[0]) await vscode.window.showTextDocument(vscode.Uri.file(result.written[0]));
  }
  for (const s of result.skipped) void vscode.window.showWarningMessage(s);
  if (!names.length && !result.skipped.length) deps.log.info('set up for other agents: nothing to write');
}

export function registerAgentSetup(deps: Deps): vscode.Disposable {
  return vscode.commands.registerCommand('aisaImages.setUpAgents', (arg?: unknown) => run(deps, parseRequest(arg)));
}
