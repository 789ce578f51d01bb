// Builds the extension (node, cjs) with the generation engine and node-fetch beside it
// (dist/engine.js and dist/fetch.js, loaded on the first generation), the CLI (node, with a
// shebang) with the MCP server beside it (dist/mcp.js, loaded by `aisa-image mcp` only) and the
// webview script (browser); with --tests, every
// test entry under test/ into out/ for plain Node and the extension host.
// Usage: node esbuild.mjs [--dev] [--tests] [--watch]
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { chmod, readdir } from 'node:fs/promises';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const dev = args.has('--dev');

// node-fetch 3 pulls web-streams-polyfill only as a fallback for runtimes without
// node:stream/web; every Node we run on has it, so the 60 KB polyfill is replaced.
const nodeStreamsInsteadOfPolyfill = {
  name: 'node-web-streams',
  setup(build) {
    build.onResolve({ filter: /^web-streams-polyfill(\/.*)?$/ }, () => ({
      path: 'web-streams',
      namespace: 'node-web-streams',
    }));
    build.onLoad({ filter: /.*/, namespace: 'node-web-streams' }, () => ({
      contents: 'module.exports = require("node:stream/web");',
      loader: 'js',
    }));
  },
};

// esbuild compiles each file's `import * as vscode from 'vscode'` of an external module to
// `__toESM(require("vscode"))`, a copy of the whole API per importing file: most of the
// activation time (BENCHMARKS.md). Resolving `vscode` to one ESM module that re-exports the
// API's top-level names lets every file refer to those bindings directly.
const vscodeNames = [
  ...new Set(
    [
      ...readFileSync('node_modules/@types/vscode/index.d.ts', 'utf8').matchAll(
        /^\texport (?:class|namespace|enum|const|let|var|function) (\w+)/gm,
      ),
    ].map((m) => m[1]),
  ),
];
const vscodeFacade = {
  name: 'vscode-facade',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-facade'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-facade' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-facade' }, () => ({
      contents: `const v = require("vscode");\nexport const { ${vscodeNames.join(', ')} } = v;\n`,
      loader: 'js',
    }));
  },
};
/**
 * A part of the code that is needed later, not at activation (or not by every CLI command), built
 * into its own file beside the bundle: imports of it matching `filter` (from an importer `from`
 * accepts) become a CommonJS require of `./<file>.js` at run time. (A bare import() would be left
 * to the host's ESM loader, which hands CommonJS modules over differently.)
 */
function onItsOwn(file, filter, from = () => true) {
  const namespace = `${file}-on-its-own`;
  return {
    name: namespace,
    setup(build) {
      build.onResolve({ filter }, (a) => (from(a.importer) ? { path: file, namespace } : undefined));
      build.onResolve({ filter: new RegExp(`^\\./${file}\\.js$`) }, () => ({ path: `./${file}.js`, external: true }));
      build.onLoad({ filter: /.*/, namespace }, () => ({
        contents: `module.exports = require("./${file}.js");`,
        loader: 'js',
      }));
    },
  };
}

// node-fetch (31 KB with its helpers) is needed only once a generation runs, never at activation:
// the extension requires it from its own file, dist/fetch.js, on the first request.
const fetchOnItsOwn = onItsOwn('fetch', /^node-fetch$/);

// The generation engine (src/core/engine.ts: client, routes, downloads, saving, conversion) is
// needed from the first generation on, never at activation: the extension requires it from its
// own file, dist/engine.js, through src/features/engine.ts.
const engineOnItsOwn = onItsOwn('engine', /\/core\/engine$/, (importer) =>
  importer.includes(`${path.sep}features${path.sep}`),
);

// The open panel's code (src/features/panel/session.ts: the session, its views, Export as…) is
// needed only once a panel opens, which most windows never do: the extension requires it from its
// own file, dist/panel.js, through the lazy import in src/features/panel/panel.ts.
const panelOnItsOwn = onItsOwn('panel', /^\.\/session$/, (importer) =>
  importer.endsWith(`${path.sep}panel${path.sep}panel.ts`),
);

