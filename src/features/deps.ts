import type * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKey';
import type { EditorTracker } from './editorTracker';
import type { GenerationService } from './generationService';

/** What features share; each `registerX(deps)` takes this and returns one Disposable. */
export interface Deps {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly apiKey: ApiKeyStore;
  readonly service: GenerationService;
  /** The one record of the last text editor, where references go. */
  readonly editors: EditorTracker;
}
