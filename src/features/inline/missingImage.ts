import * as vscode from 'vscode';
import { AisaError, isAisaError } from '../../core/errors';
import { findImageRefs, localImagePath, promptForRef, resolveRelative, styleForDocument, type ImageRef } from '../../core/imageRefs';
import type { SavedImage } from '../../core/generate';
import { describePrice, formatUsd, requireModel } from '../../core/models';
import { validateRequest } from '../../core/request';
import { EXACT_EXISTS, EXACT_TYPE_MISMATCH, exactNameProblem, extensionOf, moveExact } from '../../core/saveExact';
import type { Deps } from '../deps';
import { readSettings } from '../settings';
import { vscodeFileSystem } from '../vscodeFs';
import { askRequest } from './ask';
import { guarded, runWithProgress, warnUnsaved } from './run';
import { exists, workspaceFolderFor } from './workspacePaths';

export const COMMAND = 'aisaImages.generateMissingImage';
const TITLE = 'Generate this image';

/** What the quick fix passes to the command; a `prompt` (even '', for the suggested one) makes it a scripted run. */
export interface MissingImageArgs {
  /** The document holding the reference. */
  uri: string;
  /** The referenced path, decoded, relative to the document. */
  path: string;
  alt?: string;
  prompt?: string;
  size?: string;
}

export interface MissingImageResult {
  /** Where the image was saved. */
  readonly file: string;
  /** True when that is exactly the referenced path; else `reason` says why not. */
  readonly exact: boolean;
  readonly reason?: string;
}

const EXTENSION_BY_MIME: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

const rel = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);

/** The file a reference in `document` points at, or why it cannot be created there. */
function targetOf(documentUri: vscode.Uri, path: string): vscode.Uri {
  const local = localImagePath(path);
  if (!local.ok) throw new AisaError('input', `"${path}" is not a relative path to an image file, so there is nothing to generate: only paths relative to the document are filled in.`);
  const resolved = resolveRelative(documentUri.path, local.path);
  if (resolved === undefined) throw new AisaError('input', `"${path}" leads outside the workspace: images are only saved inside a workspace folder.`);
  return documentUri.with({ path: resolved, query: '', fragment: '' });
}

// --- the quick fix ------------------------------------------------------------------------

const parsed = new WeakMap<vscode.TextDocument, { version: number; refs: ImageRef[] }>();

function refsOf(document: vscode.TextDocument): ImageRef[] {
  const cached = parsed.get(document);
  if (cached?.version === document.version) return cached.refs;
  const refs = findImageRefs(document.getText(), styleForDocument(document.languageId, document.uri.path));
  parsed.set(document, { version: document.version, refs });
  return refs;
}

export class MissingImageActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    if (document.uri.scheme === 'untitled' || styleForDocument(document.languageId, document.uri.path) === 'plain') return [];
    const from = document.offsetAt(range.start);
    const to = document.offsetAt(range.end);
    const hits = refsOf(document).filter((r) => r.start <= to && r.end >= from);
    const actions: vscode.CodeAction[] = [];
    for (const ref of hits) {
      const action = await this.actionFor(document, ref);
      if (action) actions.push(action);
    }
    return actions;
  }

  private async actionFor(document: vscode.TextDocument, ref: ImageRef): Promise<vscode.CodeAction | undefined> {
    if (!localImagePath(ref.path).ok) return undefined;
    const action = new vscode.CodeAction(TITLE, vscode.CodeActionKind.QuickFix);
    try {
      const target = targetOf(document.uri, ref.path);
      await workspaceFolderFor(target, 'The image');
      if (await exists(target)) return undefined;
      const problem = exactNameProblem(target.path.split('/').pop() ?? '');
      if (problem) action.disabled = { reason: problem };
    } catch (e) {
      // Offered, but greyed out with the reason, so Ctrl+. says why instead of staying silent.
      action.disabled = { reason: e instanceof Error ? e.message : String(e) };
    }
    const args: MissingImageArgs = { uri: document.uri.toString(), path: ref.path, ...(ref.alt ? { alt: ref.alt } : {}) };
    action.command = { command: COMMAND, title: TITLE, arguments: [args] };
    return action;
  }
}

// --- the command --------------------------------------------------------------------------

function parseArgs(a: unknown): MissingImageArgs {
  const o = (a && typeof a === 'object' ? a : {}) as Record<string, unknown>;
  if (typeof o['uri'] !== 'string' || typeof o['path'] !== 'string') {
    throw new AisaError('input', 'Generate this image is offered as a quick fix on an image reference whose file is missing: put the cursor on one and press Ctrl+. (Cmd+. on macOS).');
  }
  const str = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const alt = str('alt');
  const prompt = str('prompt');
  const size = str('size');
  return { uri: o['uri'], path: o['path'], ...(alt !== undefined ? { alt } : {}), ...(prompt !== undefined ? { prompt } : {}), ...(size !== undefined ? { size } : {}) };
}

/**
 * Generates the image a reference points at and saves it at exactly that path. Everything that
 * can be judged first (the path inside the workspace, a PNG/JPEG/WebP name, no file there yet)
 * is judged before anything is spent.
 */
