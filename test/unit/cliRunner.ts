import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './helpers';

/** The built product, as `aisa-image` runs it: `npm run build` comes first in `npm test`. */
export const CLI = path.resolve(__dirname, '../../../dist/cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  cwd: string;
}

export function assertCliBuilt(): void {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build`);
}

/**
 * Spawns the CLI in a fresh folder with the key and base URL in its environment (`undefined`
 * in `env` removes a variable), and asserts the key never appears in anything it printed.
 */
export async function runBuiltCli(
  args: string[],
  key: string,
  baseUrl: string,
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const cwd = await tempDir('aisa-cli-');
  const fullEnv: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    AISA_API_KEY: key,
    AISA_BASE_URL: baseUrl,
  };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete fullEnv[k];
    else fullEnv[k] = v;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: fullEnv }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      assert.ok(!stdout.includes(key) && !stderr.includes(key), 'the key leaked into the output');
      resolve({ code, stdout, stderr, cwd });
    });
  });
}
