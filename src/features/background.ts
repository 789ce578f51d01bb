import type * as vscode from 'vscode';
import { describeError } from '../core/errors';

/**
 * Work nobody waits for (what a person does with a notification, a panel refresh): its failure
 * goes to the log, never an unhandled rejection in the extension host all extensions share.
 */
export function inBackground(log: Pick<vscode.LogOutputChannel, 'error'>, what: string, work: Thenable<unknown>): void {
  Promise.resolve(work).catch((e: unknown) => log.error(`${what} failed: ${describeError(e)}`));
}
