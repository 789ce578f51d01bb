// Bundle size, and what it is made of: bytes of the minified output attributed to their
// sources through the linked source map (esbuild writes dist/extension.js.map).
import { existsSync, readFileSync, statSync } from 'node:fs';

export interface BundleReport {
  bytes: number;
  /** Output bytes by origin ("src", "node-fetch", "zod", ...), largest first; empty without a map. */
  parts: { name: string; bytes: number }[];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Map([...B64].map((c, i) => [c, i]));

function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = B64_VALUE.get(c) ?? 0;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

function origin(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? source);
  }
  if (/(^|\/)src\//.test(source)) return 'src (the extension)';
  return source;
}

export function bundleReport(file: string): BundleReport {
  const bytes = statSync(file).size;
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return { bytes, parts: [] };
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
  const lines = readFileSync(file, 'utf8').split('\n');
  const totals = new Map<string, number>();
  const add = (name: string, n: number): void => {
    if (n > 0) totals.set(name, (totals.get(name) ?? 0) + n);
  };
  let source = 0;
  map.mappings.split(';').forEach((lineMappings, lineNo) => {
    const line = lines[lineNo] ?? '';
    const lineBytes = Buffer.byteLength(line) + 1;
    let col = 0;
    const segs: { col: number; source: number | undefined }[] = [];
    for (const seg of lineMappings.split(',')) {
      if (!seg) continue;
      const f = decodeVlq(seg);
      col += f[0] ?? 0;
      if (f.length >= 4) {
        source += f[1] ?? 0;
        segs.push({ col, source });
      } else {
        segs.push({ col, source: undefined });
      }
    }
    // Columns are UTF-16 units; the bundle is minified ASCII almost everywhere, so they count bytes.
    let last = 0;
    let owner = 'esbuild runtime and glue';
    for (const s of segs) {
      add(owner, s.col - last);
      last = s.col;
      owner = s.source === undefined ? 'esbuild runtime and glue' : origin(map.sources[s.source] ?? '?');
    }
    add(owner, Math.max(0, lineBytes - last));
  });
  const parts = [...totals].map(([name, n]) => ({ name, bytes: n })).sort((a, b) => b.bytes - a.bytes);
  return { bytes, parts };
}
