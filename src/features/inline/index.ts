import * as vscode from 'vscode';
import { QUICK_FIX_LANGUAGES } from '../../core/imageRefs';
import { combine } from '../../dispose';
import type { Deps } from '../deps';
import { generateFromSelection } from './fromSelection';
import { generateHere } from './here';
import { COMMAND as MISSING_IMAGE, generateMissingImage, MissingImageActions } from './missingImage';

/** Generating while coding: from a selection, into an Explorer folder, and for a missing image. */
export function registerInline(deps: Deps): vscode.Disposable {
  return combine(
    vscode.commands.registerCommand('aisaImages.generateFromSelection', (args?: unknown) =>
      generateFromSelection(deps, args),
    ),
    vscode.commands.registerCommand('aisaImages.generateHere', (folder?: unknown, second?: unknown) =>
      generateHere(deps, folder, second),
    ),
    vscode.commands.registerCommand(MISSING_IMAGE, (args?: unknown, marker?: unknown) =>
      generateMissingImage(deps, args, marker),
    ),
    vscode.languages.registerCodeActionsProvider(
      QUICK_FIX_LANGUAGES.map((language) => ({ language })),
      new MissingImageActions(),
      { providedCodeActionKinds: MissingImageActions.kinds },
    ),
  );
}
