// Refreshes the listing's images (media/marketplace/) and the walkthrough's (media/walkthrough/)
// from the UI scenarios' screenshots, so they show the extension as it is today.
//
//   npm run screenshots              build, run the UI scenarios in code-server, then crop
//   node scripts/screenshots.mjs --no-run [--from DIR]   only crop shots already in DIR
//                                    (default test-results/screenshots)
//
// Crops, scaling, palette PNGs and the animated GIF are done with sharp (already a dependency,
// libvips), so nothing else needs installing. Uses test/host/setup.sh's host like npm test does
// (AISA_HOST_DIR to reuse another checkout's).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import sharp from 'sharp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = util.parseArgs({ options: { 'no-run': { type: 'boolean' }, from: { type: 'string' } } });
const SHOTS = path.resolve(opts.from ?? path.join(ROOT, 'test-results', 'screenshots'));
const MARKET = path.join(ROOT, 'media', 'marketplace');
const WALK = path.join(ROOT, 'media', 'walkthrough');
const MAX_BYTES = 1024 * 1024;

/** What each committed image is made of: a screenshot (or several, for the GIF), a crop, a width. */
const IMAGES = [
  // The listing's first screen: the panel with results, then the palette flow.
  { out: path.join(MARKET, 'panel.png'), from: 'panel-4-results-dark.png', width: 1000 },
  {
    out: path.join(MARKET, 'palette.gif'),
    frames: [
      'generate-2-prompt.png',
      'generate-3-size.png',
      'generate-4-count.png',
      'generate-5-saved.png',
      'generate-6-inserted.png',
    ],
    delays: [1800, 1500, 1800, 2200, 3000],
    width: 840,
  },
  {
    out: path.join(MARKET, 'selection.png'),
    from: 'inline-2-context-menu.png',
    crop: { left: 350, top: 35, width: 650, height: 480 },
  },
  {
    out: path.join(MARKET, 'quick-fix.png'),
    from: 'inline-6-quick-fix.png',
    crop: { left: 350, top: 35, width: 650, height: 290 },
  },
  // The quick fix on <img src="img/og.webp" width="1200" height="630">: what is generated, what delivered.
  {
    out: path.join(MARKET, 'quick-fix-webp.png'),
    from: 'webpfix-2-prompt.png',
    crop: { left: 350, top: 0, width: 930, height: 290 },
  },
  { out: path.join(MARKET, 'panel-light.png'), from: 'panel-6-results-light.png', width: 1000 },
  // The walkthrough's media column is narrow: the part of the window each step is about.
  {
    out: path.join(WALK, 'generate.png'),
    from: 'generate-4-count.png',
    crop: { left: 350, top: 0, width: 700, height: 200 },
  },
  {
    out: path.join(WALK, 'panel.png'),
    from: 'panel-4-results-dark.png',
    crop: { left: 875, top: 35, width: 525, height: 830 },
    width: 420,
  },
  {
    out: path.join(WALK, 'quick-fix.png'),
    from: 'inline-6-quick-fix.png',
    crop: { left: 350, top: 35, width: 650, height: 290 },
  },
  // The walkthrough as it opens on first run.
  { out: path.join(MARKET, 'walkthrough.png'), from: 'walkthrough-1-first-run.png', width: 1000 },
];
const SCENARIOS = ['generate', 'inline', 'panel', 'walkthrough', 'webpfix'];

function run(args, env = {}) {
  execFileSync(args[0], args.slice(1), { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
}

function runScenarios(ids) {
  // A failed scenario makes run-suites exit 1, and this script with it: its shots would be stale.
  run([process.execPath, 'test/host/run-suites.mjs', '--only', 'ui', ...ids.flatMap((id) => ['--scenario', id])]);
}

function shot(name) {
  const file = path.join(SHOTS, name);
  if (!fs.existsSync(file))
    throw new Error(
      `no screenshot ${name} in ${path.relative(ROOT, SHOTS)}: did its UI scenario fail? (see the output above)`,
    );
  return file;
}

function frame(file, { crop, width }) {
  let img = sharp(file);
  if (crop) img = img.extract(crop);
  if (width) img = img.resize({ width });
  return img;
}

async function make(item) {
  fs.mkdirSync(path.dirname(item.out), { recursive: true });
  if (item.frames) {
    const frames = await Promise.all(item.frames.map((f) => frame(shot(f), item).png().toBuffer()));
    await sharp(frames, { join: { animated: true } })
      .gif({ delay: item.delays, loop: 0, effort: 10, dither: 0.5 })
      .toFile(item.out);
  } else {
    // UI is flat colour: a 256-colour palette keeps text sharp at a fraction of the bytes.
    await frame(shot(item.from), item)
      .png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 })
      .toFile(item.out);
  }
  const { width, height } = await sharp(item.out).metadata();
  const bytes = fs.statSync(item.out).size;
  console.log(`screenshots: ${path.relative(ROOT, item.out)} ${width}x${height} ${(bytes / 1024).toFixed(0)} KB`);
  if (bytes > MAX_BYTES)
    throw new Error(`${path.relative(ROOT, item.out)} is ${bytes} bytes: over 1 MB, too heavy for the listing`);
}

if (!opts['no-run']) {
  run([process.execPath, 'esbuild.mjs']);
  run([process.execPath, 'esbuild.mjs', '--tests']);
  run(['bash', 'test/host/setup.sh']);
  runScenarios(SCENARIOS);
}
for (const item of IMAGES) await make(item);
