// package.json is a contract with users and with VS Code: exact command ids and titles, and
// activation that is lazy yet early enough for every feature to exist when it is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUICK_FIX_LANGUAGES } from '../../src/core/imageRefs';
import { MODELS } from '../../src/core/models';
import { localizedManifest } from './nlsManifest';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
  };
}
// As VS Code shows it in English: titles come from package.nls.json (l10n.test.ts checks the translations).
const manifest = localizedManifest<Manifest>();

test('activation is lazy: no *, no onStartupFinished', () => {
  assert.ok(
    !manifest.activationEvents.some((e) => e === '*' || e === 'onStartupFinished'),
    manifest.activationEvents.join(', '),
  );
});

test('every language with the missing-image quick fix activates the extension, so the fix exists before any command ran; plain text does not', () => {
  const onLanguage = manifest.activationEvents
    .filter((e) => e.startsWith('onLanguage:'))
    .map((e) => e.slice('onLanguage:'.length))
    .sort();
  // Plain text is nearly every window (a .txt, a LICENSE, an untitled file) and has a quick fix
  // only for Vue/Svelte/Astro/MDX files opened without their language's extension: served once
  // the extension is active by anything else (BENCHMARKS.md, "Activation on plain text").
  assert.deepEqual(onLanguage, QUICK_FIX_LANGUAGES.filter((l) => l !== 'plaintext').sort());
  assert.ok(QUICK_FIX_LANGUAGES.includes('plaintext'), 'the provider still serves plain-text documents');
});

test('the commands users and keybindings rely on keep their ids, titles and category', () => {
  const titles = Object.fromEntries(
    manifest.contributes.commands.map((c) => [c.command, `${c.category ?? ''}: ${c.title}`]),
  );
  assert.deepEqual(
    {
      generate: titles['aisaImages.generate'],
      setApiKey: titles['aisaImages.setApiKey'],
      clearApiKey: titles['aisaImages.clearApiKey'],
      showLog: titles['aisaImages.showLog'],
      openPanel: titles['aisaImages.openPanel'],
      fromSelection: titles['aisaImages.generateFromSelection'],
      setUpAgents: titles['aisaImages.setUpAgents'],
    },
    {
      generate: 'AIsa: Generate Image',
      setApiKey: 'AIsa: Set API Key',
      clearApiKey: 'AIsa: Clear API Key',
      showLog: 'AIsa: Show Log',
      openPanel: 'AIsa: Open Image Generator',
      fromSelection: 'AIsa: Generate Image from Selection',
      setUpAgents: 'AIsa: Set Up for Other Agents…',
    },
  );
});

test('the settings that carry the key elsewhere can only be set by the user, never by a workspace', () => {
  const props = manifest.contributes.configuration.properties;
  assert.equal(props['aisaImages.baseUrl']?.scope, 'application');
  assert.equal(props['aisaImages.geminiApiVersion']?.scope, 'application');
  assert.equal(props['aisaImages.maxConcurrentRequests']?.default, 2);
  assert.equal(props['aisaImages.outputFolder']?.default, 'assets');
});

test("the agent tool keeps its name and reference, activates the extension, and its schema matches the core's input", () => {
  const m = manifest as unknown as {
    engines: { vscode: string };
    activationEvents: string[];
    contributes: { languageModelTools?: Array<Record<string, unknown>> };
  };
  const tools = m.contributes.languageModelTools ?? [];
  assert.deepEqual(
    tools.map((t) => [t['name'], t['toolReferenceName'], t['canBeReferencedInPrompt']]),
    [['aisa_generateImage', 'generateImage', true]],
  );
  assert.ok(m.activationEvents.includes('onLanguageModelTool:aisa_generateImage'));
  const schema = tools[0]?.['inputSchema'] as { properties: Record<string, { enum?: string[] }>; required: string[] };
  assert.deepEqual(schema.required, ['prompt']);
  assert.deepEqual(
    schema.properties['model']?.enum,
    MODELS.map((x) => x.id),
  );
  assert.match(String(tools[0]?.['modelDescription']), /\$0\.040/);
  // LanguageModelDataPart (images in a tool result) is stable from 1.106.
  assert.equal(m.engines.vscode, '^1.106.0');
});
