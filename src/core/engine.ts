/**
 * What runs a generation, as one module the extension loads on its first generation (built
 * beside it as dist/engine.js), never at activation: the HTTP client and its routes, downloads,
 * saving, conversion and the originals store. The CLI and the tests bundle it as usual.
 */
export { AisaClient } from './client';
export { thumbnail } from './convert/convert';
export { webReadyTransform } from './convert/transform';
export { generateAndSave, saveImages } from './generate';
export { nodeOriginalsFs } from './nodeFs';
export { OriginalsStore } from './originals';
export { exportOriginal } from './exportOriginal';
export { annotateGeneratedImage } from './pngText';
export { prepareReference } from './refImages/prepare';
/** This bundle's own copy of the l10n runtime: the extension configures it when it loads the engine. */
export { useTranslations } from './l10n';

export type Engine = typeof import('./engine');
