// The `aisa-image` executable: process wiring only; the behaviour is in run.ts.
import { describeError } from '../core/errors';
import { runCli } from './run';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
runCli(process.argv.slice(2), {
  out: (l) => process.stdout.write(l.endsWith('\n') ? l : `${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`aisa-image: unexpected failure: ${describeError(e)}\n`);
    process.exitCode = 1;
  },
);
