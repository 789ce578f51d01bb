import * as vscode from 'vscode';
import type { Deps } from './deps';

/** `contributes.walkthroughs[].id` in package.json. */
export const WALKTHROUGH_ID = 'getStarted';
/** globalState key: set once the walkthrough has been opened, so it never opens again by itself. */
export const WALKTHROUGH_SHOWN_KEY = 'aisaImages.walkthroughShown';

/**
 * Opens the walkthrough the first time it is called for this `state` (globalState: once per user,
 * not per workspace), and never again; says whether it opened it. The flag is written before the
 * editor opens, so two windows activating together do not both open it.
 */
export async function openWalkthroughOnce(
  state: vscode.Memento,
  extensionId: string,
  open: (id: string) => Thenable<unknown> = openWalkthrough,
): Promise<boolean> {
  if (state.get<boolean>(WALKTHROUGH_SHOWN_KEY)) return false;
  await state.update(WALKTHROUGH_SHOWN_KEY, true);
  await open(`${extensionId}#${WALKTHROUGH_ID}`);
  return true;
}

function openWalkthrough(id: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', id, false);
}

/**
 * First run: the walkthrough opens once after install, not on every start. Someone who turned
 * off VS Code's own "open walkthroughs on install" gets none (test hosts turn it off too).
 */
export function registerWalkthrough(deps: Pick<Deps, 'context' | 'log'>): vscode.Disposable {
  const { context, log } = deps;
  const wanted = vscode.workspace
    .getConfiguration('workbench.welcomePage')
    .get<boolean>('walkthroughs.openOnInstall', true);
  if (wanted && !context.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY)) {
    // Not awaited: activation does not wait for an editor to open, and a failure only goes to the log.
    openWalkthroughOnce(context.globalState, context.extension.id).then(
      (opened) => {
        if (opened) log.info('opened the "Get started with AIsa Images" walkthrough (first run)');
      },
      (e: unknown) => log.warn(`could not open the walkthrough: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
  return new vscode.Disposable(() => {});
}
