import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../core/baseUrl';
import { DEFAULT_MODEL } from '../core/models';
import { DEFAULT_GEMINI_API_VERSION, parseGeminiApiVersion } from '../core/routes/gemini';
import type { GeminiApiVersion } from '../core/routes/types';
import { checkNumberSetting } from '../core/settingValues';
import { DEFAULT_SIZE } from '../core/sizes';
import { DEFAULT_OUTPUT_FORMAT, isOutputFormat, type OutputFormat } from '../core/convert/formats';

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
  const timeout = c.get<unknown>('requestTimeoutSeconds', 300);
  const concurrent = c.get<unknown>('maxConcurrentRequests', 2);
  return {
    baseUrl: userOnly('baseUrl', DEFAULT_BASE_URL),
    geminiApiVersion: geminiApiVersion(userOnly('geminiApiVersion', DEFAULT_GEMINI_API_VERSION)),
    model: c.get<string>('model', DEFAULT_MODEL),
    defaultSize: c.get<string>('defaultSize', DEFAULT_SIZE),
    outputFolder: c.get<string>('outputFolder', 'assets'),
    requestTimeoutSeconds: inRange('requestTimeoutSeconds', timeout, 10, 3600, 300, false),
    maxConcurrentRequests: inRange('maxConcurrentRequests', concurrent, 1, 10, 2, true),
  };
}

export interface OutputSettings {
  /** aisaImages.outputFormat: png (default), webp, jpeg or avif. */
  readonly format: OutputFormat;
  /** aisaImages.outputQuality: 1-100, or undefined for the format's own default. */
  readonly quality: number | undefined;
  /** aisaImages.originalsMaxMegabytes, in bytes: the originals store's cap. */
  readonly originalsMaxBytes: number;
}

/** How generated images are delivered (convert/transform.ts) and how much of their originals is kept (originals.ts). */
export function readOutputSettings(scope?: vscode.ConfigurationScope): OutputSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const format = c.get<unknown>('outputFormat', DEFAULT_OUTPUT_FORMAT);
  const quality = c.get<unknown>('outputQuality', null);
  let usedFormat: OutputFormat = DEFAULT_OUTPUT_FORMAT;
  if (typeof format === 'string' && isOutputFormat(format)) usedFormat = format;
  else
    warnOnce(
      'outputFormat',
      vscode.l10n.t(
        'The setting {0} is {1}, but it must be "png", "webp", "jpeg" or "avif": png is used instead.',
        `${SECTION}.outputFormat`,
        JSON.stringify(format) ?? 'undefined',
      ),
    );
  return {
    format: usedFormat,
    quality:
      quality === null || quality === undefined ? undefined : inRange('outputQuality', quality, 1, 100, 80, true),
    originalsMaxBytes:
      inRange('originalsMaxMegabytes', c.get<unknown>('originalsMaxMegabytes', 1024), 0, 102_400, 1024, true) *
      1024 *
      1024,
  };
}

/** A hand-edited value the schema does not allow: the nearest allowed one (or the default) is used, and said. */
function inRange(key: string, value: unknown, min: number, max: number, fallback: number, whole: boolean): number {
  const checked = checkNumberSetting(`${SECTION}.${key}`, value, { min, max, fallback, whole });
  if (checked.problem) warnOnce(key, checked.problem);
  return checked.used;
}

function geminiApiVersion(value: string): GeminiApiVersion {
  try {
    return parseGeminiApiVersion(value);
  } catch {
    warnOnce(
      'geminiApiVersion',
      vscode.l10n.t(
        'The setting {0} is {1}, but it must be "v1beta" or "v1": {2} is used instead.',
        `${SECTION}.geminiApiVersion`,
        JSON.stringify(value),
        DEFAULT_GEMINI_API_VERSION,
      ),
    );
    return DEFAULT_GEMINI_API_VERSION;
  }
}

const warned = new Set<string>();

/** Once per distinct problem in this window, with the way to the setting. */
function warnOnce(key: string, message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  const setting = `${SECTION}.${key}`;
  void vscode.window
    .showWarningMessage(message, vscode.l10n.t('Open Settings'))
    .then((choice) => (choice ? vscode.commands.executeCommand('workbench.action.openSettings', setting) : undefined));
}
