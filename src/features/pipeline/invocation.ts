import * as vscode from 'vscode';
import { AisaError } from '../../core/errors';
import type { RequestArgs } from '../ask';

/**
 * Passed by the extension's own UI (the quick fix) after its arguments, so a person's click is
 * never taken for a script.
 */
export const FROM_UI = 'aisaImages.fromUi';

/**
 * The one rule for every command: a plain object of arguments makes a scripted run (tests,
 * keybindings with `args`, other extensions), which asks nothing and throws its errors back.
 * The UI invokes commands with nothing, a Uri (Explorer and editor menus), a list of Uris, or
 * arguments followed by FROM_UI.
 */
export function scriptedArgs<T extends object = RequestArgs>(raw: unknown, marker?: unknown): T | undefined {
  if (marker === FROM_UI || !raw || typeof raw !== 'object' || Array.isArray(raw) || raw instanceof vscode.Uri)
    return undefined;
  return raw as T;
}

/**
 * A command invoked with nothing to act on (no selection, no folder, no image): a script gets
 * the sentence as an error, a person the same sentence as a hint, and nothing happens.
 */
export function nothingToActOn(scripted: boolean, message: string): undefined {
  if (scripted) throw new AisaError('input', message);
  void vscode.window.showInformationMessage(message);
  return undefined;
}
