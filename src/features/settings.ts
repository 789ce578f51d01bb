import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../core/baseUrl';
import { DEFAULT_MODEL } from '../core/models';
import { DEFAULT_GEMINI_API_VERSION, parseGeminiApiVersion } from '../core/routes/gemini';
import type { GeminiApiVersion } from '../core/routes/types';
import { DEFAULT_SIZE } from '../core/sizes';

export interface Settings {
  readonly baseUrl: string;
  readonly geminiApiVersion: GeminiApiVersion;
  readonly model: string;
  readonly defaultSize: string;
  readonly outputFolder: string;
  readonly requestTimeoutSeconds: number;
  readonly maxConcurrentRequests: number;
}

const SECTION = 'aisaImages';

/**
 * The key goes wherever baseUrl (and, for Gemini, geminiApiVersion) points, so only the user's
 * own (global) value counts: a repository's .vscode/settings.json must never redirect it,
 * whatever scope VS Code applies.
 */
function userOnly(key: string, fallback: string): string {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<string>(key);
  const value = inspected?.globalValue ?? inspected?.defaultValue;
  return typeof value === 'string' ? value : fallback;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const timeout = c.get<number>('requestTimeoutSeconds', 300);
  const concurrent = c.get<number>('maxConcurrentRequests', 2);
  return {
    baseUrl: userOnly('baseUrl', DEFAULT_BASE_URL),
    geminiApiVersion: geminiApiVersion(userOnly('geminiApiVersion', DEFAULT_GEMINI_API_VERSION)),
    model: c.get<string>('model', DEFAULT_MODEL),
    defaultSize: c.get<string>('defaultSize', DEFAULT_SIZE),
    outputFolder: c.get<string>('outputFolder', 'assets'),
    requestTimeoutSeconds: typeof timeout === 'number' && timeout >= 10 ? Math.min(timeout, 3600) : 300,
    maxConcurrentRequests: Number.isInteger(concurrent) && concurrent >= 1 ? Math.min(concurrent, 10) : 2,
  };
}

/** Like the other settings, a value the schema does not allow (hand-edited JSON) takes the default. */
function geminiApiVersion(value: string): GeminiApiVersion {
  try {
    return parseGeminiApiVersion(value);
  } catch {
    return DEFAULT_GEMINI_API_VERSION;
  }
}
