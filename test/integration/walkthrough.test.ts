import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openWalkthroughOnce, registerWalkthrough, WALKTHROUGH_SHOWN_KEY } from '../../src/features/walkthrough';
import { until } from './sim';

/** globalState as a fresh install has it: empty. */
class TestMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

const tabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
// VS Code's walkthrough editor is its Welcome page, opened at our walkthrough.
const walkthroughTabs = (): vscode.Tab[] => tabs().filter((t) => /welcome|walkthrough|get started/i.test(t.label));
const EXTENSION_ID = 'aisa.aisa-images';

/** Runs `fn` with VS Code's "open walkthroughs on install" set to `value`, then puts the user's value back. */
async function withOpenOnInstall(value: boolean, fn: () => Promise<void> | void): Promise<void> {
  const config = vscode.workspace.getConfiguration('workbench.welcomePage');
  const before = config.inspect<boolean>('walkthroughs.openOnInstall')?.globalValue;
  await config.update('walkthroughs.openOnInstall', value, vscode.ConfigurationTarget.Global);
  try {
    await fn();
  } finally {
    await config.update('walkthroughs.openOnInstall', before, vscode.ConfigurationTarget.Global);
  }
}

suite('the first-run walkthrough', () => {
  teardown(async () => {
    await vscode.window.tabGroups.close(walkthroughTabs());
  });

  test('the extension is the one the walkthrough is named after', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    const ids = (
      ext.packageJSON as { contributes: { walkthroughs: Array<{ id: string }> } }
    ).contributes.walkthroughs.map((w) => w.id);
    assert.deepEqual(ids, ['getStarted']);
  });

  test('opens "Get started with AIsa Images" in the real workbench the first time, and never again', async () => {
    const state = new TestMemento();
    assert.equal(walkthroughTabs().length, 0, 'no walkthrough open before');
    assert.equal(await openWalkthroughOnce(state, EXTENSION_ID), true);
    await until('the walkthrough editor to open', () => walkthroughTabs().length === 1);
    assert.equal(state.get(WALKTHROUGH_SHOWN_KEY), true);

    await vscode.window.tabGroups.close(walkthroughTabs());
    let opened = 0;
    assert.equal(
      await openWalkthroughOnce(state, EXTENSION_ID, () => {
        opened++;
        return Promise.resolve();
      }),
      false,
    );
    assert.equal(opened, 0, 'the second time opens nothing');
  });

  test('registered on two activations with the same globalState, it opens once', async () => {
    await withOpenOnInstall(true, async () => {
      const state = new TestMemento();
      const log = vscode.window.createOutputChannel('AIsa walkthrough test', { log: true });
      const context = { globalState: state, extension: { id: EXTENSION_ID } } as unknown as vscode.ExtensionContext;
      registerWalkthrough({ context, log }).dispose();
      // The decision is taken on activation: the flag is set before anything awaits.
      assert.equal(state.get(WALKTHROUGH_SHOWN_KEY), true);
      await until('the walkthrough editor to open', () => walkthroughTabs().length === 1);
      await vscode.window.tabGroups.close(walkthroughTabs());

      let writes = 0;
      const watched = {
        ...context,
        globalState: {
          get: state.get.bind(state),
          keys: state.keys.bind(state),
          update: (k: string, v: unknown) => {
            writes++;
            return state.update(k, v);
          },
        },
      } as unknown as vscode.ExtensionContext;
      registerWalkthrough({ context: watched, log }).dispose();
      assert.equal(writes, 0, 'the second activation does not try to open it');
      log.dispose();
    });
  });

  test('someone who turned off "open walkthroughs on install" never gets it', async () => {
    await withOpenOnInstall(false, () => {
      const state = new TestMemento();
      const log = vscode.window.createOutputChannel('AIsa walkthrough test', { log: true });
      registerWalkthrough({
        context: { globalState: state, extension: { id: EXTENSION_ID } } as unknown as vscode.ExtensionContext,
        log,
      }).dispose();
      assert.equal(state.get(WALKTHROUGH_SHOWN_KEY), undefined);
      log.dispose();
    });
  });

  test('the test host turns it off, so no other suite or scenario starts with the walkthrough open', () => {
    assert.equal(vscode.workspace.getConfiguration('workbench.welcomePage').get('walkthroughs.openOnInstall'), false);
  });
});
