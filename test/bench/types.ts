// What the child processes report to main.ts.

export interface ActivationSample {
  requireMs: number;
  activateMs: number;
  totalMs: number;
  /** Every module id requested by the bundle while loading and activating (builtins without "node:"). */
  loadedDuringRequire: string[];
  loadedDuringActivate: string[];
  /** Network sockets opened before activate() settled. */
  sockets: number;
  commands: string[];
  subscriptions: number;
  /** Handles and requests (timers, file reads...) left pending by activate, by type. */
  pendingAfter: string[];
  /** With --memory: bytes alive after full collections at the end (subtract a --baseline run's). */
  retained?: { heap: number; external: number; rss: number };
  error?: string;
}

/** Modules that only the download path (node-fetch and its helpers) and the converter (sharp) pull in. */
export const HEAVY_MODULES = [
  'http',
  'https',
  'net',
  'tls',
  'zlib',
  'stream/web',
  'worker_threads',
  'node-fetch',
  'dns',
  'sharp',
];

/** Built-ins VS Code's extension host has itself loaded long before it activates an extension. */
export const HOST_BUILTINS = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'crypto',
  'util',
  'events',
  'stream',
  'url',
  'buffer',
  'net',
  'http',
  'https',
  'child_process',
  'zlib',
];
