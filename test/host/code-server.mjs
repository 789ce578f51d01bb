// Real VS Code for tests, without downloading VS Code: code-server (VS Code's server + web
// workbench, from npm) on Node 24 (from npm), driven by Debian's chromium via playwright-core.
// Everything lives in the host dir that test/host/setup.sh fills: <repo>/.vscode-host, or
// $AISA_HOST_DIR. Plain JS ES module for Node >= 20, no build step.
//
//   const cs = await startCodeServer({ workspace, settings, env });
//   const browser = await launchBrowser();
//   const page = await browser.newPage();
//   await openWorkbench(page, { ...cs, folder: workspace });
//   await runCommand(page, 'AIsa: Generate Image');
//   ... finally: await browser.close(); await cs.stop();
/* global fetch, AbortSignal, document */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const HOST_DIR = path.resolve(process.env.AISA_HOST_DIR || path.join(REPO_ROOT, '.vscode-host'));
export const CHROMIUM = process.env.CHROME_EXE || '/usr/lib/chromium/chromium';

const KEEP_RUNS = 5; // run dirs (profile, logs) kept under HOST_DIR/runs for debugging
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Settings every run starts from; `settings` passed to startCodeServer override them. */
export const DEFAULT_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // the empty chat side bar
};

/**
 * Machine-scoped settings: a remote extension host (code-server's) reads them from the server's
 * Machine settings, not from the user's. The extension's first-run walkthrough honours this one,
 * so no suite or scenario starts with it open unless it asks.
 */
