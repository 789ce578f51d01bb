// The VS Code part of `npm test`: the integration suite (mocha, inside the real extension host)
// and the UI end-to-end scenarios (Playwright driving the workbench), both against simulators
// started here. Prints "vscode: N passed, N failed" last. Needs `bash test/host/setup.sh` and
// `node esbuild.mjs && node esbuild.mjs --tests` first (npm test does both).
// Usage: node test/host/run-suites.mjs [--only integration|package|ui] [--scenario ID]... [--grep TEXT] [--repeat N]
//   --scenario panel: only test/ui/panel.ui.mjs (repeatable); --grep: scenarios whose name contains TEXT;
//   --repeat N: the UI scenarios N times over, each time in a fresh code-server and workspace.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import util from 'node:util';
import {
  HOST_DIR,
  REPO_ROOT,
  hostPaths,
  imagePreview,
  launchBrowser,
  notificationCenter,
  openWorkbench,
  quickInput,
  runCommand,
  openFile,
  codeAction,
  ensureTheme,
  startCodeServer,
} from './code-server.mjs';
import { useDisplayLanguage } from './display-language.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require(path.join(REPO_ROOT, 'out/test/simulator/server.js'));
const { values: opts } = util.parseArgs({
  options: {
    only: { type: 'string' },
    grep: { type: 'string' },
    scenario: { type: 'string', multiple: true },
    repeat: { type: 'string', default: '1' },
  },
});
const repeat = Number(opts.repeat);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error(`--repeat ${opts.repeat}: give a whole number of runs, at least 1`);
// The theme the UI scenarios start in: configured, and made sure of (see ensureTheme).
const THEME = 'Dark Modern';
const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
const WORK = path.join(HOST_DIR, 'work');
const totals = { passed: 0, failed: 0 };

