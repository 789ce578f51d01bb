/**
 * sharp (libvips), loaded on the first conversion and never before: it is ~20 MB of native code
 * (or a wasm32 build), so it stays out of dist/extension.js (esbuild marks it external) and out
 * of activation. Every caller goes through `loadSharp`.
 */
import * as l10n from '@vscode/l10n';
import type SharpDefault from 'sharp';
import { AisaError } from '../errors';

export type SharpFn = typeof SharpDefault;

let loaded: SharpFn | undefined;
let failure: AisaError | undefined;

/**
 * Hands over a sharp loaded from elsewhere: the packaged-extension test converts with the copy
 * the .vsix ships (resolved from the installed extension), through this same core.
 */
export function provideSharp(sharp: SharpFn): void {
  loaded = configure(sharp);
  failure = undefined;
}

// Conversions run beside downloads and the editor: one libvips thread per conversion keeps
// two at once from taking every core; the cache would only hold memory between generations.
function configure(sharp: SharpFn): SharpFn {
  sharp.cache(false);
  sharp.concurrency(1);
  return sharp;
}

/** sharp itself, required on first use; an AisaError('convert') with one sentence when it cannot load. */
export function loadSharp(): SharpFn {
  if (loaded) return loaded;
  if (failure) throw failure;
  try {
    // A CommonJS require resolved at run time from the extension's (or CLI's) own node_modules,
    // where the package ships sharp with its platform binary (or the wasm32 build).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = configure(require('sharp') as SharpFn);
    return loaded;
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    failure = new AisaError(
      'convert',
      l10n.t(
        'The image converter (sharp) could not be loaded on this platform ({0}): {1}. Install the package built for this platform, or choose PNG.',
        `${process.platform}-${process.arch}`,
        detail ?? '',
      ),
      { cause: e },
    );
    throw failure;
  }
}
