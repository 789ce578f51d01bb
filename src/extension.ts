import * as vscode from 'vscode';
import { registerAgentSetup } from './features/agentSetup';
import { registerAgentTool } from './features/agentTool';
import { ApiKeyStore } from './features/apiKey';
import { registerApiKeyCommands } from './features/apiKeyCommands';
import type { Deps } from './features/deps';
import { EditorTracker } from './features/editorTracker';
import { registerGenerateCommand } from './features/generateCommand';
import { GenerationService } from './features/generationService';
import { registerPanel } from './features/panel/panel';
import { registerInline } from './features/inline';
import { registerPending } from './features/pending';
import { registerEditImage } from './features/references/editImage';
import { registerWalkthrough } from './features/walkthrough';
import { useTranslations } from './core/l10n';

export function activate(context: vscode.ExtensionContext): void {
  // Before anything can say a sentence: the core's messages (shared with the English-only CLI).
  useTranslations(vscode.l10n.bundle);
  const log = vscode.window.createOutputChannel('AIsa Images', { log: true });
  const apiKey = new ApiKeyStore(context.secrets);
  const service = new GenerationService(log, apiKey, context.globalStorageUri);
  const editors = new EditorTracker();
  const deps: Deps = { context, log, apiKey, service, editors };
  context.subscriptions.push(log, service, editors);
  context.subscriptions.push(
    registerInline(deps),
    registerApiKeyCommands(deps),
    registerGenerateCommand(deps),
    registerPending(deps),
    registerPanel(deps),
    registerAgentTool(deps),
    registerAgentSetup(deps),
    registerEditImage(deps),
  );
  context.subscriptions.push(registerWalkthrough(deps));
}

export function deactivate(): void {}
