import * as vscode from 'vscode';
import { AisaError, describeError } from '../core/errors';
import { localImagePath, resolveRelative } from '../core/imageRefs';
import { describeSize } from '../core/modelSizes';
import { fileOf, summarizeForAgent } from '../core/agentSummary';
import { plannedRequest } from '../core/delivery';
import { describePrice, estimateCostUsd, formatUsd } from '../core/models';
import { parseToolInput, resolveReferencePath, type ToolInput, type ToolRequest } from '../core/toolInput';
import type { Deps } from './deps';
import { loadEngine } from './engine';
import { referenceFor } from './insertReference';
import { relPath } from './paths';
import { runPipeline, type Generated } from './pipeline/pipeline';
import { readOutputSettings, readSettings } from './settings';
import { exactFileTarget, resolveOutputDir, type GenerationTarget } from './workspaceTarget';

export const TOOL_NAME = 'aisa_generateImage';

/** A preview larger than this is named, not sent: it would flood the model's context. */
const MAX_INLINE_IMAGE_BYTES = 256 * 1024;

const noFolder = (): AisaError =>
  new AisaError(
    'input',
    'No folder is open in VS Code: open the project folder first, so the image has somewhere to be saved.',
  );

/** The folder an agent's images go to: the one of the file being edited, else the first. Never a picker: nobody may be watching. */
function folderFor(deps: Deps): vscode.WorkspaceFolder {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const editing = deps.editors.editor?.document.uri;
  const folder = (editing && vscode.workspace.getWorkspaceFolder(editing)) ?? folders[0];
  if (!folder) throw noFolder();
  return folder;
}

/** `path` relative to the workspace (`public/hero.png`; with several folders, `name/public/hero.png` picks one). */
function fileFor(deps: Deps, path: string): vscode.Uri {
  const local = localImagePath(path);
  if (!local.ok)
    throw new AisaError(
      'input',
      `"path" ${path} must be a relative path to an image file inside the workspace, such as public/hero.png.`,
    );
  const folders = vscode.workspace.workspaceFolders ?? [];
  const [head, ...rest] = local.path.split('/');
  const named = folders.length > 1 ? folders.find((f) => f.name === head) : undefined;
  const folder = named ?? folderFor(deps);
  const resolved = resolveRelative(`${folder.uri.path.replace(/\/$/, '')}/_`, named ? rest.join('/') : local.path);
  if (resolved === undefined)
    throw new AisaError('input', `"path" ${path} leads outside the workspace: images are only saved inside it.`);
  return folder.uri.with({ path: resolved });
}

/** A `references` entry as a file inside the workspace (with several folders, `name/...` picks one); outside is refused. */
function referenceUri(deps: Deps, path: string): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const [head, ...rest] = path.replace(/\\/g, '/').split('/');
  const named = folders.length > 1 ? folders.find((f) => f.name === head) : undefined;
  const folder = named ?? folderFor(deps);
  return folder.uri.with({ path: resolveReferencePath(folder.uri.path, named ? rest.join('/') : path) });
}

async function targetFor(deps: Deps, tool: ToolRequest): Promise<GenerationTarget> {
  if (tool.path) return exactFileTarget(fileFor(deps, tool.path));
  const folder = folderFor(deps);
  return { folder, outDir: await resolveOutputDir(folder) };
}

/** The input as checked by the core, with the user's model setting as the default. */
function checked(deps: Deps, input: unknown): ToolRequest {
  const folder = (vscode.workspace.workspaceFolders ?? []).length ? folderFor(deps) : undefined;
  return parseToolInput(input, readSettings(folder?.uri).model);
}

/**
 * What the agent reads back (the same text as the MCP server's): where each file is, its size,
 * cost and request id, ready references, and one from the file being edited.
 */
function resultText(deps: Deps, tool: ToolRequest, done: Generated): string {
  const { outcome } = done;
  const files = outcome.saved.map((s) => {
    const uri = vscode.Uri.parse(s.path);
    return fileOf(vscode.workspace.asRelativePath(uri, false), uri.toString(), s, tool.alt);
  });
  const editing = deps.editors.target()?.document;
  const notSaved = outcome.unsaved.map(
    (u) =>
      `image ${u.index + 1} was generated (and billed) but not saved (${u.error.message}); it is kept: the user can run "AIsa: Retry Saving Pending Images".`,
  );
  return summarizeForAgent(outcome, files, tool.path, notSaved, (f) =>
    editing ? [`  From ${relPath(editing.uri)}: ${referenceFor(editing, vscode.Uri.parse(f.uri), tool.alt)}`] : [],
  );
}

