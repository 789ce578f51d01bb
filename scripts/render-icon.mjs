// Renders media/icon.svg to media/icon.png (128x128, transparent corners) in Debian's chromium,
// through playwright-core from the test host (bash test/host/setup.sh installs both).
// The PNG is committed; run this again after editing the SVG: node scripts/render-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, launchBrowser } from '../test/host/code-server.mjs';

const svg = fs.readFileSync(path.join(REPO_ROOT, 'media', 'icon.svg'), 'utf8');
const out = path.join(REPO_ROOT, 'media', 'icon.png');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log(`render-icon: ${path.relative(REPO_ROOT, out)} ${fs.statSync(out).size} bytes`);
} finally {
  await browser.close();
}
