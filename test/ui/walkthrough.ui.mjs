// The first-run walkthrough as VS Code shows it: "Get started with AIsa Images", its five steps,
// each with its media (the images are the marketplace screenshots, so a missing file shows here).
// Opening it by itself on the first activation is tested in test/integration/walkthrough.test.ts
// (the test host turns VS Code's "open walkthroughs on install" off for every other scenario).
import assert from 'node:assert/strict';

export const name = 'the "Get started with AIsa Images" walkthrough shows its five steps, each with its media';

const STEPS = ['Set your AIsa API key', 'Generate your first image', 'Open the Image Generator', 'Generate from a selection or a missing reference', 'Use it from the agent'];

export async function run({ page, shot, runCommand, quickInput, step }) {
  await runCommand('Welcome: Open Walkthrough...');
  const pick = await quickInput('Open Walkthrough');
  await page.locator('.quick-input-widget input').fill('AIsa');
  await pick.locator('.monaco-list-row', { hasText: 'Get started with AIsa Images' }).first().click();
  const container = page.locator('.gettingStartedContainer');
  await container.locator('.getting-started-category', { hasText: 'Get started with AIsa Images' }).or(container.locator('h2', { hasText: 'Get started with AIsa Images' })).first().waitFor();
  const titles = container.locator('.getting-started-step .step-title');
  await titles.nth(STEPS.length - 1).waitFor();
  assert.deepEqual((await titles.allInnerTexts()).map((t) => t.trim()), STEPS);
  step('walkthrough open with its five steps');

  // The first step's media is Markdown, in a webview.
  await page.locator('.getting-started-media iframe, .getting-started-media .webview').first().waitFor();
  await shot('1-key');

  // The panel step shows the panel's screenshot: the image file must exist and load.
  await titles.filter({ hasText: 'Open the Image Generator' }).click();
  const img = page.locator('.getting-started-media img[src*="panel.png"]');
  await img.waitFor();
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
  await shot('2-panel');
  step('the panel step shows its image');
}
