import { lazy } from '../core/lazy';

/**
 * The generation engine (core/engine.ts), loaded on the first generation. In the extension's
 * build it is its own file beside the bundle (dist/engine.js, see esbuild.mjs), so activation
 * never evaluates the client, the downloads or the conversion code.
 */
export const loadEngine = lazy(() => import('../core/engine'));