export function generateMissingImage(deps: Deps, rawArgs: unknown): Promise<MissingImageResult | undefined> {
  const scripted = !!rawArgs && typeof (rawArgs as { prompt?: unknown }).prompt === 'string';
  return guarded(deps, scripted, async () => {
    const args = parseArgs(rawArgs);
    const documentUri = vscode.Uri.parse(args.uri);
    const target = targetOf(documentUri, args.path);
    const folder = await workspaceFolderFor(target, 'The image');
    const name = target.path.split('/').pop() ?? '';
    const problem = exactNameProblem(name);
    if (problem) throw new AisaError('input', problem);
    if (await exists(target)) throw new AisaError('input', `${rel(target)} already exists: there is nothing to generate, and it is never overwritten.`);
    const dir = vscode.Uri.joinPath(target, '..');
    if (!scripted && !(await deps.apiKey.ensure())) return undefined;

    const settings = readSettings(folder.uri);
    const model = requireModel(settings.model);
    const ext = extensionOf(name);
    const caveat = ext === 'png' ? '' : ` If the API returns another type than .${ext}, it is saved beside it under its real extension (nothing is converted).`;
    const asked = await askRequest({
      model,
      defaultSize: settings.defaultSize,
      title: `${TITLE}: ${rel(target)}`,
      initialPrompt: promptForRef({ alt: args.alt, path: args.path }),
      promptHint: `Describe the image to save as ${rel(target)} · ${model.label}, ${describePrice(model)}.${caveat}`,
      // A script's empty prompt takes the suggested one (the alt text or the file name).
      args: scripted ? { ...(args.prompt?.trim() ? { prompt: args.prompt } : {}), ...(args.size !== undefined ? { size: args.size } : {}) } : undefined,
      maxCount: 1,
    });
    if (!asked) return undefined;
    const request = validateRequest({ ...asked, n: 1, model: model.id });
    // Generated into the target's folder under a fresh name, then published under the exact one.
    const outcome = await runWithProgress(deps, request, { folder, outDir: dir }, scripted);
    if (!outcome) return undefined;
    warnUnsaved(deps, outcome);
    const saved = outcome.saved[0];
    if (!saved) {
      if (scripted) throw outcome.unsaved[0]?.error ?? new AisaError('save', 'The image could not be saved.');
      return undefined;
    }
    const result = await publish(saved, dir, name);
    if (!scripted) void report(result, target, documentUri, args.path, formatUsd(outcome.costUsd));
    return result;
  });
}

/**
 * Moves the freshly saved image to `dir/name` (the fresh file is in `dir` already, so this is a
 * rename). When its type does not match the name, it goes to the same name with its real
 * extension instead, or stays under its generated name if that is taken too.
 */
async function publish(saved: SavedImage, dir: vscode.Uri, name: string): Promise<MissingImageResult> {
  const fresh = vscode.Uri.parse(saved.path);
  // One rename, never a second copy: the fresh file becomes the referenced one.
  const tryName = async (n: string): Promise<vscode.Uri> => vscode.Uri.parse(await moveExact(vscodeFileSystem, saved.path, dir.toString(), n, saved.mime));
  try {
    return { file: (await tryName(name)).fsPath, exact: true };
  } catch (e) {
    if (!isAisaError(e, 'save') || (e.code !== EXACT_TYPE_MISMATCH && e.code !== EXACT_EXISTS)) throw e;
    const realExt = EXTENSION_BY_MIME[saved.mime];
    if (e.code === EXACT_TYPE_MISMATCH && realExt) {
      const alternative = `${name.replace(/\.[^.]+$/, '')}.${realExt}`;
      try {
        const p = await tryName(alternative);
        return { file: p.fsPath, exact: false, reason: `${e.message} Saved as ${rel(p)} instead.` };
      } catch {
        // taken too: the image stays under its generated name
      }
    }
    return { file: fresh.fsPath, exact: false, reason: `${e.message} The new image is saved as ${rel(fresh)}.` };
  }
}

/** Success, or why the image is not at the referenced path, with the button that points the reference at it. */
async function report(result: MissingImageResult, target: vscode.Uri, documentUri: vscode.Uri, path: string, cost: string): Promise<void> {
  const file = vscode.Uri.file(result.file);
  if (result.exact) {
    void vscode.commands.executeCommand('vscode.open', file, { preview: true, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
    void vscode.window.showInformationMessage(`Generated ${rel(target)} (${cost}).`);
    return;
  }
  const choice = await vscode.window.showWarningMessage(result.reason ?? '', 'Update Reference', 'Reveal in Explorer');
  if (choice === 'Update Reference') await retarget(documentUri, path, file.path.split('/').pop() ?? '');
  else if (choice === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', file);
}

/** Points every reference to `path` in the document at `newName` in the same folder, as one edit. */
async function retarget(documentUri: vscode.Uri, path: string, newName: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(documentUri);
  const edit = new vscode.WorkspaceEdit();
  for (const ref of refsOf(document).filter((r) => r.path === path)) {
    const raw = ref.rawPath;
    const suffix = /[?#].*$/.exec(raw)?.[0] ?? '';
    const stem = raw.slice(0, raw.length - suffix.length);
    const slash = Math.max(stem.lastIndexOf('/'), stem.lastIndexOf('\\'));
    const replacement = `${stem.slice(0, slash + 1)}${newName}${suffix}`;
    edit.replace(documentUri, new vscode.Range(document.positionAt(ref.pathStart), document.positionAt(ref.pathEnd)), replacement);
  }
  await vscode.workspace.applyEdit(edit);
}
