// `npm run bench:panel-memory`: the Image Generator panel's memory with a 50-image history, with
// gallery thumbnails and without (AISA_NO_THUMBNAILS=1, the switch PanelThumbnails reads). Each
// run: a fresh code-server with the extension and the simulator behind aisaImages.baseUrl, five
// panel generations of ten 2048x2048 images, then a new window (a fresh browser context) with
// the panel opened on that history; every gallery image scrolled into view and decoded, a garbage collection, then:
//   - decoded: the pixels the webview's <img> elements hold (naturalWidth x naturalHeight x 4 bytes);
//   - JS heap: CDP Performance.getMetrics JSHeapUsedSize of the page (the workbench and the webview
//     frames share its renderer and isolate here);
//   - renderer: the Pss of every renderer process, from CDP SystemInfo.getProcessInfo's pids and
//     /proc/<pid>/smaps_rollup (Linux). Decoded images live there (chromium runs with --disable-gpu).
// performance.measureUserAgentSpecificMemory is not used: it needs a cross-origin-isolated page,
// which the workbench is not. Needs the VS Code host (bash test/host/setup.sh) and
// `node esbuild.mjs && node esbuild.mjs --tests`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  ensureTheme,
  launchBrowser,
  openWorkbench,
  panelFrame,
  quickInput,
  REPO_ROOT,
  runCommand,
  startCodeServer,
} from '../host/code-server.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require(path.join(REPO_ROOT, 'out/test/simulator/server.js'));

const GENERATIONS = 5;
const PER_GENERATION = 10;
const IMAGES = GENERATIONS * PER_GENERATION;
const MB = 1024 * 1024;

const pss = (pid) => {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
};

async function fill(page, sim) {
  let wv = await panelFrame(page);
  for (let g = 0; g < GENERATIONS; g++) {
    const prompt = `memory bench ${g + 1}`;
    await wv.locator('#prompt').fill(prompt);
    await wv.locator('#count').fill(String(PER_GENERATION));
    await wv.locator('#generate:not([disabled])').click();
    await wv.locator('#results .entry:not(.run) .entry-prompt', { hasText: prompt }).waitFor({ timeout: 180000 });
    wv = await panelFrame(page);
  }
  if (sim.generationRequests().length !== GENERATIONS) throw new Error('unexpected number of generations');
}

async function measure(thumbnails) {
  const sim = await startSimulator({ apiKey: 'sk-sim-bench' });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-bench-panel-'));
  const server = await startCodeServer({
    workspace,
    settings: { 'aisaImages.baseUrl': sim.baseUrl, 'workbench.colorTheme': 'Dark Modern' },
    env: thumbnails ? {} : { AISA_NO_THUMBNAILS: '1' },
  });
  const browser = await launchBrowser();
  try {
    let context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    let page = await context.newPage();
    await openWorkbench(page, { url: server.url, authority: server.authority, folder: workspace });
    await ensureTheme(page, 'Dark Modern');
    // The key first, from the palette: its input box is not raced by the webview taking the focus.
    await runCommand(page, 'AIsa: Set API Key');
    await quickInput(page, 'AIsa API Key');
    await page.locator('.quick-input-widget input').fill(sim.apiKey);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await runCommand(page, 'AIsa: Open Image Generator');
    await fill(page, sim);
    const saved = fs.readdirSync(path.join(workspace, 'assets')).filter((f) => f.endsWith('.png')).length;
    if (saved !== IMAGES) throw new Error(`${saved} images saved, not ${IMAGES}`);

    // A fresh browser context (its own renderer, a new window on the same workspace and its
    // history) holding only the panel, opened on that history.
    await context.close();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    await openWorkbench(page, { url: server.url, authority: server.authority, folder: workspace });
    await runCommand(page, 'AIsa: Open Image Generator');
    const wv = await panelFrame(page);
    const imgs = wv.locator('#history-list .thumb img, #results .thumb img');
    for (const end = Date.now() + 120000; ; await page.waitForTimeout(250)) {
      const srcs = await imgs.evaluateAll((list) => list.map((i) => i.getAttribute('src') ?? ''));
      const small = srcs.filter((s) => s.includes('/thumbnails/')).length;
      if (srcs.length === IMAGES && (!thumbnails || small === IMAGES)) break;
      if (Date.now() > end) {
        await page.screenshot({ path: path.join(os.tmpdir(), 'aisa-panel-memory-failure.png') });
        throw new Error(`${srcs.length} images in the gallery, ${small} thumbnails`);
      }
    }
    for (let i = 0; i < IMAGES; i++) await imgs.nth(i).scrollIntoViewIfNeeded();
    for (const end = Date.now() + 120000; ; await page.waitForTimeout(250)) {
      const ok = await imgs.evaluateAll((list) => list.filter((i) => i.complete && i.naturalWidth > 0).length);
      if (ok === IMAGES) break;
      if (Date.now() > end) throw new Error(`${ok} of ${IMAGES} images decoded`);
    }
    const decoded = await imgs.evaluateAll((list) =>
      list.reduce((n, i) => n + i.naturalWidth * i.naturalHeight * 4, 0),
    );
    const side = await imgs.evaluateAll((list) =>
      Math.max(...list.map((i) => Math.max(i.naturalWidth, i.naturalHeight))),
    );
    await page.waitForTimeout(2000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    const browserCdp = await browser.newBrowserCDPSession();
    const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
    const renderers = processInfo.filter((p) => p.type === 'renderer');
    const renderer = renderers.reduce((n, p) => n + pss(p.id), 0);
    return { thumbnails, decoded, side, heap, renderer, renderers: renderers.length };
  } finally {
    await browser.close();
    await server.stop();
    await sim.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

const fmt = (bytes) => `${(bytes / MB).toFixed(1)} MB`;
const rows = [];
for (const thumbnails of [false, true]) {
  const r = await measure(thumbnails);
  rows.push(r);
  console.log(
    `${thumbnails ? 'thumbnails   ' : 'full images  '} largest side ${r.side} px · decoded ${fmt(r.decoded)} · JS heap ${fmt(r.heap)} · renderer Pss ${fmt(r.renderer)} (${r.renderers} renderer process${r.renderers === 1 ? '' : 'es'})`,
  );
}
const [before, after] = rows;
console.log(
  `${IMAGES} images of 2048x2048: decoded ${fmt(before.decoded)} -> ${fmt(after.decoded)}, renderer ${fmt(before.renderer)} -> ${fmt(after.renderer)} (${(((before.renderer - after.renderer) / before.renderer) * 100).toFixed(0)}% less)`,
);
