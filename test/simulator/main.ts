// Standalone simulator for manual runs and for tests in other processes.
// Other scripts parse the first line printed, so its wording is fixed.
import { startSimulator } from './server';
import type { ImageMode } from './types';

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return n;
}

function envImageMode(): ImageMode {
  const raw = process.env['AISA_SIM_IMAGE_MODE'] ?? 'pattern';
  if (raw !== 'pattern' && raw !== 'noise' && raw !== 'photo')
    throw new Error(`AISA_SIM_IMAGE_MODE must be pattern, noise or photo, got ${raw}`);
  return raw;
}

async function main(): Promise<void> {
  const port = envNumber('AISA_SIM_PORT', 8787);
  // Port 0 asks for an ephemeral port; 0 + 1 would be a real (privileged) port.
  const cdnPort = envNumber('AISA_SIM_CDN_PORT', port === 0 ? 0 : port + 1);
  const sim = await startSimulator({
    port,
    cdnPort,
    apiKey: process.env['AISA_SIM_KEY'] ?? 'sk-aisa-simulator',
    // Long enough by default that progress UI is visible when trying the extension by hand.
    latencyMs: envNumber('AISA_SIM_LATENCY_MS', 1500),
    imageMode: envImageMode(),
    onResponse: (r) => {
      process.stdout.write(`${r.method} ${r.path} ${r.aborted ? 'aborted' : r.status} ${r.ms}ms\n`);
    },
  });
  process.stdout.write(`AIsa simulator listening: base URL ${sim.baseUrl}  key ${sim.apiKey}\n`);

  const shutdown = (): void => {
    void sim.close().then(() => {
      process.exitCode = 0;
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`AIsa simulator failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