/** A small rendition (at most 512 px) of the first image, for the model to look at; never the full file. */
async function inlineImage(deps: Deps, done: Generated): Promise<vscode.LanguageModelDataPart | undefined> {
  const first = done.outcome.saved[0];
  if (!first) return undefined;
  try {
    const { thumbnail } = await loadEngine();
    const small = await thumbnail(await vscode.workspace.fs.readFile(vscode.Uri.parse(first.path)));
    return small.bytes.length <= MAX_INLINE_IMAGE_BYTES
      ? vscode.LanguageModelDataPart.image(small.bytes, small.mime)
      : undefined;
  } catch (e) {
    // The files are saved; a preview that cannot be made only leaves the text.
    deps.log.warn(`agent tool: no preview for ${first.path}: ${describeError(e)}`);
    return undefined;
  }
}

class GenerateImageTool implements vscode.LanguageModelTool<ToolInput> {
  constructor(private readonly deps: Deps) {}

  /** The user sees model, count, size and price before anything is spent; bad input fails here, with nothing sent. */
  prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<ToolInput>,
  ): vscode.PreparedToolInvocation {
    const tool = checked(this.deps, options.input);
    const folder = (vscode.workspace.workspaceFolders ?? []).length ? folderFor(this.deps) : undefined;
    const format = tool.format ?? readOutputSettings(folder?.uri).format;
    const { request, note } = plannedRequest(tool.request, { format, quality: undefined, size: tool.deliver });
    const model = request.modelInfo;
    const n = request.n;
    const sizeText = describeSize(model.family, request.size);
    // What the person confirms is in their language; the result the model reads stays English.
    const price = model.pricePerImageUsd === undefined ? undefined : formatUsd(estimateCostUsd(model, n));
    const lines = [
      n === 1
        ? vscode.l10n.t('Generate 1 image with {0} ({1}).', model.label, model.id)
        : vscode.l10n.t('Generate {0} images with {1} ({2}).', n, model.label, model.id),
      ...(tool.path ? [vscode.l10n.t('It will be saved as {0}.', tool.path)] : []),
      ...(tool.references.length ? [vscode.l10n.t('Reference images: {0}.', tool.references.join(', '))] : []),
      price === undefined
        ? vscode.l10n.t('The price is not published by AIsa ({0}).', describePrice(model))
        : vscode.l10n.t('Estimated cost: {0}.', price),
      note ?? (sizeText ? vscode.l10n.t('Size: {0}.', sizeText) : vscode.l10n.t("Size: the provider's own.")),
    ];
    const message = new vscode.MarkdownString();
    message.appendText(`${lines.join(' ')}\n\n${vscode.l10n.t('Prompt: {0}', request.prompt.slice(0, 500))}`);
    return {
      invocationMessage:
        n === 1
          ? vscode.l10n.t('Generating 1 image with {0}', model.label)
          : vscode.l10n.t('Generating {0} images with {1}', n, model.label),
      confirmationMessages: {
        title:
          price === undefined
            ? vscode.l10n.t('Generate an image with AIsa (price not published)?')
            : vscode.l10n.t('Generate an image with AIsa (estimated cost {0})?', price),
        message,
      },
    };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<ToolInput>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    if (token.isCancellationRequested) controller.abort();
    try {
      const tool = checked(this.deps, options.input);
      const references = tool.references.map((p) => referenceUri(this.deps, p));
      const done = await runPipeline(this.deps, {
        caller: 'agent',
        target: () => targetFor(this.deps, tool),
        source: { given: tool.request },
        delivery: { format: tool.format, size: tool.deliver },
        references,
        signal: controller.signal,
        deliver: (d) => d,
      });
      if (!done) throw new AisaError('cancelled', 'Cancelled.');
      const parts: Array<vscode.LanguageModelTextPart | vscode.LanguageModelDataPart> = [
        new vscode.LanguageModelTextPart(resultText(this.deps, tool, done)),
      ];
      const image = await inlineImage(this.deps, done);
      if (image) parts.push(image);
      return new vscode.LanguageModelToolResult(parts);
    } catch (e) {
      // The model reads the message: one sentence it can act on.
      throw new Error(
        e instanceof AisaError && e.kind === 'cancelled'
          ? 'The generation was cancelled; nothing partial was written (if the API had already answered, the images are kept for Retry Saving).'
          : describeError(e),
      );
    } finally {
      sub.dispose();
    }
  }
}

/** The image tool of VS Code's agent: `#generateImage`, the same pipeline as every other entry point. */
export function registerAgentTool(deps: Deps): vscode.Disposable {
  return vscode.lm.registerTool(TOOL_NAME, new GenerateImageTool(deps));
}
