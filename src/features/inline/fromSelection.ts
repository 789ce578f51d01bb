import * as vscode from 'vscode';
import { AisaError } from '../../core/errors';
import { MAX_PROMPT_LENGTH } from '../../core/request';
import type { Deps } from '../deps';
import { referenceFor, replaceRange } from '../insertReference';
import { relPath } from '../paths';
import { chooseImages, savedMessage, showImage } from '../pipeline/afterSave';
import { nothingToActOn, scriptedArgs } from '../pipeline/invocation';
import { runPipeline } from '../pipeline/pipeline';
import { offerEditOfSelection } from '../references/editImage';
import { pickTarget } from '../workspaceTarget';
import { TrackedRange } from './track';

export type SelectionReferenceMode = 'insertAfter' | 'replace';

export interface SelectionResult {
  readonly files: string[];
  readonly unsaved: number;
  /** The text written into the document, or undefined when nothing was. */
  readonly inserted: string | undefined;
}

export function selectionReferenceMode(scope: vscode.Uri): SelectionReferenceMode {
  return vscode.workspace.getConfiguration('aisaImages', scope).get<string>('selectionReference') === 'replace'
    ? 'replace'
    : 'insertAfter';
}

/** The selected text as a one-line prompt. */
const promptFrom = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, MAX_PROMPT_LENGTH);

/**
 * The edit that puts `refs` after (or instead of) `range`: on their own line(s) when the
 * selection ends its line or covers whole lines, else after a space on the same line.
 */
export function selectionEdit(
  document: vscode.TextDocument,
  range: vscode.Range,
  refs: readonly string[],
  mode: SelectionReferenceMode,
): { range: vscode.Range; text: string } {
  const wholeLines = range.end.character === 0 && range.end.line > range.start.line;
  const lastLine = document.lineAt(wholeLines ? range.end.line - 1 : range.end.line);
  const indent = /^[ \t]*/.exec(lastLine.text)?.[0] ?? '';
  const endLine = document.lineAt(range.end.line);
  const restBlank = !wholeLines && endLine.text.slice(range.end.character).trim() === '';
  const block = wholeLines || restBlank;
  const body = refs.join(block ? `\n${indent}` : ' ');
  if (mode === 'replace') {
    if (wholeLines) return { range, text: `${range.start.character === 0 ? indent : ''}${body}\n` };
    return { range, text: body };
  }
  if (wholeLines) return { range: new vscode.Range(range.end, range.end), text: `${indent}${body}\n` };
  if (restBlank) return { range: new vscode.Range(endLine.range.end, endLine.range.end), text: `\n${indent}${body}` };
  const before = range.end.character > 0 ? (endLine.text[range.end.character - 1] ?? '') : '';
  return { range: new vscode.Range(range.end, range.end), text: `${/\s/.test(before) ? '' : ' '}${body}` };
}

/** Writes the references for the generated images next to (or over) the selection, as it is now. */
async function insertForSelection(
  tracked: TrackedRange,
  images: readonly vscode.Uri[],
  alt: string,
  mode: SelectionReferenceMode,
  scripted: boolean,
): Promise<string | undefined> {
  const range = tracked.range;
  if (!range || tracked.document.isClosed) {
    const message = vscode.l10n.t(
      'The document was closed while the image was generated, so no reference was inserted: the image is saved; use Insert Reference from the notification or the panel.',
    );
    if (scripted) throw new AisaError('input', message);
    void vscode.window.showWarningMessage(message);
    return undefined;
  }
  const document = tracked.document;
  // Text edited during the generation is not replaced: the reference goes after it instead.
  const effective = mode === 'replace' && tracked.touched ? 'insertAfter' : mode;
  const edit = selectionEdit(
    document,
    range,
    images.map((u) => referenceFor(document, u, alt)),
    effective,
  );
  if (!(await replaceRange(document.uri, edit.range, edit.text)))
    throw new AisaError(
      'input',
      vscode.l10n.t('Could not edit {0}: the image is saved, but no reference was inserted.', relPath(document.uri)),
    );
  if (effective !== mode && !scripted)
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'The selected text changed while the image was generated, so the reference was inserted after it instead of replacing it.',
      ),
    );
  return edit.text;
}

export async function generateFromSelection(deps: Deps, raw: unknown): Promise<SelectionResult | undefined> {
  const args = scriptedArgs(raw);
  // A selection that is an image reference may mean "edit that image": the person says which.
  if (!args && (await offerEditOfSelection(deps))) return undefined;
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const tracked = editor && selected.trim() ? new TrackedRange(editor.document, editor.selection) : undefined;
  return runPipeline(deps, {
    caller: args ? 'script' : 'person',
    target: async () => {
      if (!editor || !tracked)
        return nothingToActOn(
          !!args,
          vscode.l10n.t(
            'Select the text that describes the image first: it becomes the prompt, and the image reference goes next to it.',
          ),
        );
      return pickTarget(editor.document.uri);
    },
    source: {
      ask: { title: vscode.l10n.t('Generate Image from Selection'), initialPrompt: promptFrom(selected), args },
    },
    deliver: async ({ outcome, request, uris }) => {
      if (!editor || !tracked) return undefined;
      const chosen = args ? uris : await chooseImages(uris);
      const inserted = chosen.length
        ? await insertForSelection(tracked, chosen, request.prompt, selectionReferenceMode(editor.document.uri), !!args)
        : undefined;
      const first = chosen[0] ?? uris[0];
      if (!args && first) {
        showImage(first);
        void vscode.window.showInformationMessage(savedMessage(outcome, uris, !!inserted));
      }
      return { files: uris.map((u) => u.fsPath), unsaved: outcome.unsaved.length, inserted };
    },
  }).finally(() => tracked?.dispose());
}