export const DEFAULT_MACHINE_SETTINGS = {
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

function missing(what) {
  return new Error(`${what} not found under ${HOST_DIR}; run: bash test/host/setup.sh`);
}

/** Paths of the tools setup.sh installed (throws a clear error if setup has not run). */
export function hostPaths() {
  const nodeModules = path.join(HOST_DIR, 'node', 'node_modules');
  let node;
  for (const dir of [path.join(nodeModules, 'node', 'node_modules'), nodeModules]) {
    const hit =
      fs.existsSync(dir) &&
      fs.readdirSync(dir).find((d) => d.startsWith('node-linux-') && fs.existsSync(path.join(dir, d, 'bin', 'node')));
    if (hit) {
      node = path.join(dir, hit, 'bin', 'node');
      break;
    }
  }
  if (!node) throw missing('Node 24 (npm package node)');
  const codeServerEntry = path.join(HOST_DIR, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(codeServerEntry)) throw missing('code-server');
  const playwrightCore = path.join(HOST_DIR, 'pw', 'node_modules', 'playwright-core');
  if (!fs.existsSync(path.join(playwrightCore, 'package.json'))) throw missing('playwright-core');
  return { node, codeServerEntry, playwrightCore };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// Keep the newest KEEP_RUNS run dirs; never delete one whose code-server is still running.
function pruneRuns(runsDir) {
  let names;
  try {
    names = fs.readdirSync(runsDir).sort();
  } catch {
    return;
  }
  for (const name of names.slice(0, Math.max(0, names.length - KEEP_RUNS))) {
    const dir = path.join(runsDir, name);
    let pid = 0;
    try {
      pid = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8'));
    } catch {
      /* no pid file */
    }
    if (pid && groupAlive(pid)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

// Environment for code-server and the extension host it forks: drop variables that would make
// code-server talk to an outer VS Code (VSCODE_IPC_HOOK_CLI in a VS Code terminal) or move its
// port (PORT overrides the config file's bind-addr).
function childEnv(extra, dirs, nodeBin) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VSCODE_|CODE_SERVER_|ELECTRON_)/.test(k) || k === 'PORT' || k === 'PASSWORD' || k === 'HASHED_PASSWORD')
      continue;
    env[k] = v;
  }
  return {
    ...env,
    PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH || ''}`,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    XDG_STATE_HOME: path.join(dirs.home, '.local', 'state'),
    TMPDIR: dirs.tmp,
    ...extra,
  };
}

/**
 * Starts code-server on 127.0.0.1 with a fresh profile (user data, extensions, HOME, TMPDIR) under
 * HOST_DIR/runs/<id>/ and waits for /healthz.
 * Started with --vscode-option enable-smoke-test-driver: without it the workbench ignores the
 * payload (extensionDevelopmentPath / extensionTestsPath); with it, notification toasts are
 * suppressed (read them with notifications(page)).
 * @param {{ workspace: string, settings?: Record<string, unknown>, port?: number, env?: Record<string, string>, startTimeoutMs?: number }} opts
 * @returns {Promise<{ url: string, authority: string, port: number, stop: () => Promise<void>, logFile: string, runDir: string, pid: number, settingsFile: string, machineSettingsFile: string }>}
 */
export async function startCodeServer({ workspace, settings = {}, port = 0, env = {}, startTimeoutMs = 60000 } = {}) {
  if (!workspace) throw new Error('startCodeServer: workspace is required');
  const { node, codeServerEntry } = hostPaths();
  const ws = path.resolve(workspace);
  fs.mkdirSync(ws, { recursive: true });

  const runsDir = path.join(HOST_DIR, 'runs');
  fs.mkdirSync(runsDir, { recursive: true });
  pruneRuns(runsDir);
  // Short names: VS Code puts unix sockets (vscode-ipc-<uuid>.sock, 108-byte limit) in TMPDIR.
  const runDir = fs.mkdtempSync(path.join(runsDir, `${Date.now().toString(36)}-`));
  const dirs = {
    home: path.join(runDir, 'home'),
    tmp: path.join(runDir, 'tmp'),
    userData: path.join(runDir, 'udd'),
    extensions: path.join(runDir, 'exts'),
  };
  if (dirs.tmp.length + '/vscode-ipc-00000000-0000-0000-0000-000000000000.sock'.length > 107) {
    dirs.tmp = fs.mkdtempSync('/tmp/aisa-vsc-'); // host dir path too long for a unix socket path
  }
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });

  const merged = { ...DEFAULT_SETTINGS, ...settings };
  const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
  fs.writeFileSync(settingsFile, JSON.stringify(merged, null, 2));
  fs.mkdirSync(path.join(dirs.userData, 'Machine'), { recursive: true });
  const machineSettingsFile = path.join(dirs.userData, 'Machine', 'settings.json');
  fs.writeFileSync(machineSettingsFile, JSON.stringify(DEFAULT_MACHINE_SETTINGS, null, 2));
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(
    configFile,
    [
      'auth: none',
      'cert: false',
      'disable-telemetry: true',
      'disable-update-check: true',
      'ignore-last-opened: true',
      '',
    ].join('\n'),
  );
  const logFile = path.join(runDir, 'code-server.log');

  const deadline = Date.now() + startTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    const p = port || (await freePort());
    const args = [
      codeServerEntry,
      '--config',
      configFile,
      '--bind-addr',
      `127.0.0.1:${p}`,
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
      '--reconnection-grace-time',
      '5', // else a closed page keeps its extension host for hours
      // honors ?payload= (extension development/tests paths) and calls window.codeAutomationExit
      '--vscode-option',
      'enable-smoke-test-driver',
      '--disable-getting-started-override',
    ];
    if (merged['security.workspace.trust.enabled'] !== true) args.push('--disable-workspace-trust');
    args.push(ws);

    const log = fs.openSync(logFile, 'a');
    // detached = setsid(): its own session and process group, so stop() can kill the whole tree
    // (file watchers, extension host, pty host) with one signal to -pid.
    const child = spawn(node, args, {
      cwd: ws,
      env: childEnv(env, dirs, node),
      detached: true,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    const pid = child.pid;
    fs.writeFileSync(path.join(runDir, 'pid'), String(pid));
    let exited = null;
    child.on('exit', (code, signal) => {
      exited = { code, signal };
    });
    const killOnExit = () => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    process.on('exit', killOnExit);

    let stopping;
    const stop = () =>
      (stopping ??= (async () => {
        process.off('exit', killOnExit);
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          /* gone */
        }
        for (const end = Date.now() + 5000; Date.now() < end && groupAlive(pid);) await sleep(100);
        if (groupAlive(pid)) {
          try {
            process.kill(-pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        for (const end = Date.now() + 2000; Date.now() < end && groupAlive(pid);) await sleep(50);
        if (dirs.tmp.startsWith('/tmp/aisa-vsc-')) fs.rmSync(dirs.tmp, { recursive: true, force: true });
      })());

    const url = `http://127.0.0.1:${p}`;
    let ready = false;
    while (!exited && Date.now() < deadline) {
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) {
          ready = true;
          break;
        }
      } catch {
        /* not listening yet */
      }
      await sleep(100);
    }
    if (ready)
      return {
        url,
        authority: `127.0.0.1:${p}`,
        port: p,
        stop,
        logFile,
        runDir,
        pid,
        settingsFile,
        machineSettingsFile,
      };
    await stop();
    const logTail = tail(logFile);
    if (exited && !port && attempt < 3 && /EADDRINUSE/.test(logTail)) continue; // lost the port race
    throw new Error(
      `code-server did not answer /healthz (${exited ? `exited ${JSON.stringify(exited)}` : `timeout ${startTimeoutMs} ms`}); log ${logFile}:\n${logTail}`,
    );
  }
}

