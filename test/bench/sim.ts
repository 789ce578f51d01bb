// The simulator as the benchmark runs it: fixed latencies, incompressible ~12.6 MB PNGs, and
// images encoded ahead of time, so no download waits on the simulator's encoder (each noise PNG
// takes it ~50-80 ms of CPU, which would otherwise be charged to whichever client asked first).
import { encodePng } from '../simulator/png';
import { startSimulator, type SimResponseInfo, type Simulator } from '../simulator/server';

export interface BenchSimulator {
  readonly sim: Simulator;
  /** Images encoded ahead of their download. */
  readonly preEncoded: () => number;
  /** Images not yet encoded when their generation answer went out (should be 0). */
  readonly late: () => number;
  /** CDN responses so far, for a sanity check of download timings. */
  readonly cdn: SimResponseInfo[];
  /** Arrival of each request and end of each response, on this process's performance.now() clock. */
  readonly timeline: TimelineEvent[];
}

export interface TimelineEvent {
  server: 'api' | 'cdn';
  what: 'request' | 'response';
  at: number;
}

/** Images kept encoded ahead of the requests: two requests of four. The encoder's cache holds ~20. */
const LOOKAHEAD = 8;

export async function startBenchSimulator(
  latencyMs: number,
  downloadLatencyMs: number,
  width: number,
  height: number,
): Promise<BenchSimulator> {
  // The simulator's ImageStore gives the k-th image it creates seed k, and the encoder caches
  // by (size, mode, seed): encoding the coming seeds here fills that cache. Top-ups run when a
  // generation request arrives, in its latency window, for the requests after it.
  let created = 0;
  let encodedUpTo = 0;
  let late = 0;
  let draining = false;
  const drain = (): void => {
    if (encodedUpTo >= created + LOOKAHEAD) {
      draining = false;
      return;
    }
    encodePng(width, height, { mode: 'noise', seed: ++encodedUpTo });
    // One image at a time, so the simulator's own timers still fire between encodes.
    setImmediate(drain);
  };
  const topUp = (): void => {
    if (draining) return;
    draining = true;
    setImmediate(drain);
  };
  for (let seed = 1; seed <= LOOKAHEAD; seed++) encodePng(width, height, { mode: 'noise', seed });
  encodedUpTo = LOOKAHEAD;

  const cdn: SimResponseInfo[] = [];
  const timeline: TimelineEvent[] = [];
  const sim = await startSimulator({
    latencyMs,
    downloadLatencyMs,
    imageMode: 'noise',
    onRequest: (r) => {
      timeline.push({ server: r.server, what: 'request', at: performance.now() });
      if (r.server !== 'api' || r.method !== 'POST' || !r.path.startsWith('/v1/images/generations')) return;
      const body = (r.body ?? {}) as { n?: unknown; size?: unknown };
      if (body.size !== undefined && body.size !== `${width}x${height}`) return;
      created += typeof body.n === 'number' ? body.n : 1;
      topUp();
    },
    onResponse: (info) => {
      timeline.push({ server: info.server, what: 'response', at: performance.now() });
      if (info.server === 'cdn') cdn.push(info);
      else late += Math.max(0, created - encodedUpTo);
    },
  });
  return { sim, preEncoded: () => encodedUpTo, late: () => late, cdn, timeline };
}
