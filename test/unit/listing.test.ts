// The Marketplace listing: what vsce packages and the Marketplace shows. Its images are made by
// `npm run screenshots`; these checks keep the manifest and the listing's README pointing at them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  icon?: string;
  categories: string[];
  keywords?: string[];
  galleryBanner?: { color?: string; theme?: string };
};
const README = 'media/marketplace/README.md';

test('the icon is a 128x128 PNG of our own', () => {
  assert.equal(manifest.icon, 'media/icon.png');
  const png = readFileSync(path.join(ROOT, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
});

test('categories, keywords and banner a search finds', () => {
  assert.deepEqual(manifest.categories, ['AI', 'Visualization']);
  const keywords = manifest.keywords ?? [];
  for (const k of ['image generation', 'ai image', 'assets', 'seedream', 'gemini', 'nano banana', 'wan', 'mcp'])
    assert.ok(keywords.includes(k), k);
  assert.ok(keywords.length <= 30, 'vsce takes at most 30 keywords');
  assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9A-Fa-f]{6}$/);
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''));
});

test('the listing README is the one packaged, and every image it shows exists, ships and is light', () => {
  assert.match(
    readFileSync(path.join(ROOT, 'scripts/package.mjs'), 'utf8'),
    new RegExp(`MARKETPLACE_README = '${README}'`),
  );
  const text = readFileSync(path.join(ROOT, README), 'utf8');
  // Images outside code spans (the README quotes Markdown references as examples).
  const images = [...text.replace(/`[^`\n]*`/g, '').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
  assert.ok(images.includes('media/marketplace/palette.gif'), 'the palette flow, animated, in the first screen');
  assert.ok(text.indexOf('palette.gif') < 1500, 'the GIF comes in the first screen');
  const shipped = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
  for (const image of images) {
    // Paths from the package root: VS Code's extension page resolves them in the installed extension.
    assert.match(image, /^media\/marketplace\/[\w-]+\.(png|gif)$/, image);
    assert.ok(existsSync(path.join(ROOT, image)), `${image} does not exist: run npm run screenshots`);
    assert.ok(statSync(path.join(ROOT, image)).size < 1024 * 1024, `${image} is over 1 MB`);
    assert.ok(
      shipped.includes(`!media/marketplace/*.${path.extname(image).slice(1)}`),
      `${image} is not packaged (.vscodeignore)`,
    );
  }
  for (const topic of [
    'Image Generator',
    'Generate Image from Selection',
    'Generate this image',
    '#generateImage',
    'MCP',
    'secret storage',
    'Privacy',
    'Settings',
  ]) {
    assert.ok(text.includes(topic), `the listing says nothing of ${topic}`);
  }
});
