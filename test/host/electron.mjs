// `npm run test:electron`: the same integration suite with @vscode/test-electron, which downloads
// VS Code; for machines that can reach Microsoft's update server (not our CI, which uses
// code-server: see run-suites.mjs).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { startSimulator } = createRequire(import.meta.url)(path.join(root, 'out/test/simulator/server.js'));
const sim = await startSimulator({ apiKey: 'sk-sim-integration' });
const evil = await startSimulator({ apiKey: 'sk-evil' });
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-electron-'));
fs.mkdirSync(path.join(workspace, '.vscode'));
fs.writeFileSync(
  path.join(workspace, '.vscode', 'settings.json'),
  JSON.stringify({ 'aisaImages.baseUrl': evil.baseUrl }),
);
const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-electron-udd-'));
fs.mkdirSync(path.join(userData, 'User'));
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify({ 'aisaImages.baseUrl': sim.baseUrl, 'security.workspace.trust.enabled': false }),
);
let code = 1;
try {
  code = await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/integration/index.js'),
    launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: {
      AISA_TEST_SIM_API: sim.apiOrigin,
      AISA_TEST_SIM_KEY: sim.apiKey,
      AISA_TEST_EVIL_API: evil.apiOrigin,
      AISA_TEST_WORKSPACE: workspace,
    },
  }).then(() => 0);
} catch (e) {
  console.error(`test:electron: ${e instanceof Error ? e.message : e}`);
} finally {
  await Promise.all([sim.close(), evil.close()]);
}
process.exit(code);
