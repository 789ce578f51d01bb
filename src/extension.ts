import * as vscode from 'vscode';
import { registerAgentSetup } from './features/agentSetup';
import { ApiKeyStore, registerApiKeyCommands } from './features/apiKey';
import type { Deps } from './features/deps';
import { registerGenerateCommand } from './features/generateCommand';
import { GenerationService } from './features/generationService';
import { registerPanel } from './features/panel/panel';
import { registerInline } from './features/inline';
import { registerPending } from './features/pending';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('AIsa Images', { log: true });
  const apiKey = new ApiKeyStore(context.secrets);
  const service = new GenerationService(log, apiKey);
  const deps: Deps = { context, log, apiKey, service };
  context.subscriptions.push(registerInline(deps));
  context.subscriptions.push(registerAgentSetup(deps));
  context.subscriptions.push(log, service, registerApiKeyCommands(deps), registerGenerateCommand(deps), registerPending(deps), registerPanel(deps));
}

export function deactivate(): void {}
