// Builds the .vsix. sharp's native binaries are per platform, so each package carries the image
// converter for one target (BENCHMARKS.md, "Packaging": per-target packages beat one universal
// wasm32 package on both size and speed).
//
//   node scripts/package.mjs                  this machine's target -> aisa-images.vsix (npm run package)
//   node scripts/package.mjs --target T       T: linux-x64 linux-arm64 alpine-x64 alpine-arm64
//                                             darwin-x64 darwin-arm64 win32-x64 win32-arm64
//                                             -> aisa-images-T.vsix
//   node scripts/package.mjs --wasm32         one universal package with sharp's wasm32 build
//                                             -> aisa-images-universal-wasm32.vsix
//   node scripts/package.mjs --all            every target above, then the wasm32 package
//   ... --base-images-url https://HOST/PATH   make the README's image links absolute (vsce's
//                                             --baseImagesUrl), for publishing to the Marketplace
//
// This machine's target packages the repository as it is (node_modules as `npm ci` left it).
// Any other is staged in .package/<name>/: the built files and the lock file, then
// `npm ci --omit=dev --os=.. --cpu=.. --libc=..`, which installs sharp with that platform's
// @img/sharp-* packages from the npm registry (nothing is compiled), then vsce packages it.
// The staged folders stay for `npm run bench` to measure each build's conversion time.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

/** vsce's target names, and npm's os / cpu / libc for each. */
export const TARGETS = {
  'linux-x64': { os: 'linux', cpu: 'x64', libc: 'glibc' },
  'linux-arm64': { os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'alpine-x64': { os: 'linux', cpu: 'x64', libc: 'musl' },
  'alpine-arm64': { os: 'linux', cpu: 'arm64', libc: 'musl' },
  'darwin-x64': { os: 'darwin', cpu: 'x64' },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64' },
  'win32-x64': { os: 'win32', cpu: 'x64' },
  'win32-arm64': { os: 'win32', cpu: 'arm64' },
};

function hostTarget() {
  const musl = process.platform === 'linux' && !process.report?.getReport()?.header?.glibcVersionRuntime;
  const name = `${process.platform === 'linux' && musl ? 'alpine' : process.platform}-${process.arch}`;
  if (!TARGETS[name]) throw new Error(`no package target for this machine (${name})`);
  return name;
}

/** The README the package (and so the Marketplace and VS Code's extension page) shows. */
export const MARKETPLACE_README = 'media/marketplace/README.md';

/** Runs a step with its output shown; a failing step ends the script with one line (its own output says why). */
function run(cmd, args, cwd) {
  try {
    execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (e) {
    console.error(
      `package: ${path.basename(args[0] ?? cmd)} ${args.slice(1, 3).join(' ')} failed (exit ${e.status}): see its output above.`,
    );
    process.exit(1);
  }
}

function vscePackage(cwd, out, target) {
  // With dependencies (not --no-dependencies): .vscodeignore keeps only sharp, its runtime
  // dependencies and the @img binaries from node_modules.
  // The listing's README is media/marketplace/README.md (the repository's README is for
  // developers). Its images are paths inside the package (media/marketplace/*), which VS Code's
  // extension page resolves against the installed extension; with no repository URL to rewrite
  // them to, vsce is told to leave them relative. Once the images are online somewhere, pass
  // --base-images-url https://... and vsce makes them absolute for the Marketplace web page.
  const links = baseImagesUrl
    ? ['--baseImagesUrl', baseImagesUrl, '--baseContentUrl', baseImagesUrl]
    : ['--no-rewrite-relative-links'];
  run(
    process.execPath,
    [
      vsce,
      'package',
      '--allow-missing-repository',
      '--skip-license',
      '--readme-path',
      MARKETPLACE_README,
      ...links,
      ...(target ? ['--target', target] : []),
      '--out',
      out,
    ],
    cwd,
  );
  const bytes = statSync(out).size;
  console.log(
    `package: ${path.relative(root, out)} ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)${target ? ` for ${target}` : ', universal'}`,
  );
  return bytes;
}

/** A copy of what the package holds, with production dependencies for npm's os/cpu/libc. */
function stage(name, npmFlags) {
  const dir = path.join(root, '.package', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const translations = readdirSync(root).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f) || f === 'l10n');
  for (const f of [
    'package.json',
    'package-lock.json',
    '.vscodeignore',
    'CHANGELOG.md',
    'LICENSE',
    'media',
    'dist',
    ...translations,
  ]) {
    cpSync(path.join(root, f), path.join(dir, f), { recursive: true });
  }
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', ...npmFlags], dir);
  return dir;
}

function packageTarget(target, host) {
  if (target === host) return vscePackage(root, path.join(root, 'aisa-images.vsix'), target);
  const t = TARGETS[target];
  const flags = [`--os=${t.os}`, `--cpu=${t.cpu}`, ...(t.libc ? [`--libc=${t.libc}`] : [])];
  const dir = stage(target, flags);
  return vscePackage(dir, path.join(root, `aisa-images-${target}.vsix`), target);
}

function packageWasm32() {
  // npm installs sharp's wasm32 build (@img/sharp-wasm32, through the package that asks for
  // cpu wasm32) and no native binary: sharp falls back to it on every platform.
  const dir = stage('wasm32', ['--os=linux', '--cpu=wasm32']);
  for (const native of ['sharp-linux-x64', 'sharp-libvips-linux-x64']) {
    if (existsSync(path.join(dir, 'node_modules', '@img', native)))
      throw new Error(`the wasm32 stage holds @img/${native}`);
  }
  return vscePackage(dir, path.join(root, 'aisa-images-universal-wasm32.vsix'), undefined);
}

const args = process.argv.slice(2);
const baseImagesUrl = args.includes('--base-images-url') ? args[args.indexOf('--base-images-url') + 1] : undefined;
if (args.includes('--base-images-url') && !/^https:\/\/\S+$/.test(baseImagesUrl ?? ''))
  throw new Error(
    '--base-images-url takes an https:// URL, where the repository root is served (its media/marketplace/ holds the images)',
  );
run(process.execPath, ['esbuild.mjs'], root);
const host = hostTarget();
if (args.includes('--all')) {
  for (const t of Object.keys(TARGETS)) packageTarget(t, host);
  packageWasm32();
} else if (args.includes('--wasm32')) {
  packageWasm32();
} else {
  const i = args.indexOf('--target');
  const target = i >= 0 ? args[i + 1] : host;
  if (!target || !TARGETS[target]) throw new Error(`--target must be one of ${Object.keys(TARGETS).join(', ')}`);
  packageTarget(target, host);
}
