import * as vscode from 'vscode';
import { combine } from '../../dispose';
import { AisaError } from '../../core/errors';
import type { Deps } from '../deps';
import { basename, exists } from '../paths';
import { savedMessage, showImage } from '../pipeline/afterSave';
import { nothingToActOn, scriptedArgs } from '../pipeline/invocation';
import { runPipeline } from '../pipeline/pipeline';
import { exactFileTarget } from '../workspaceTarget';
import { imageInSelection } from './selectionImage';

export const EDIT_COMMAND = 'aisaImages.editImage';
/** The extensions the Explorer menu offers the command on (package.json's `when` says the same). */
export const EDITABLE = /\.(png|jpe?g|webp)$/i;

/** Scripted use (tests, keybindings): the image (a workspace file's URI or path) and what each step would ask. */
export interface EditArgs {
  readonly image: string;
  readonly prompt?: string;
  readonly model?: string;
  readonly size?: string;
}

export interface EditResult {
  readonly files: string[];
  readonly unsaved: number;
}

/** `fox.png` -> `fox-edit-1.png` beside it, or the next number not taken: the original is never overwritten. */
export async function editedName(original: vscode.Uri): Promise<vscode.Uri> {
  const stem = basename(original).replace(/\.[^.]+$/, '');
  for (let i = 1; i < 10_000; i++) {
    const candidate = vscode.Uri.joinPath(original, '..', `${stem}-edit-${i}.png`);
    if (!(await exists(candidate))) return candidate;
  }
  throw new AisaError(
    'input',
    vscode.l10n.t(
      'Every name from {0} to {1} is taken beside {2}.',
      `${stem}-edit-1.png`,
      `${stem}-edit-9999.png`,
      basename(original),
    ),
  );
}

function uriOf(image: string): vscode.Uri {
  if (/^[a-z][a-z0-9+.-]+:/i.test(image) && !/^[a-z]:[\\/]/i.test(image)) return vscode.Uri.parse(image);
  if (image.startsWith('/') || /^[a-z]:[\\/]/i.test(image)) return vscode.Uri.file(image);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder)
    throw new AisaError('input', vscode.l10n.t('No folder is open: open the workspace that holds the image first.'));
  return vscode.Uri.joinPath(folder.uri, image);
}

/** The image shown in the active image preview (the editor-title action may be run from the palette). */
function previewedImage(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && EDITABLE.test(input.uri.path) ? input.uri : undefined;
}

/**
 * Edit Image with AIsa…: the instruction, then the model (only those that take images), then
 * the one pipeline, which saves the result beside the original as `<name>-edit-N.png`.
 */
export function editImageFlow(deps: Deps, raw?: unknown): Promise<EditResult | undefined> {
  const args = scriptedArgs<EditArgs>(raw);
  const image = args ? uriOf(String(args.image ?? '')) : raw instanceof vscode.Uri ? raw : previewedImage();
  return runPipeline(deps, {
    caller: args ? 'script' : 'person',
    target: async () => {
      if (!image)
        return nothingToActOn(
          !!args,
          vscode.l10n.t(
            'Choose an image to edit: right-click a PNG, JPEG or WebP file in the Explorer, or open it and use the editor title action.',
          ),
        );
      if (!(await exists(image)))
        throw new AisaError(
          'input',
          vscode.l10n.t('{0} does not exist: choose an image file in the workspace.', basename(image)),
        );
      return exactFileTarget(await editedName(image));
    },
    source: {
      ask: {
        title: vscode.l10n.t('Edit Image with AIsa'),
        initialPrompt: '',
        promptHint: image
          ? vscode.l10n.t(
              'What should change in {0}? e.g. "the same scene at night" · the result is saved beside it',
              basename(image),
            )
          : vscode.l10n.t(
              'What should change in the image? e.g. "the same scene at night" · the result is saved beside it',
            ),
        maxCount: 1,
        args: args
          ? {
              ...(args.prompt === undefined ? {} : { prompt: args.prompt }),
              ...(args.size === undefined ? {} : { size: args.size }),
            }
          : undefined,
        model: args?.model,
      },
    },
    references: image ? [image] : [],
    deliver: ({ outcome, uris }) => {
      const first = uris[0];
      if (!args && first) {
        showImage(first);
        void vscode.window.showInformationMessage(savedMessage(outcome, uris));
      }
      return { files: uris.map((u) => u.fsPath), unsaved: outcome.unsaved.length };
    },
  });
}

/** "Edit this image" for a selection that is an image reference; undefined when the selection is not one. */
export async function offerEditOfSelection(deps: Deps): Promise<{ edited: EditResult | undefined } | undefined> {
  const editor = vscode.window.activeTextEditor;
  const image = editor ? await imageInSelection(editor) : undefined;
  if (!image) return undefined;
  const choice = await vscode.window.showQuickPick(
    [
      { label: `$(edit) ${vscode.l10n.t('Edit this image')}`, description: basename(image), edit: true },
      {
        label: `$(sparkle) ${vscode.l10n.t('New image from this text')}`,
        description: vscode.l10n.t('the selection becomes the prompt'),
        edit: false,
      },
    ],
    {
      title: vscode.l10n.t('Generate Image from Selection'),
      placeHolder: vscode.l10n.t('The selection is an image reference'),
      ignoreFocusOut: true,
    },
  );
  if (!choice) return { edited: undefined };
  if (!choice.edit) return undefined;
  return { edited: await editImageFlow(deps, image) };
}

export function registerEditImage(deps: Deps): vscode.Disposable {
  return combine(vscode.commands.registerCommand(EDIT_COMMAND, (arg?: unknown) => editImageFlow(deps, arg)));
}
