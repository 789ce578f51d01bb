// Reference scanning (the quick fix's parser) on 1 MB of ordinary documents and of the worst-case
// corpus the unit tests use: milliseconds per megabyte, median of several runs after a warm-up.
import { findImageRefs } from '../../src/core/imageRefs';
import { ORDINARY_CASES, WORST_CASES, type CorpusCase } from '../unit/refCorpus';
import { summarize } from './stats';

export const SCAN_GOAL_MS_PER_MB = 20;
const BYTES = 1_000_000;

export interface ScanFigure {
  readonly name: string;
  readonly kind: 'ordinary' | 'worst case';
  readonly msPerMb: number;
  readonly refs: number;
}

function measure(c: CorpusCase, kind: ScanFigure['kind'], reps: number): ScanFigure {
  const text = c.build(BYTES);
  const refs = findImageRefs(text, c.style).length; // warm-up, and the count
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    findImageRefs(text, c.style);
    times.push(performance.now() - started);
  }
  return { name: c.name, kind, msPerMb: (summarize(times).median * 1e6) / text.length, refs };
}

export function scanFigures(reps = 7): ScanFigure[] {
  return [
    ...ORDINARY_CASES.map((c) => measure(c, 'ordinary', reps)),
    ...WORST_CASES.map((c) => measure(c, 'worst case', reps)),
  ];
}
