// A tolerant stand-in for the `vscode` module, just enough to load the extension bundle and run
// activate() in plain Node. Every member not defined here is a "universal" value: callable,
// constructible, extendable, and every property of it is another universal value, so features
// added later do not break the benchmark. Calls return a thenable that resolves to undefined
// (so `await vscode.x.y()` and `.then()` work); property reads and `new` results are not
// thenable, so they never turn into a promise by accident.

export interface FakeLog {
  /** Dotted paths of every call and construction, in order ("commands.registerCommand"). */
  readonly calls: string[];
  /** Command ids passed to commands.registerCommand / registerTextEditorCommand. */
  readonly commands: string[];
}

import { readFileSync } from 'node:fs';

type Any = Record<string | symbol, unknown>;

function universal(path: string, log: FakeLog, thenable: boolean): unknown {
  const children = new Map<PropertyKey, unknown>();
  // A plain function, so `new X()` and `class Y extends X` work; its prototype is universal
  // too, so a subclass instance still answers any member.
  const target = function () {} as unknown as Any;
  target['prototype'] = protoProxy(`${path}#`, log);
  return new Proxy(target, {
    get(t, prop) {
      // Proxy invariant: non-configurable own members (prototype, arguments, caller) stay as they are.
      if (Reflect.getOwnPropertyDescriptor(t, prop)?.configurable === false) return Reflect.get(t, prop);
      if (prop === 'then') {
        return thenable ? (resolve?: (v: unknown) => void): void => resolve?.(undefined) : undefined;
      }
      if (prop === Symbol.toPrimitive) return () => path;
      if (prop === 'toString' || prop === 'toJSON') return () => path;
      if (typeof prop === 'symbol') return undefined;
      if (!children.has(prop)) children.set(prop, universal(`${path}.${prop}`, log, false));
      return children.get(prop);
    },
    set: () => true,
    apply(_t, _this, args: unknown[]) {
      log.calls.push(path);
      if (/\.register(TextEditor)?Command$/.test(path) && typeof args[0] === 'string') log.commands.push(args[0]);
      return universal(`${path}()`, log, true);
    },
    construct(t, _args, newTarget) {
      log.calls.push(`new ${path}`);
      return Reflect.construct(t as unknown as new () => object, [], newTarget);
    },
  });
}

/** The prototype at the end of a fake class's chain: any member lookup ends here. */
function protoProxy(path: string, log: FakeLog): object {
  const members = new Map<PropertyKey, unknown>();
  return new Proxy(
    {},
    {
      // Only reached when neither the instance nor a subclass prototype has the member.
      get(_t, prop) {
        if (prop === 'then' || prop === 'constructor' || typeof prop === 'symbol') return undefined;
        if (!members.has(prop)) members.set(prop, universal(`${path}${String(prop)}`, log, false));
        return members.get(prop);
      },
    },
  );
}

/** A plain object whose missing members are universal values. */
function tolerant<T extends object>(base: T, path: string, log: FakeLog): T {
  const extra = new Map<PropertyKey, unknown>();
  return new Proxy(base, {
    get(t, prop, receiver) {
      if (prop in t || typeof prop === 'symbol' || prop === 'then' || prop === '__esModule')
        return Reflect.get(t, prop, receiver);
      if (!extra.has(prop)) extra.set(prop, universal(`${path}.${String(prop)}`, log, false));
      return extra.get(prop);
    },
  });
}

const memento = (path: string, log: FakeLog): object =>
  tolerant(
    {
      get: (_k: string, d?: unknown) => d,
      update: async () => undefined,
      keys: () => [],
      setKeysForSync: () => undefined,
    },
    path,
    log,
  );

const configuration = (log: FakeLog): object =>
  tolerant(
    { get: (_k: string, d?: unknown) => d, has: () => false, inspect: () => undefined, update: async () => undefined },
    'configuration',
    log,
  );

/**
 * The bundle reads `vscode` through esbuild's `__toESM`, which copies only the module's own
 * property names: so every top-level name of the real API must exist up front. They are read
 * from @types/vscode, so the list follows the API version the extension is built against.
 */
export function vscodeApiNames(typesFile: string | undefined): string[] {
  const fallback = [
    'window',
    'workspace',
    'commands',
    'env',
    'languages',
    'extensions',
    'l10n',
    'Uri',
    'EventEmitter',
    'Disposable',
    'ProgressLocation',
    'ViewColumn',
    'StatusBarAlignment',
    'ThemeIcon',
    'ThemeColor',
    'TreeItem',
    'Range',
    'Position',
    'Selection',
    'SnippetString',
    'MarkdownString',
    'RelativePattern',
    'CancellationTokenSource',
    'InputBoxValidationSeverity',
    'ConfigurationTarget',
  ];
  if (!typesFile) return fallback;
  try {
    const text = readFileSync(typesFile, 'utf8');
    const names = [...text.matchAll(/^\texport (?:class|namespace|enum|const|let|var|function) (\w+)/gm)].map(
      (m) => m[1] ?? '',
    );
    return names.length > 20 ? [...new Set(names)] : fallback;
  } catch {
    return fallback;
  }
}

/**
 * The module object itself is plain, like the real API object: the bundle copies its members
 * once per `import * as vscode` (esbuild's __toESM), and a proxy there would make that copy
 * several times slower than it is in VS Code. Its members are tolerant.
 */
export function createFakeVscode(log: FakeLog, apiNames: readonly string[]): Record<string, unknown> {
  const api: Record<string, unknown> = {};
  for (const name of apiNames) api[name] = universal(name, log, false);
  api['window'] = tolerant({ activeTextEditor: undefined, visibleTextEditors: [], terminals: [] }, 'window', log);
  api['workspace'] = tolerant(
    {
      workspaceFolders: undefined,
      textDocuments: [],
      isTrusted: true,
      getConfiguration: (): object => {
        log.calls.push('workspace.getConfiguration');
        return configuration(log);
      },
    },
    'workspace',
    log,
  );
  api['version'] = '1.95.0';
  return api;
}

/** What activate() receives: real subscriptions and mementos, everything else universal. */
export function createFakeContext(extensionPath: string, log: FakeLog): { subscriptions: unknown[] } & object {
  return tolerant(
    {
      subscriptions: [] as unknown[],
      extensionPath,
      globalState: memento('context.globalState', log),
      workspaceState: memento('context.workspaceState', log),
      extensionMode: 1,
    },
    'context',
    log,
  );
}
