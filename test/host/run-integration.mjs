// Runs an extensionTestsPath suite (the @vscode/test-electron contract: a CommonJS module exporting
// run(): Promise<void>) inside the real VS Code extension host of code-server, driven by headless
// chromium; relays the extension host's console and exits with the suite's exit code.
//
// Usage: node test/host/run-integration.mjs --workspace DIR --tests out/test/integration/index.js
//          [--settings JSON] [--extension-development-path DIR (default: repo root)] [--env K=V ...]
// Env: EXT_TEST_TIMEOUT_MS (overall, default 300000), VERBOSE=1 (all console lines + host logs),
//      AISA_HOST_DIR (host dir, default <repo>/.vscode-host). Needs: bash test/host/setup.sh
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { REPO_ROOT, startCodeServer, launchBrowser, openWorkbench } from './code-server.mjs';

const USAGE =
  'usage: node test/host/run-integration.mjs --workspace DIR --tests out/test/integration/index.js [--settings JSON] [--extension-development-path DIR] [--env K=V ...]';
const VERBOSE = !!process.env.VERBOSE && process.env.VERBOSE !== '0';
const TIMEOUT_MS = Number(process.env.EXT_TEST_TIMEOUT_MS || 300000);
// Lines the workbench prints on an offline machine that say nothing about the suite.
const NOISE =
  /open-vsx|Failed to load resource|ERR_NAME_NOT_RESOLVED|connection token|Creating a socket|Service Worker|AgentHost|AccountPolicyGate|Updating additional|grace time|web worker extension host|allow-same-origin|Creation of workbench contribution/;

function fail(message, code = 2) {
  console.error(`run-integration: ${message}`);
  process.exit(code);
}

let opts;
try {
  opts = util.parseArgs({
    options: {
      workspace: { type: 'string' },
      tests: { type: 'string' },
      settings: { type: 'string' },
      'extension-development-path': { type: 'string' },
      env: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (e) {
  fail(`${e.message}\n${USAGE}`);
}
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!opts.workspace || !opts.tests) fail(USAGE);
const workspace = path.resolve(opts.workspace);
const tests = path.resolve(opts.tests);
const devPath = path.resolve(opts['extension-development-path'] || REPO_ROOT);
if (!fs.existsSync(tests)) fail(`${tests} does not exist (build it first: node esbuild.mjs --tests)`);
if (!fs.existsSync(path.join(devPath, 'package.json')))
  fail(`${devPath} has no package.json (extension development path)`);
let settings = {};
if (opts.settings) {
  try {
    settings = JSON.parse(opts.settings);
  } catch (e) {
    fail(`--settings is not JSON: ${e.message}`);
  }
}
const env = {};
for (const kv of opts.env || []) {
  const i = kv.indexOf('=');
  if (i <= 0) fail(`--env expects K=V, got ${kv}`);
  env[kv.slice(0, i)] = kv.slice(i + 1);
}

const t0 = Date.now();
const secs = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
let cs, browser, page;
let cleaning;
function cleanup() {
  return (cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    await cs?.stop().catch(() => {});
  })());
}
for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(sig, () => {
    console.error(`run-integration: ${sig}, stopping`);
    cleanup().finally(() => process.exit(code));
  });
}

async function main() {
  let s = Date.now();
  cs = await startCodeServer({ workspace, settings, env });
  console.log(`### code-server start took ${secs(s)} (${cs.url}, logs ${cs.runDir})`);

  s = Date.now();
  browser = await launchBrowser();
  page = await browser.newPage();
  // Extension-host console output reaches the page console as ('%c[Extension Host]', 'color: ...', fmt, ...args);
  // a promise chain keeps the lines in order although each one is read asynchronously.
  let relay = Promise.resolve();
  page.on('console', (msg) => {
    relay = relay
      .then(async () => {
        let args = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => '?')));
        if (!args.length) args = [msg.text()];
        if (typeof args[0] === 'string' && args[0].startsWith('%c')) args = args.slice(2);
        const text = util.format(...args);
        if (VERBOSE || !NOISE.test(text)) console.log('  | ' + text.replace(/\n/g, '\n  | '));
      })
      .catch(() => {});
  });
  if (VERBOSE) page.on('pageerror', (e) => console.log(`  ! page error: ${e.message}`));

  const { exited } = await openWorkbench(page, {
    url: cs.url,
    authority: cs.authority,
    folder: workspace,
    extensionDevelopmentPath: devPath,
    extensionTestsPath: tests,
    waitForWorkbench: false,
  });
  const code = await exited;
  await relay;
  console.log(`### suite took ${secs(s)}`);
  return code;
}

const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS).unref());
let code;
try {
  const result = await Promise.race([main(), timeout]);
  if (result === 'timeout') {
    console.error(`run-integration: TIMEOUT: the suite did not finish within ${TIMEOUT_MS} ms (EXT_TEST_TIMEOUT_MS)`);
    if (cs) {
      const shot = path.join(cs.runDir, 'timeout.png');
      if (page)
        await page.screenshot({ path: shot, timeout: 5000 }).then(
          () => console.error(`  screenshot: ${shot}`),
          () => {},
        );
      console.error(`  code-server log: ${cs.logFile}\n  VS Code logs: ${path.join(cs.runDir, 'udd', 'logs')}`);
    }
    code = 1;
  } else {
    code = result;
  }
} catch (e) {
  console.error(`run-integration: ${e.stack || e}`);
  if (cs) console.error(`  code-server log: ${cs.logFile}`);
  code = 2;
}
await cleanup();
console.log(`integration run: exit code ${code} after ${secs(t0)}`);
process.exit(code === 0 ? 0 : code || 1);
