// extensionTestsPath entry, the @vscode/test-electron contract: VS Code loads this module in the
// extension host and awaits run(); a rejection makes the run exit non-zero. Bundled by
// `node esbuild.mjs --tests` into out/test/integration/index.js (mocha and vscode external).
// Runs every *.test.js next to the bundle; host: node test/host/run-integration.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

// The folder names the suite in its summary line ("integration: N passed, N failed"); the
// packaged-extension suite (test/package/index.ts) re-exports this run() from its own bundle.
const SUITE = path.basename(__dirname);

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, reporter: 'spec', color: false });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (files.length === 0) {
    console.log(`${SUITE}: 0 passed, 0 failed`);
    throw new Error(`no *.test.js files next to ${__filename}`);
  }
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passes = runner.stats?.passes ?? 0;
        const failed = runner.stats?.failures ?? failures;
        console.log(`${SUITE}: ${passes} passed, ${failed} failed`);
        if (failures > 0) reject(new Error(`${failures} ${SUITE} test(s) failed`));
        else resolve();
      });
    } catch (e) {
      // a test file that throws while loading (syntax error, bad import) lands here
      console.log(`${SUITE}: 0 passed, 1 failed`);
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
