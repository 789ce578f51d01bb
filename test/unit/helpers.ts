import { mkdtemp, readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AisaClient, type ClientOptions } from '../../src/core/client';
import type { FileSystem } from '../../src/core/files';
import type { Sleep } from '../../src/core/http';
import { nodeFileSystem } from '../../src/core/nodeFs';
import type { Simulator } from '../simulator/server';

export const tempDir = (prefix = 'aisa-test-'): Promise<string> => mkdtemp(path.join(tmpdir(), prefix));

/** node:fs, but every write puts one byte down and then fails as a full disk does (ENOSPC). */
export const diskFullFileSystem: FileSystem = {
  ...nodeFileSystem,
  async writeFile(p, data) {
    await nodeFileSystem.writeFile(p, data.subarray(0, 1));
    throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
  },
};

/** A sleep that records what it was asked to wait and returns at once: retries without the wait. */
export function recordingSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      waits.push(ms);
      if (signal?.aborted) throw new Error('aborted');
    },
  };
}

export function clientFor(sim: Simulator, extra: Partial<ClientOptions> = {}): AisaClient {
  return new AisaClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, ...extra });
}

/** Resolves on the simulator's next request of the given server: arrival, not elapsed time. */
export function nextRequest(
  hooks: { listeners: Array<(server: string) => void> },
  server: 'api' | 'cdn',
): Promise<void> {
  return new Promise((resolve) => {
    const listener = (s: string): void => {
      if (s !== server) return;
      hooks.listeners.splice(hooks.listeners.indexOf(listener), 1);
      resolve();
    };
    hooks.listeners.push(listener);
  });
}

export async function filesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** A loopback port where nothing listens (taken, then freed): connecting to it is refused. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