/** Headless Debian chromium via playwright-core from the host dir. */
export async function launchBrowser({ headless = true, args = [], ...options } = {}) {
  const { playwrightCore } = hostPaths();
  const { chromium } = createRequire(path.join(playwrightCore, 'package.json'))('playwright-core');
  const home = path.join(HOST_DIR, 'browser-home'); // chromium writes ~/.pki, ~/.config, ~/.cache
  fs.mkdirSync(home, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM, // the real binary; /usr/bin/chromium is a wrapper that prints a warning
    headless,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...args,
    ],
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
    },
    ...options,
  });
}

/**
 * Loads the workbench for `folder` with the extension under development (default: the repo root)
 * and optionally an extensionTestsPath (the @vscode/test-electron contract). With
 * extensionTestsPath, `exited` resolves with the suite's exit code (window.codeAutomationExit).
 * Call on a fresh page (exposeFunction is per page).
 * @returns {Promise<{ href: string, exited?: Promise<number> }>}
 */
export async function openWorkbench(
  page,
  {
    url,
    authority,
    folder,
    extensionDevelopmentPath = REPO_ROOT,
    extensionTestsPath,
    waitForWorkbench = true,
    timeout = 60000,
  },
) {
  const auth = authority || new URL(url).host;
  const remote = (p) => `vscode-remote://${auth}${path.resolve(p)}`;
  const payload = [];
  for (const p of [extensionDevelopmentPath].flat().filter(Boolean))
    payload.push(['extensionDevelopmentPath', remote(p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  let exited;
  if (extensionTestsPath) {
    let done;
    exited = new Promise((r) => {
      done = r;
    });
    // the workbench calls window.codeAutomationExit(code, logs) when the test extension host ends
    await page.exposeFunction('codeAutomationExit', (code) => done(Number(code)));
  }
  const href = `${url.replace(/\/$/, '')}/?folder=${encodeURIComponent(path.resolve(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(href, { timeout });
  if (waitForWorkbench) await page.locator('.monaco-workbench').waitFor({ timeout });
  return exited ? { href, exited } : { href };
}

/** Opens a workspace file as a person would: Go to File..., its path, Enter on its row. */
export async function openFile(page, relPath) {
  await runCommand(page, 'Go to File...');
  await page.locator('.quick-input-widget input').fill(relPath);
  const name = relPath.split('/').pop();
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * Opens the quick-fix menu at the cursor with Ctrl+. and returns the row titled `title` (not
 * clicked). Code actions are computed once the cursor or an edit settles: the light bulb (beside
 * the cursor, or in the gutter when the line leaves no room) says they are there. Now and then the
 * first Ctrl+. shows no menu (seen once in a dozen runs, with the light bulb shown): like a person,
 * it presses again, up to three times.
 */
export async function codeAction(page, editor, title, { onRetry = () => {} } = {}) {
  const row = page.locator('.action-widget .monaco-list-row', { hasText: title });
  for (let attempt = 1; ; attempt++) {
    await editor
      .locator('.lightBulbWidget, [class*="codicon-lightbulb"], [class*="codicon-gutter-lightbulb"]')
      .filter({ visible: true })
      .first()
      .waitFor();
    await page.keyboard.press('Control+.');
    try {
      await row.waitFor({ timeout: 10000 });
      return row;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
      onRetry(`Ctrl+. showed no "${title}" (attempt ${attempt}); again`);
    }
  }
}

/**
 * Runs a command by its palette title (e.g. 'AIsa: Generate Image'): F1, type, Enter. Commands
 * of remote extensions show up a few seconds after the workbench does, so it retries until the
 * row is listed. Returns the number of attempts.
 */
export async function runCommand(page, title, { timeout = 60000 } = {}) {
  const end = Date.now() + timeout;
  await page.locator('.monaco-workbench').waitFor({ timeout });
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.fill('>' + title);
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const row = rows.filter({ hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 2000 });
    } catch (e) {
      await page.keyboard.press('Escape');
      if (Date.now() > end)
        throw new Error(`command "${title}" not in the palette after ${attempt} attempts: ${e.message}`);
      await page.waitForTimeout(500);
      continue;
    }
    // Enter runs the focused row; click the match if another command is ranked first.
    const focused = page.locator('.quick-input-list .monaco-list-row.focused');
    if (((await focused.textContent().catch(() => '')) || '').includes(title)) await page.keyboard.press('Enter');
    else await row.click();
    return attempt;
  }
}

/**
 * The quick input whose title contains `title`, once it shows with the keyboard focus in its
 * input, so that keys pressed next go to it. Fails when it shows without the focus.
 */
export async function quickInput(page, title, { timeout = 30000 } = {}) {
  const widget = page
    .locator('.quick-input-widget')
    .filter({ has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ timeout });
  try {
    await widget.locator('input:focus').waitFor({ timeout: 5000 });
  } catch {
    const focus = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 100));
    throw new Error(`the quick input "${title}" is shown, but the keyboard focus is elsewhere: ${focus}`);
  }
  return widget;
}

/**
 * The extension's webview document: <iframe class="webview"> (VS Code's host page) contains
 * <iframe id="active-frame"> with the extension's HTML. `index` picks among visible webviews.
 */
export function webviewFrame(page, { index = 0 } = {}) {
  return page
    .locator('iframe.webview')
    .filter({ visible: true })
    .nth(index)
    .contentFrame()
    .locator('#active-frame')
    .contentFrame();
}

/** The Image Generator panel's document among the visible webviews (an image preview is a webview too). */
export async function panelFrame(page, timeout = 30000) {
  for (const end = Date.now() + timeout; ; await page.waitForTimeout(200)) {
    const frames = page.locator('iframe.webview').filter({ visible: true });
    const n = await frames.count();
    for (let i = 0; i < n; i++) {
      const doc = frames.nth(i).contentFrame().locator('#active-frame').contentFrame();
      if (
        await doc
          .locator('#prompt')
          .count()
          .catch(() => 0)
      )
        return doc;
    }
    if (Date.now() > end) throw new Error('the Image Generator panel did not show up');
  }
}

/** Until the visible image preview (VS Code's own; a webview) shows `fileName`, decoded. */
export async function imagePreview(page, fileName, { timeout = 30000 } = {}) {
  await webviewFrame(page)
    .locator(`img[src*="${fileName}"]`)
    .evaluate((img) => img.decode(), null, { timeout });
}

/**
 * The Notifications center, opened (and left open). The smoke-test driver never shows toasts, so
 * this is where a test finds a notification: `center.locator('.notification-list-item', { hasText })`.
 */
export async function notificationCenter(page, { timeout = 10000 } = {}) {
  await runCommand(page, 'Notifications: Show Notifications', { timeout });
  const center = page.locator('.notifications-center');
  await center.waitFor({ state: 'visible', timeout });
  return center;
}

/** The workbench's class for each theme the tests use, by the name the theme picker shows. */
export const THEME_CLASS = { 'Dark Modern': 'vs-dark', 'Light Modern': 'vs', 'Dark High Contrast': 'hc-black' };

/**
 * Picks `theme` in "Preferences: Color Theme" as a user does (the row named exactly `theme`), then
 * waits until the workbench wears it. The user setting alone is not enough: VS Code 1.139 on a
 * fresh browser profile may stay in its default theme however long one waits (seen on a fresh
 * CI machine), since it has no cached theme data to start from.
 */
export async function setColorTheme(page, theme, { timeout = 30000 } = {}) {
  const className = THEME_CLASS[theme];
  if (!className) throw new Error(`setColorTheme: no workbench class known for "${theme}"`);
  const widget = page.locator('.quick-input-widget');
  const rows = widget.locator('.monaco-list-row');
  const exact = new RegExp(`^${theme.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = rows.filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  const end = Date.now() + timeout;
  // The picker opens with only "Browse Additional Color Themes..." and lists the installed themes
  // once the theme extensions are registered (seconds after the workbench shows, on a fresh
  // profile): wait for the list before filtering it, and open it again if it stays short.
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'Preferences: Color Theme', { timeout: Math.max(1000, end - Date.now()) });
    try {
      await page.waitForFunction(
        () => document.querySelectorAll('.quick-input-widget .monaco-list-row').length > 1,
        null,
        { timeout: 10000 },
      );
      await widget.locator('input').fill(theme);
      await row.waitFor({ timeout: 5000 });
      break;
    } catch (e) {
      const names = await rows
        .locator('.label-name')
        .allInnerTexts()
        .catch(() => []);
      await page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
      if (Date.now() > end)
        throw new Error(
          `no theme named ${theme} in the theme picker after ${attempt} attempts (listed: ${names.join(', ')}): ${e.message}`,
        );
    }
  }
  await row.click();
  await widget.waitFor({ state: 'hidden', timeout });
  await page.locator(`.monaco-workbench.${className}`).waitFor({ timeout });
}

/**
 * Until the workbench wears `theme` (configured in the user settings): waits for it, else picks it
 * in the theme picker, else reloads the window. Seen here with VS Code 1.139 on a fresh browser
 * profile, each now and then: the configured theme never applied (the default Light 2026 stays),
 * or no theme extension registered at all (the picker lists none; other built-in extensions may
 * be missing too), which a reload cures.
 */
export async function ensureTheme(page, theme, { timeout = 120000 } = {}) {
  const wearing = page.locator(`.monaco-workbench.${THEME_CLASS[theme]}`);
  const end = Date.now() + timeout;
  for (let attempt = 1; ; attempt++) {
    try {
      await wearing.waitFor({ timeout: 10000 });
      return attempt;
    } catch {
      /* not yet: try the picker */
    }
    try {
      await setColorTheme(page, theme, { timeout: Math.min(20000, Math.max(1000, end - Date.now())) });
      return attempt;
    } catch (e) {
      if (Date.now() > end)
        throw new Error(`the workbench does not wear ${theme} after ${attempt} attempts: ${e.message}`);
    }
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  }
}
