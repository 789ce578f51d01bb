// The shape the code must keep: no import cycles (type-only imports included), and one
// generation pipeline that every entry point goes through rather than a copy of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

const FILES = sources(SRC);
const rel = (file: string): string => path.relative(SRC, file).split(path.sep).join('/');
const text = new Map(FILES.map((f) => [f, readFileSync(f, 'utf8')]));

/** Relative imports and re-exports, `import type` included, resolved to files under src. */
function importsOf(file: string): string[] {
  const out: string[] = [];
  for (const m of (text.get(file) ?? '').matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gms)) {
    const base = path.resolve(path.dirname(file), m[1] ?? '');
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => text.has(c));
    if (hit) out.push(hit);
  }
  return out;
}

/** Every cycle found by a depth-first walk, each as the files around it. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

test('the cycle finder sees a cycle of type-only imports', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  assert.deepEqual(findCycles(graph), [['a', 'b', 'c', 'a']]);
});

test('src has no import cycles, type-only imports included', () => {
  const graph = new Map(FILES.map((f) => [f, importsOf(f)]));
  assert.ok(graph.size > 50, `read ${graph.size} files`);
  assert.deepEqual(
    findCycles(graph).map((c) => c.map(rel).join(' -> ')),
    [],
  );
});

test('only the pipeline runs generations and asks for requests: entry points are adapters over it', () => {
  const pipeline = /^features\/pipeline\//;
  for (const [pattern, what] of [
    [/\bservice\.(run|resave)\(/, 'runs the generation service'],
    [/\baskRequest\(/, 'asks for a request'],
    [/\bwithNotification\(/, 'shows generation progress'],
    [/\bgenerateAndSave\(|\bsaveImages\(/, 'calls the core generation'],
  ] as const) {
    const offenders = FILES.map(rel)
      .filter(
        (f) =>
          !pipeline.test(f) &&
          !f.startsWith('core/') &&
          !f.startsWith('cli/') &&
          f !== 'features/generationService.ts' &&
          f !== 'features/ask.ts',
      )
      .filter((f) => pattern.test(text.get(path.join(SRC, f)) ?? ''));
    assert.deepEqual(offenders, [], `only src/features/pipeline/ ${what}`);
  }
});

test('the scripted-or-person decision is made in one place', () => {
  const deciding = FILES.map(rel).filter((f) =>
    /export (const|function) scriptedArgs\b/.test(text.get(path.join(SRC, f)) ?? ''),
  );
  assert.deepEqual(deciding, ['features/pipeline/invocation.ts']);
});