// The MCP server (the SDK and zod, ~350 KB) is needed only by `aisa-image mcp`: the CLI requires it from its
// own file, dist/mcp.js, when that command runs, so `aisa-image generate` never loads it and the
// extension never contains it.
const mcpOnItsOwn = onItsOwn('mcp', /^\.\.\/mcp\/server$/);

// The SDK's Server builds an ajv validator (ajv and its formats: ~200 KB, half of dist/mcp.js)
// for one purpose: checking the answers to elicitation requests, which this server never sends.
// A stand-in that refuses keeps it out; the MCP tests would catch the SDK using it elsewhere.
const noAjvInTheServer = {
  name: 'no-ajv-in-the-server',
  setup(build) {
    build.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) =>
      args.importer.includes('@modelcontextprotocol') ? { path: 'ajv-provider', namespace: 'no-ajv' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'no-ajv' }, () => ({
      contents:
        'export class AjvJsonSchemaValidator { getValidator() { throw new Error("aisa-image mcp does not validate JSON Schema (it sends no elicitation)"); } }',
      loader: 'js',
    }));
  },
};

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: dev ? 'inline' : 'linked',
  minify: !dev,
  logLevel: 'warning',
  plugins: [nodeStreamsInsteadOfPolyfill],
  legalComments: 'none',
  // sharp is native code (or wasm32) with its binaries in their own packages: it is required at
  // run time from node_modules, on the first conversion (src/core/convert/sharp.ts), never bundled.
  external: ['sharp'],
};

const products = [
  {
    ...nodeCommon,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', 'sharp'],
    metafile: true,
    plugins: [nodeStreamsInsteadOfPolyfill, vscodeFacade, fetchOnItsOwn, engineOnItsOwn, panelOnItsOwn],
  },
  {
    ...nodeCommon,
    entryPoints: { panel: 'src/features/panel/session.ts' },
    outdir: 'dist',
    external: ['vscode', 'sharp'],
    plugins: [nodeStreamsInsteadOfPolyfill, vscodeFacade, fetchOnItsOwn, engineOnItsOwn],
  },
  {
    ...nodeCommon,
    entryPoints: { engine: 'src/core/engine.ts' },
    outdir: 'dist',
    plugins: [nodeStreamsInsteadOfPolyfill, fetchOnItsOwn],
  },
  { ...nodeCommon, entryPoints: { fetch: 'node-fetch' }, outdir: 'dist' },
  {
    ...nodeCommon,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [nodeStreamsInsteadOfPolyfill, mcpOnItsOwn],
  },
  {
    ...nodeCommon,
    entryPoints: { mcp: 'src/mcp/server.ts' },
    outdir: 'dist',
    plugins: [nodeStreamsInsteadOfPolyfill, noAjvInTheServer],
  },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: !dev,
    sourcemap: dev ? 'inline' : false,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    logLevel: 'warning',
    legalComments: 'none',
  },
];

async function testEntries() {
  const files = await readdir('test', { recursive: true });
  return (
    files
      // Tests, runnable entries, and the simulator's module for the .mjs runners to require.
      .filter((f) => /(\.test\.ts|(^|\/)main\.ts|(^|\/)index\.ts|\.run\.ts|^simulator\/server\.ts)$/.test(f))
      .map((f) => path.join('test', f))
  );
}

async function build(options) {
  if (args.has('--watch')) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
    return;
  }
  await esbuild.build(options);
}

if (args.has('--tests')) {
  await build({
    ...nodeCommon,
    minify: false,
    sourcemap: 'inline',
    entryPoints: await testEntries(),
    outdir: 'out/test',
    outbase: 'test',
    // l10n-dev loads its tree-sitter grammars from beside its own main.js (test/unit/l10nChecks.ts).
    external: ['vscode', 'mocha', 'playwright-core', 'sharp', '@vscode/l10n-dev'],
  });
} else {
  await Promise.all(products.map(build));
  if (!args.has('--watch')) await chmod('dist/cli.js', 0o755).catch(() => {});
}