function freshDir(name) {
  const dir = path.join(WORK, `${name}-${Date.now().toString(36)}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
}

/**
 * Runs test/host/run-integration.mjs with `args`, its output shown as it comes, and adds to the
 * totals the last "<label>: N passed, N failed" it printed; a host that failed without saying
 * so counts as one failure.
 */
async function runMochaHost(args, label) {
  const output = await new Promise((resolve) => {
    let text = '';
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tee = (target) => (d) => {
      text += d;
      target.write(d);
    };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('close', (code) => resolve({ text, code }));
  });
  const m = [...output.text.matchAll(new RegExp(`${label}: (\\d+) passed, (\\d+) failed`, 'g'))].pop();
  totals.passed += m ? Number(m[1]) : 0;
  totals.failed += m ? Number(m[2]) : 0;
  if (output.code !== 0 && (!m || Number(m[2]) === 0)) totals.failed += 1;
}

async function integration() {
  const sim = await startSimulator({ apiKey: 'sk-sim-integration' });
  // A second server a hostile repository would like the key to go to.
  const evil = await startSimulator({ apiKey: 'sk-evil' });
  const ws = freshDir('integration');
  writeJson(path.join(ws, '.vscode', 'settings.json'), { 'aisaImages.baseUrl': evil.baseUrl });
  fs.writeFileSync(path.join(ws, 'README.md'), '# Integration workspace\n');
  try {
    const args = [
      path.join(REPO_ROOT, 'test/host/run-integration.mjs'),
      '--workspace',
      ws,
      '--tests',
      path.join(REPO_ROOT, 'out/test/integration/index.js'),
      '--settings',
      JSON.stringify({ 'aisaImages.baseUrl': sim.baseUrl }),
      '--env',
      `AISA_TEST_SIM_API=${sim.apiOrigin}`,
      '--env',
      `AISA_TEST_SIM_KEY=${sim.apiKey}`,
      '--env',
      `AISA_TEST_EVIL_API=${evil.apiOrigin}`,
      '--env',
      `AISA_TEST_WORKSPACE=${ws}`,
    ];
    await runMochaHost(args, 'integration');
  } finally {
    await Promise.all([sim.close(), evil.close()]);
  }
}

/**
 * The packaged extension: `npm run package` builds this machine's .vsix, code-server installs it
 * as a user would (--install-extension), and test/package runs inside VS Code from the installed
 * folder, converting with the sharp the package ships.
 */
async function packaged() {
  const step = (what, cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(
        `${what} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' ')}`,
      );
    return r.stdout;
  };
  try {
    step('npm run package', process.execPath, [path.join(REPO_ROOT, 'scripts/package.mjs')]);
    const extensions = freshDir('package-extensions');
    const { node, codeServerEntry } = hostPaths();
    step('code-server --install-extension', node, [
      codeServerEntry,
      '--extensions-dir',
      extensions,
      '--user-data-dir',
      freshDir('package-udd'),
      '--install-extension',
      path.join(REPO_ROOT, 'aisa-images.vsix'),
    ]);
    const folder = fs.readdirSync(extensions).find((d) => d.startsWith('aisa.aisa-images-'));
    if (!folder) throw new Error(`code-server installed no aisa.aisa-images-* folder in ${extensions}`);
    const installed = path.join(extensions, folder);
    const ws = freshDir('package');
    await runMochaHost(
      [
        path.join(REPO_ROOT, 'test/host/run-integration.mjs'),
        '--workspace',
        ws,
        '--tests',
        path.join(REPO_ROOT, 'out/test/package/index.js'),
        '--extension-development-path',
        installed,
        '--env',
        `AISA_TEST_INSTALLED_EXTENSION=${installed}`,
      ],
      'package',
    );
  } catch (e) {
    totals.failed += 1;
    console.log(`  ✖ package: ${e.message}`);
  }
}

async function waitForFile(dir, pattern, timeout = 60000) {
  for (const end = Date.now() + timeout; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const hit = fs.existsSync(dir) && fs.readdirSync(dir).find((f) => pattern.test(f));
    if (hit) return path.join(dir, hit);
  }
  throw new Error(`no file matching ${pattern} appeared in ${dir}`);
}

/** Until `file` holds exactly `expected` (the workbench saves edits itself: files.autoSave below). */
async function waitForContent(file, expected, timeout = 20000) {
  const read = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(no file)');
  for (const end = Date.now() + timeout; read() !== expected; await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > end) throw new Error(`${file} is\n${read()}\nnot\n${expected}`);
  }
}

async function ui() {
  const dir = path.join(REPO_ROOT, 'test/ui');
  const scenarios = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ui.mjs'))
    .sort()
    .filter((f) => !opts.scenario || opts.scenario.includes(f.replace(/\.ui\.mjs$/, '')));
  if (!scenarios.length) throw new Error(`no UI scenario ${opts.scenario?.join(', ')} in test/ui`);
  const sim = await startSimulator({ apiKey: 'sk-sim-ui' });
  const root = freshDir('ui');
  const server = await startCodeServer({
    workspace: root,
    // afterDelay (1 s) is VS Code for the Web's default; said here because the scenarios rely on it.
    settings: { 'aisaImages.baseUrl': sim.baseUrl, 'workbench.colorTheme': THEME, 'files.autoSave': 'afterDelay' },
  });
  const browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
  try {
    for (const file of scenarios) {
      const scenario = await import(path.join(dir, file));
      if (opts.grep && !scenario.name.includes(opts.grep)) continue;
      const id = file.replace(/\.ui\.mjs$/, '');
      const workspace = path.join(root, id);
      fs.mkdirSync(workspace, { recursive: true });
      sim.reset();
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const started = Date.now();
      // Transitions finished and spinners stopped, so a shot never catches a fade half-way.
      const shot = (label) => page.screenshot({ path: path.join(SHOTS, `${id}-${label}.png`), animations: 'disabled' });
      // A scenario's setup may change machine-scoped settings (which a workspace cannot) before
      // its window opens; they are put back after it.
      const machineBefore = fs.readFileSync(server.machineSettingsFile, 'utf8');
      const machineSettings = (patch) =>
        fs.writeFileSync(
          server.machineSettingsFile,
          JSON.stringify({ ...JSON.parse(machineBefore), ...patch }, null, 2),
        );
      // ... and may open its window in another display language (English again after it).
      let restoreLanguage;
      const displayLanguage = (language) => {
        restoreLanguage = useDisplayLanguage(server, language);
      };
      try {
        await scenario.setup?.({ workspace, sim, machineSettings, displayLanguage });
        await openWorkbench(page, { url: server.url, authority: server.authority, folder: workspace });
        const tries = await ensureTheme(page, THEME);
        if (tries > 1) console.log(`  (the workbench wore ${THEME} after ${tries} attempts: see ensureTheme)`);
        const step = (m) => console.log(`  [${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);
        await scenario.run({
          page,
          workspace,
          sim,
          shot,
          runCommand: (title) => runCommand(page, title),
          openFile: (relPath) => openFile(page, relPath),
          codeAction: (editor, title) => codeAction(page, editor, title, { onRetry: step }),
          quickInput: (title) => quickInput(page, title),
          notificationCenter: () => notificationCenter(page),
          imagePreview: (fileName) => imagePreview(page, fileName),
          waitForFile,
          waitForContent,
          step,
        });
        totals.passed++;
        console.log(`  ✔ ui: ${scenario.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (e) {
        totals.failed++;
        await shot('failure').catch(() => {});
        console.log(
          `  ✖ ui: ${scenario.name}\n${e?.stack ?? e}\n  screenshot: test-results/screenshots/${id}-failure.png`,
        );
      } finally {
        await context.close();
        fs.writeFileSync(server.machineSettingsFile, machineBefore);
        restoreLanguage?.();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
    await sim.close();
  }
}

/** The extension's own log files from this run must exist, mention the calls, and never hold a key. */
function scanLogsForKeys(since, keys) {
  const logs = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'AIsa Images.log' && fs.statSync(p).mtimeMs >= since) logs.push(p);
    }
  };
  walk(path.join(HOST_DIR, 'runs'));
  const leaks = logs.filter((p) => keys.some((k) => fs.readFileSync(p, 'utf8').includes(k)));
  const mentionsCalls = logs.some((p) => /POST \/images\/generations -> 200/.test(fs.readFileSync(p, 'utf8')));
  if (logs.length && mentionsCalls && !leaks.length) {
    totals.passed++;
    console.log(`  ✔ logs: ${logs.length} extension log file(s) record the calls and hold no API key`);
  } else {
    totals.failed++;
    console.log(
      `  ✖ logs: ${logs.length} log file(s); calls recorded: ${mentionsCalls}; holding a key: ${leaks.join(', ') || 'none'}`,
    );
  }
}

const started = Date.now() - 1000;
if (!opts.only || opts.only === 'integration') await integration();
if (!opts.only || opts.only === 'package') await packaged();
for (let i = 1; i <= repeat && (!opts.only || opts.only === 'ui'); i++) {
  if (repeat > 1) console.log(`UI run ${i} of ${repeat}`);
  await ui();
}
// The package suite makes no API call: its logs alone have nothing to scan.
if (opts.only !== 'package') scanLogsForKeys(started, ['sk-sim-integration', 'sk-sim-ui', 'sk-evil', 'sk-wrong']);
console.log(`vscode: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed || !totals.passed ? 1 : 0);
