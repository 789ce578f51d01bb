import * as vscode from 'vscode';
import { AisaError } from '../../core/errors';
import {
  findImageRefs,
  findImageRefsNear,
  localImagePath,
  promptForRef,
  resolveRelative,
  styleForDocument,
  type ImageRef,
} from '../../core/imageRefs';
import type { SavedImage } from '../../core/generate';
import { describePrice, formatUsd } from '../../core/models';
import { exactNameProblem } from '../../core/saveExact';
import { dimensionsFromContext } from '../../core/refDimensions';
import type { Deps } from '../deps';
import { inBackground } from '../background';
import { basename, exists, relPath } from '../paths';
import { FROM_UI, scriptedArgs } from '../pipeline/invocation';
import { runPipeline } from '../pipeline/pipeline';
import { exactFileTarget } from '../workspaceTarget';
import { workspaceFolderFor } from './workspacePaths';

export const COMMAND = 'aisaImages.generateMissingImage';
/** The quick fix's title (the walkthrough names it too). */
const title = (): string => vscode.l10n.t('Generate this image');

/** What the quick fix passes to the command; a `prompt` (even '', for the suggested one) makes it a scripted run. */
export interface MissingImageArgs {
  /** The document holding the reference. */
  uri: string;
  /** The referenced path, decoded, relative to the document. */
  path: string;
  alt?: string;
  prompt?: string;
  size?: string;
  /** The size the document gives the image (its width and height attributes): delivered exactly. */
  width?: number;
  height?: number;
}

export interface MissingImageResult {
  /** Where the image was saved. */
  readonly file: string;
  /** True when that is exactly the referenced path; else `reason` says why not. */
  readonly exact: boolean;
  readonly reason?: string;
}

/** The file a reference in `document` points at, or why it cannot be created there. */
function targetOf(documentUri: vscode.Uri, path: string): vscode.Uri {
  const local = localImagePath(path);
  if (!local.ok)
    throw new AisaError(
      'input',
      vscode.l10n.t(
        '"{0}" is not a relative path to an image file, so there is nothing to generate: only paths relative to the document are filled in.',
        path,
      ),
    );
  const resolved = resolveRelative(documentUri.path, local.path);
  if (resolved === undefined)
    throw new AisaError(
      'input',
      vscode.l10n.t('"{0}" leads outside the workspace: images are only saved inside a workspace folder.', path),
    );
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

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
  ): Promise<vscode.CodeAction[]> {
    if (document.uri.scheme === 'untitled' || styleForDocument(document.languageId, document.uri.path) === 'plain')
      return [];
    const from = document.offsetAt(range.start);
    const to = document.offsetAt(range.end);
    // Only the lines around the range are scanned, within a budget: never the whole document on each request.
    const text = document.getText();
    const hits = findImageRefsNear(text, styleForDocument(document.languageId, document.uri.path), from, to);
    const actions: vscode.CodeAction[] = [];
    for (const ref of hits) {
      const action = await this.actionFor(document, text, ref);
      if (action) actions.push(action);
    }
    return actions;
  }

  private async actionFor(
    document: vscode.TextDocument,
    text: string,
    ref: ImageRef,
  ): Promise<vscode.CodeAction | undefined> {
    if (!localImagePath(ref.path).ok) return undefined;
    const action = new vscode.CodeAction(title(), vscode.CodeActionKind.QuickFix);
    try {
      const target = targetOf(document.uri, ref.path);
      await workspaceFolderFor(target, 'image');
      if (await exists(target)) return undefined;
      const problem = exactNameProblem(basename(target), true);
      if (problem) action.disabled = { reason: problem };
    } catch (e) {
      // Offered, but greyed out with the reason, so Ctrl+. says why instead of staying silent.
      action.disabled = { reason: e instanceof Error ? e.message : String(e) };
    }
    // The size the document gives the image (width/height attributes), delivered exactly.
    const size = dimensionsFromContext(text, ref);
    const args: MissingImageArgs = {
      uri: document.uri.toString(),
      path: ref.path,
      ...(ref.alt ? { alt: ref.alt } : {}),
      ...(size ? { width: size.width, height: size.height } : {}),
    };
    action.command = { command: COMMAND, title: action.title, arguments: [args, FROM_UI] };
    return action;
  }
}

// --- the command --------------------------------------------------------------------------

