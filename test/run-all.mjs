// `npm test`: build, type-check, lint, unit tests, then the integration and UI suites inside a
// real VS Code (code-server), installing what those need on first use. Ends with one line,
// "tests: N passed, N failed". Set AISA_SKIP_VSCODE=1 to stop after the unit tests.
import { spawn } from 'node:child_process';

const totals = { passed: 0, failed: 0 };
const failures = [];

function run(name, cmd, args, { count } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    const relay = (stream, target) =>
      stream.on('data', (d) => {
        output += d;
        target.write(d);
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', (code) => {
      if (count) {
        const [passed, failed] = count(output);
        totals.passed += passed;
        totals.failed += failed;
      }
      if (code !== 0) failures.push(`${name} (exit ${code})`);
      console.log(
        `=== ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      resolve(code === 0);
    });
  });
}

const lastNumber = (output, re) => {
  const all = [...output.matchAll(re)];
  return all.length ? Number(all[all.length - 1][1]) : 0;
};
const nodeTestCounts = (out) => [lastNumber(out, /^ℹ pass (\d+)/gm), lastNumber(out, /^ℹ fail (\d+)/gm)];
const plainCounts = (out) => {
  const m = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
};

const steps = [
  ['build', 'node', ['esbuild.mjs']],
  ['typecheck (extension and webview)', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npm', ['run', '--silent', 'format:check']],
  ['build tests', 'node', ['esbuild.mjs', '--tests']],
  [
    'unit',
    'node',
    ['--test', '--test-reporter=spec', '--test-concurrency=2', 'out/test/unit/'],
    { count: nodeTestCounts },
  ],
];
if (process.env.AISA_SKIP_VSCODE !== '1') {
  steps.push(['vscode host setup', 'bash', ['test/host/setup.sh']]);
  steps.push(['integration (real VS Code)', 'node', ['test/host/run-suites.mjs'], { count: plainCounts }]);
}

for (const [name, cmd, args, opts] of steps) {
  const ok = await run(name, cmd, args, opts);
  // Without a build or the host, later steps would only repeat the same failure.
  if (!ok && ['build', 'build tests', 'vscode host setup'].includes(name)) break;
}

console.log(`\n${failures.length ? `FAILED: ${failures.join(', ')}` : 'all steps passed'}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(failures.length ? 1 : 0);
