// `npm start`: the extension in a real VS Code (code-server in your browser), against the AIsa
// simulator, or against the real API when AISA_API_KEY is set. Ctrl+C stops everything.
// Env: AISA_PORT (code-server, default 8080), AISA_SIM_PORT (default 8787), AISA_WORKSPACE
// (folder to open, default a playground under .vscode-host), AISA_BASE_URL (with AISA_API_KEY).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HOST_DIR, REPO_ROOT, startCodeServer } from './code-server.mjs';

/** A taken port (often an earlier `npm start` still running) gets one sentence, not a stack trace. */
async function portOrExplain(port, variable, start) {
  try {
    return await start(port);
  } catch (e) {
    if (!/EADDRINUSE/.test(`${e?.code} ${e?.message}`)) throw e;
    console.error(
      `\nPort ${port} is already in use (is another npm start still running?). Stop it, or pick another port: ${variable}=<port> npm start`,
    );
    await sim?.close();
    process.exit(1);
  }
}

const run = (cmd, args) => execFileSync(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit' });
run(process.execPath, ['esbuild.mjs', '--dev']);
run(process.execPath, ['esbuild.mjs', '--tests']);
run('bash', ['test/host/setup.sh']);

const realApi = Boolean(process.env.AISA_API_KEY);
let sim;
let baseUrl;
if (realApi) {
  baseUrl = process.env.AISA_BASE_URL || 'https://api.aisa.one/v1';
} else {
  const { startSimulator } = createRequire(import.meta.url)(path.join(REPO_ROOT, 'out/test/simulator/server.js'));
  sim = await portOrExplain(Number(process.env.AISA_SIM_PORT || 8787), 'AISA_SIM_PORT', (port) =>
    startSimulator({
      port,
      apiKey: 'sk-aisa-simulator',
      latencyMs: 1500, // long enough to see the progress notification and its Cancel button
      onResponse: (r) =>
        console.log(`  simulator: ${r.method} ${r.path.split('?')[0]} ${r.aborted ? 'aborted' : r.status} ${r.ms} ms`),
    }),
  );
  baseUrl = sim.baseUrl;
}

const workspace = path.resolve(process.env.AISA_WORKSPACE || path.join(HOST_DIR, 'playground'));
if (!fs.existsSync(workspace)) {
  fs.mkdirSync(path.join(workspace, 'docs'), { recursive: true });
  fs.writeFileSync(
    path.join(workspace, 'README.md'),
    '# Playground\n\nSelect this line, then run "AIsa: Generate Image": a red panda in a bamboo forest.\n\n![A missing hero image](assets/hero.png)\n',
  );
}
const server = await portOrExplain(Number(process.env.AISA_PORT || 8080), 'AISA_PORT', (port) =>
  startCodeServer({ workspace, port, settings: { 'aisaImages.baseUrl': baseUrl } }),
);
const payload = [['extensionDevelopmentPath', `vscode-remote://${server.authority}${REPO_ROOT}`]];
const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
console.log(`
AIsa Images is running in VS Code (code-server) at:

  ${url}

API: ${realApi ? `${baseUrl} (paste your AIsa key when the extension asks; it goes to VS Code's secret storage)` : `the built-in simulator at ${baseUrl}; when asked for a key, paste: ${sim.apiKey}`}
Try: F1 > "AIsa: Generate Image". Logs: F1 > "AIsa: Show Log". Ctrl+C to stop.
`);
const stop = async () => {
  await server.stop();
  await sim?.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
