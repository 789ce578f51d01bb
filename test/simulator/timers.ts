// Every delay the simulator makes goes through here so that close() and client disconnects
// can cancel it: a forgotten timer would keep a test process alive after it finished.
import type { ServerResponse } from 'node:http';
import { isGone } from './http';

export class Delays {
  private readonly pending = new Set<() => void>();
  private stopped = false;

  /** Resolves true after `ms`, or false as soon as the response's connection closes or all delays are cancelled. */
  sleep(ms: number, res: ServerResponse): Promise<boolean> {
    if (this.stopped || isGone(res)) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (ok: boolean): void => {
        clearTimeout(timer);
        this.pending.delete(cancel);
        res.off('close', cancel);
        resolve(ok);
      };
      const cancel = (): void => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      this.pending.add(cancel);
      res.on('close', cancel);
    });
  }

  cancelAll(): void {
    this.stopped = true;
    for (const cancel of [...this.pending]) cancel();
  }

  get size(): number {
    return this.pending.size;
  }
}
