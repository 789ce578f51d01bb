/* global window */
// First run, in the real workbench: once the extension activates, the "Get started with AIsa
// Images" walkthrough opens by itself, with its five steps and the first step's media (that every
// step's media file exists is test/unit/walkthrough.test.ts). The test host turns
// VS Code's "open walkthroughs on install" off for every other scenario; this one turns it back
// on, as it is by default (a machine-scoped setting: code-server's Machine settings). That it
// opens only once: test/integration/walkthrough.test.ts.
import assert from 'node:assert/strict';
import { webviewFrame } from '../host/code-server.mjs';

export const name = 'on first run the "Get started with AIsa Images" walkthrough opens by itself, with its five steps';

const STEPS = [
  'Set your AIsa API key',
  'Generate your first image',
  'Open the Image Generator',
  'Generate from a selection or a missing reference',
  'Use it from the agent',
];

export function setup({ machineSettings }) {
  machineSettings({ 'workbench.welcomePage.walkthroughs.openOnInstall': true });
}

/** Whether an element is really on screen: the Welcome page keeps its other slides in the DOM. */
const onScreen = (locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight;
  });

export async function run({ page, shot, runCommand, step }) {
  // Anything that activates the extension opens it (a Markdown file, any of its commands; here it
  // may already have happened as the workbench started): Show Log, which leaves the editors alone.
  await runCommand('AIsa: Show Log');
  const tab = page.locator('.tabs-container .tab', { hasText: 'Welcome' });
  await tab.waitFor({ timeout: 60000 });
  step('the walkthrough opened by itself');
  await tab.click(); // in front of any editor that opened after it
  // Escape on the Welcome page means "go back" to its overview, and the harness may have pressed it
  // (the theme picker, a palette retry) after it opened: then ours is the "New" walkthrough listed there.
  const card = page
    .locator('.gettingStartedContainer button.getting-started-category', { hasText: 'Get started with AIsa Images' })
    .first();
  if ((await card.isVisible()) && (await onScreen(card))) {
    step('(back on the overview after an Escape: opening it from its card)');
    await card.click();
  }
  const first = page.locator('[x-step-title-for="aisa.aisa-images#getStarted#setApiKey"]');
  await page.waitForFunction(
    (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;
    },
    await first.elementHandle(),
  );
  const titles = page.locator('.gettingStartedContainer [x-step-title-for^="aisa.aisa-images#getStarted#"]');
  assert.deepEqual(
    (await titles.allInnerTexts()).map((t) => t.trim()),
    STEPS,
  );
  step('it shows its five steps');

  // The first step's media is its Markdown page, in a webview beside the steps. The log that Show
  // Log opened goes away first (Ctrl+J toggles the panel), so the shot shows the walkthrough whole.
  await page.keyboard.press('Control+J');
  await page.locator('.part.panel').waitFor({ state: 'hidden' });
  const media = webviewFrame(page);
  await media.getByText('Your key stays yours').waitFor();
  await shot('1-first-run');
}