function parseArgs(a: unknown): MissingImageArgs {
  const o = (a && typeof a === 'object' ? a : {}) as Record<string, unknown>;
  if (typeof o['uri'] !== 'string' || typeof o['path'] !== 'string') {
    throw new AisaError(
      'input',
      vscode.l10n.t(
        '{0} is offered as a quick fix on an image reference whose file is missing: put the cursor on one and press Ctrl+. (Cmd+. on macOS).',
        title(),
      ),
    );
  }
  const str = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const alt = str('alt');
  const prompt = str('prompt');
  const size = str('size');
  const side = (k: string): number | undefined =>
    typeof o[k] === 'number' && Number.isInteger(o[k]) && (o[k] as number) > 0 ? (o[k] as number) : undefined;
  const width = side('width');
  const height = side('height');
  return {
    uri: o['uri'],
    path: o['path'],
    ...(alt !== undefined ? { alt } : {}),
    ...(prompt !== undefined ? { prompt } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(width && height ? { width, height } : {}),
  };
}

/**
 * Generates the image a reference points at and saves it at exactly that path. Everything that
 * can be judged first (the path inside the workspace, a PNG/JPEG/WebP name, no file there yet)
 * is judged before anything is spent.
 */
export function generateMissingImage(
  deps: Deps,
  rawArgs: unknown,
  marker?: unknown,
): Promise<MissingImageResult | undefined> {
  const scripted = !!scriptedArgs(rawArgs, marker);
  let args: MissingImageArgs | undefined;
  let target: vscode.Uri | undefined;
  return runPipeline(deps, {
    caller: scripted ? 'script' : 'person',
    target: async () => {
      args = parseArgs(rawArgs);
      target = targetOf(vscode.Uri.parse(args.uri), args.path);
      return exactFileTarget(target);
    },
    delivery: () => (args?.width && args.height ? { size: { width: args.width, height: args.height } } : undefined),
    source: () => {
      const a = args as MissingImageArgs;
      const t = target as vscode.Uri;
      return {
        ask: {
          title: vscode.l10n.t('Generate this image: {0}', relPath(t)),
          initialPrompt: promptForRef({ alt: a.alt, path: a.path }),
          promptHint: (model) =>
            vscode.l10n.t(
              'Describe the image to save as {0} · {1}, {2}.',
              relPath(t),
              model.label,
              describePrice(model),
            ),
          // A script's empty prompt takes the suggested one (the alt text or the file name).
          args: scripted
            ? { ...(a.prompt?.trim() ? { prompt: a.prompt } : {}), ...(a.size !== undefined ? { size: a.size } : {}) }
            : undefined,
          maxCount: 1,
        },
      };
    },
    deliver: ({ outcome }) => {
      const saved = outcome.saved[0];
      if (!saved) {
        if (scripted)
          throw outcome.unsaved[0]?.error ?? new AisaError('save', vscode.l10n.t('The image could not be saved.'));
        return undefined;
      }
      const result = resultOf(saved);
      const a = args as MissingImageArgs;
      // The saved location as a URI: a virtual workspace's file has no file-system path to go back to.
      if (!scripted)
        inBackground(
          deps.log,
          "the quick fix's report",
          report(
            result,
            vscode.Uri.parse(saved.path),
            target as vscode.Uri,
            vscode.Uri.parse(a.uri),
            a.path,
            formatUsd(outcome.costUsd),
          ),
        );
      return result;
    },
  });
}

/** Where the service saved the image: at the referenced path, or beside it and why not there. */
function resultOf(saved: SavedImage): MissingImageResult {
  const file = vscode.Uri.parse(saved.path);
  const placement = saved.placement ?? { as: 'exact' };
  if (placement.as === 'exact') return { file: file.fsPath, exact: true };
  const where =
    placement.as === 'retyped'
      ? vscode.l10n.t('Saved as {0} instead.', relPath(file))
      : vscode.l10n.t('The new image is saved as {0}.', relPath(file));
  return { file: file.fsPath, exact: false, reason: `${placement.why.message} ${where}` };
}

/** Success, or why the image is not at the referenced path, with the button that points the reference at it. */
async function report(
  result: MissingImageResult,
  file: vscode.Uri,
  target: vscode.Uri,
  documentUri: vscode.Uri,
  path: string,
  cost: string,
): Promise<void> {
  if (result.exact) {
    void vscode.commands.executeCommand('vscode.open', file, {
      preview: true,
      preserveFocus: true,
      viewColumn: vscode.ViewColumn.Beside,
    });
    void vscode.window.showInformationMessage(vscode.l10n.t('Generated {0} ({1}).', relPath(target), cost));
    return;
  }
  const update = vscode.l10n.t('Update Reference');
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const choice = await vscode.window.showWarningMessage(result.reason ?? '', update, reveal);
  if (choice === update) await retarget(documentUri, path, basename(file));
  else if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', file);
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
    edit.replace(
      documentUri,
      new vscode.Range(document.positionAt(ref.pathStart), document.positionAt(ref.pathEnd)),
      replacement,
    );
  }
  await vscode.workspace.applyEdit(edit);
}
